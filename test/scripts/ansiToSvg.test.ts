import {describe, expect, it} from 'vitest';
import {ansiToSvg} from '../../scripts/ansiToSvg.js';

describe('ansiToSvg', () => {
	it('draws each run at its cells, with its colours, and escapes the text', () => {
		const svg = ansiToSvg('\u001B[1mJob 7001\u001B[0m <a&b>\n\u001B[7m›9881\u001B[27m 山田', {
			columns: 20,
			rows: 2,
			cellWidth: 10,
			lineHeight: 20,
			title: 'a "picture"',
		});
		expect(svg).toContain('<title>a &quot;picture&quot;</title>');
		expect(svg).toContain(
			'x="12.0" y="27.6" textLength="80.0" lengthAdjust="spacingAndGlyphs" font-weight="bold">Job 7001</text>',
		);
		expect(svg).toContain('> &lt;a&amp;b&gt;</text>');
		// Inverse video: a background the width of the run, text in the swapped colour.
		expect(svg).toMatch(/<rect x="12.0" y="32.0" width="50.0" height="20" fill="rgb\(255,255,255\)"\/>/);
		// Wide characters take two cells each.
		expect(svg).toContain('textLength="50.0" lengthAdjust="spacingAndGlyphs"> 山田</text>');
		expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="224" height="64"')).toBe(true);
	});

	it('cuts what is wider or taller than the screen', () => {
		const svg = ansiToSvg(`${'x'.repeat(30)}\nsecond\nthird`, {columns: 10, rows: 2, cellWidth: 10, lineHeight: 20});
		expect(svg).toContain('textLength="100.0"');
		expect(svg).toContain('>second</text>');
		expect(svg).not.toContain('third');
	});
});
