import {describe, expect, it} from 'vitest';
import {isDumbTerminal, localeIsUtf8, toAscii} from '../../source/terminal/charset.js';
import {displayWidth} from '../../source/terminal/width.js';

describe('localeIsUtf8', () => {
	it('reads LC_ALL, then LC_CTYPE, then LANG, the first one set deciding', () => {
		expect(localeIsUtf8({})).toBe(true);
		expect(localeIsUtf8({LANG: 'en_US.UTF-8'})).toBe(true);
		expect(localeIsUtf8({LANG: 'C.utf8'})).toBe(true);
		expect(localeIsUtf8({LANG: 'C'})).toBe(false);
		expect(localeIsUtf8({LANG: 'POSIX'})).toBe(false);
		expect(localeIsUtf8({LANG: 'en_US.ISO-8859-1'})).toBe(false);
		expect(localeIsUtf8({LANG: 'en_US.UTF-8', LC_CTYPE: 'C'})).toBe(false);
		expect(localeIsUtf8({LANG: 'C', LC_CTYPE: 'en_US.UTF-8'})).toBe(true);
		expect(localeIsUtf8({LANG: 'en_US.UTF-8', LC_CTYPE: 'en_US.UTF-8', LC_ALL: 'C'})).toBe(false);
		expect(localeIsUtf8({LANG: 'C', LC_ALL: 'de_DE.UTF-8'})).toBe(true);
		// Set but empty counts as not set, as for the C library.
		expect(localeIsUtf8({LC_ALL: '', LANG: 'C'})).toBe(false);
	});

	it('knows TERM=dumb', () => {
		expect(isDumbTerminal({TERM: 'dumb'})).toBe(true);
		expect(isDumbTerminal({TERM: 'xterm-256color'})).toBe(false);
		expect(isDumbTerminal({})).toBe(false);
	});
});

describe('toAscii', () => {
	it('draws borders, markers and punctuation in ASCII, one column each', () => {
		expect(toAscii('┌──┬─┐')).toBe('+--+-+');
		expect(toAscii('│ ›42 │ Q1 “Leads” · 250 records … ✖ failed ⟳ ↑↓ ←→')).toBe(
			'| >42 | Q1 "Leads" . 250 records ~ x failed * ^v <>',
		);
	});

	it('keeps ASCII and escape sequences as they are', () => {
		const text = '\u001B[7m inverse \u001B[27m\r\n\u001B[2K plain ~!';
		expect(toAscii(text)).toBe(text);
	});

	it('replaces other text by ? for each column it takes, so the frame keeps its width', () => {
		for (const text of ['Müller', '山田@例え.jp', '👍🏽 ok', 'e\u0301', 'שלום']) {
			const ascii = toAscii(text);
			expect(ascii, text).toMatch(/^[\u0000-\u007F]*$/);
			expect(displayWidth(ascii), text).toBe(displayWidth(text));
		}

		expect(toAscii('山田')).toBe('????');
	});
});
