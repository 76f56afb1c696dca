import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {HOSTILE_PAYLOADS} from '../../source/demo/hostile.js';
import {sanitize} from '../../source/text/sanitize.js';
import {displayWidth, fit, padEnd, truncate, wrap} from '../../source/terminal/width.js';

const SAMPLES = [
	'',
	'alice@example.com',
	'山田太郎@例え.日本',
	'👩‍💻🎉📧 team@例え.jp',
	'Z̷̢̛a̸l̶g̴o̵',
	'e\u0301cole ｶﾞｷﾞ か\u3099',
	'🇯🇵🇺🇸 flags',
	'한국어 각',
	'naïve café 𝔘𝔫𝔦',
	...HOSTILE_PAYLOADS.map(({text}) => sanitize(text)),
];

describe('displayWidth', () => {
	it('agrees with string-width', () => {
		for (const text of SAMPLES) {
			expect(displayWidth(text), JSON.stringify(text)).toBe(stringWidth(text));
		}
	});

	it('counts wide characters twice and visible escapes by their length', () => {
		expect(displayWidth('山田')).toBe(4);
		expect(displayWidth('🎉')).toBe(2);
		expect(displayWidth(sanitize('\u001b[2J'))).toBe(7);
	});
});

describe('truncate', () => {
	it('leaves text that fits alone', () => {
		expect(truncate('abc', 3)).toBe('abc');
		expect(truncate('山田', 4)).toBe('山田');
	});

	it('cuts with an ellipsis', () => {
		expect(truncate('abcdef', 4)).toBe('abc…');
		expect(truncate('abcdef', 1)).toBe('…');
		expect(truncate('abcdef', 0)).toBe('');
	});

	it('never splits a wide character', () => {
		expect(truncate('山田太郎', 4)).toBe('山…');
		expect(truncate('山田太郎', 5)).toBe('山田…');
		expect(truncate('🎉🎉🎉', 4)).toBe('🎉…');
	});

	it('never splits a visible escape', () => {
		const text = sanitize('ab\u001b[2J');
		expect(text).toBe('ab\\x1b[2J');
		expect(truncate(text, 4)).toBe('ab…');
		expect(truncate(text, 6)).toBe('ab…');
		expect(truncate(text, 7)).toBe('ab\\x1b…');
		expect(truncate(sanitize('x\u202ey'), 6)).toBe('x…');
	});

	it('keeps combining marks with their letter', () => {
		expect(truncate('Z̷̢̛a̸l̶g̴o̵', 3)).toBe('Z̷̢̛a̸…');
	});

	it('never exceeds the width', () => {
		for (const text of SAMPLES) {
			for (let width = 0; width <= 24; width++) {
				const cut = truncate(text, width);
				expect(displayWidth(cut), `${JSON.stringify(text)} at ${width}`).toBeLessThanOrEqual(width);
				expect(text.startsWith(cut) || cut.endsWith('…')).toBe(true);
			}
		}
	});

	// How its time grows with the value (it stops early) is measured by `npm run bench -- 12`.
	it('cuts a 10,000-character escaped value to the width', () => {
		const long = sanitize(`${'\u001b[41m山'.repeat(2000)}`);
		const cut = truncate(long, 40);
		expect(displayWidth(cut)).toBeLessThanOrEqual(40);
		expect(cut.endsWith('…')).toBe(true);
		expect(long.startsWith(cut.slice(0, -1))).toBe(true);
	});
});

describe('padEnd and fit', () => {
	it('pads by display width', () => {
		expect(padEnd('山', 4)).toBe('山  ');
		expect(padEnd('abc', 2)).toBe('abc');
	});

	it('fits to exactly the width', () => {
		for (const text of SAMPLES) {
			for (let width = 0; width <= 24; width++) {
				expect(displayWidth(fit(text, width)), `${JSON.stringify(text)} at ${width}`).toBe(width);
			}
		}

		expect(fit('山田太郎', 5)).toBe('山田…');
		expect(fit('山田太郎', 4)).toBe('山… ');
	});
});

describe('wrap', () => {
	it('wraps at spaces', () => {
		expect(wrap('hello world this is a test', 10)).toEqual(['hello', 'world this', 'is a test']);
	});

	it('hard-breaks words longer than a line', () => {
		expect(wrap('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
		expect(wrap('to: aaaaaaaaaaaaaa', 6)).toEqual(['to:', 'aaaaaa', 'aaaaaa', 'aa']);
	});

	it('keeps line breaks of multiline text, including empty lines', () => {
		expect(wrap('first\n\nsecond line here', 8)).toEqual(['first', '', 'second', 'line', 'here']);
	});

	it('keeps indentation on the first line of a paragraph only', () => {
		expect(wrap('  indented text here', 12)).toEqual(['  indented', 'text here']);
	});

	it('breaks wide characters and visible escapes whole', () => {
		expect(wrap('山田太郎山田', 5)).toEqual(['山田', '太郎', '山田']);
		expect(wrap(sanitize('\u001b[31m\u001b[0m'), 6)).toEqual(['\\x1b[3', '1m\\x1b', '[0m']);
	});

	it('keeps every line within the width', () => {
		const texts = [...SAMPLES, sanitize(HOSTILE_PAYLOADS.map(({text}) => text).join(' '), {multiline: true})];
		for (const text of texts) {
			for (const width of [1, 2, 3, 5, 8, 13, 40]) {
				for (const line of wrap(text, width)) {
					expect(displayWidth(line), `${JSON.stringify(text.slice(0, 40))} at ${width}`).toBeLessThanOrEqual(width);
				}
			}
		}
	});

	it('loses no text except the spaces at breaks', () => {
		const text = sanitize('Mailbox unavailable: 550 5.1.1 <山田@例え.jp> user unknown\u001b[0m', {multiline: true});
		expect(wrap(text, 11).join('').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
	});
});
