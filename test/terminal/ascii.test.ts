// The lines on stderr where the locale is not UTF-8: ASCII, without the screen's width tables.
import {describe, expect, it} from 'vitest';
import {asciiLine} from '../../source/terminal/ascii.js';
import {toAscii} from '../../source/terminal/charset.js';

describe('asciiLine', () => {
	it('writes the characters the app uses as the screen does, and anything else as one ? each', () => {
		const ours = 'Export of job 7 “Leads” · 250 records — done… ✓';
		expect(asciiLine(ours)).toBe('Export of job 7 "Leads" . 250 records - done~ v');
		expect(asciiLine(ours)).toBe(toAscii(ours));
		expect(asciiLine('山田 and 😀 café')).toBe('?? and ? caf?');
		expect(asciiLine('plain ASCII\tline')).toBe('plain ASCII\tline');
	});
});
