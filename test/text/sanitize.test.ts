import {describe, expect, it} from 'vitest';
import {HOSTILE_PAYLOADS} from '../../source/demo/hostile.js';
import {sanitize, sanitizeForTsv} from '../../source/text/sanitize.js';

const ESC = '\u001b';

// Everything that must never reach the terminal, checked code unit by code unit.
function forbiddenUnits(output: string, allowNewline: boolean): string[] {
	const found: string[] = [];
	for (let index = 0; index < output.length; index++) {
		const code = output.charCodeAt(index);
		const isControl = code <= 0x1f || (code >= 0x7f && code <= 0x9f);
		const isInvisible =
			code === 0x061c ||
			(code >= 0x200b && code <= 0x200f) ||
			(code >= 0x202a && code <= 0x202e) ||
			(code >= 0x2066 && code <= 0x2069) ||
			code === 0x2060 ||
			code === 0xfeff;
		if ((isControl && !(allowNewline && code === 0x0a)) || isInvisible) {
			found.push(`U+${code.toString(16)} at ${index}`);
			continue;
		}

		if (code >= 0xd800 && code <= 0xdbff) {
			const next = output.charCodeAt(index + 1);
			if (!(next >= 0xdc00 && next <= 0xdfff)) {
				found.push(`lone high surrogate at ${index}`);
			}

			index++;
			continue;
		}

		if (code >= 0xdc00 && code <= 0xdfff) {
			found.push(`lone low surrogate at ${index}`);
		}
	}

	return found;
}

const EXTRA_PAYLOADS = [
	{name: 'every C0, DEL and C1', text: Array.from({length: 0xa0}, (_, code) => String.fromCharCode(code)).join('')},
	{name: 'osc 52 with ST', text: `${ESC}]52;c;ZWNobyBwd25lZA==${ESC}\\`},
	{name: 'nested and unterminated', text: `${ESC}]0;${ESC}[31m${ESC}P${ESC}`},
	{name: 'c1 dcs/apc/pm/sos/st', text: '\u0090x\u009c\u009fy\u009e\u0098z'},
	{name: 'bidi marks', text: 'a\u200eb\u200fc\u061cd'},
	{name: 'word joiner and bom', text: '\u2060\ufeffx'},
	{name: 'lone surrogate at start and end', text: '\udc00mid\ud800'},
	{name: 'reversed pair', text: '\udc00\ud800'},
	{name: 'tag characters', text: 'hi\u{e0041}\u{e007f}'},
	{name: 'line separators', text: 'a\u2028b\u2029c'},
	{name: 'crlf and lone cr', text: 'a\r\nb\rc\n\rd'},
];

const ALL = [...HOSTILE_PAYLOADS, ...EXTRA_PAYLOADS];

describe('sanitize', () => {
	describe.each(ALL)('$name', ({text}) => {
		it('emits nothing that acts on the terminal', () => {
			expect(forbiddenUnits(sanitize(text), false)).toEqual([]);
		});

		it('keeps only real line breaks in multiline mode', () => {
			expect(forbiddenUnits(sanitize(text, {multiline: true}), true)).toEqual([]);
		});

		it('is idempotent', () => {
			const once = sanitize(text);
			expect(sanitize(once)).toBe(once);
			const multiline = sanitize(text, {multiline: true});
			expect(sanitize(multiline, {multiline: true})).toBe(multiline);
		});

		it('loses no printable text', () => {
			const printable = text.replace(/[^\x20-\x7e]/g, '');
			const output = sanitize(text);
			let position = 0;
			for (const character of printable) {
				position = output.indexOf(character, position);
				expect(position).toBeGreaterThanOrEqual(0);
				position++;
			}
		});
	});

	it.each([
		['\u001b[2J', '\\x1b[2J'],
		['\u001b[31mred\u001b[0m', '\\x1b[31mred\\x1b[0m'],
		['\u001b]0;pwned\u0007', '\\x1b]0;pwned\\x07'],
		['\u001b]2;pwned\u001b\\', '\\x1b]2;pwned\\x1b\\'],
		['\u001b]52;c;ZWNobyBwd25lZA==\u0007', '\\x1b]52;c;ZWNobyBwd25lZA==\\x07'],
		[
			'\u001b]8;;https://evil.example/\u001b\\click\u001b]8;;\u001b\\',
			'\\x1b]8;;https://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\',
		],
		['\u001bP1$r0m\u001b\\', '\\x1bP1$r0m\\x1b\\'],
		['\u001b_Gf=100;AAAA\u001b\\', '\\x1b_Gf=100;AAAA\\x1b\\'],
		['\u001bc', '\\x1bc'],
		['\u001b7x\u001b8', '\\x1b7x\\x1b8'],
		['tail\u001b', 'tail\\x1b'],
		['\u009b2J', '\\x9b2J'],
		['\u009d0;title\u009c', '\\x9d0;title\\x9c'],
		['harmless\rEVIL', 'harmless\\rEVIL'],
		['good\b\bad', 'good\\x08\\x08ad'],
		['a\tb\u000bc', 'a\\tb\\x0bc'],
		['del\u007fete', 'del\\x7fete'],
		['nul\u0000', 'nul\\x00'],
		['one\ntwo\r\nthree', 'one\\ntwo\\r\\nthree'],
		['user\u202eexe.txt@evil.com', 'user\\u202eexe.txt@evil.com'],
		['ze\u200bro\ufeff', 'ze\\u200bro\\ufeff'],
		['bad\ud800pair\udfffend', 'bad\\ud800pair\\udfffend'],
		['hi\u{e0041}', 'hi\\u{e0041}'],
	])('escapes %j as %j', (input, expected) => {
		expect(sanitize(input)).toBe(expected);
	});

	it('keeps line breaks in multiline mode, normalising CRLF and escaping a lone CR', () => {
		expect(sanitize('one\ntwo\r\nthree\rfour\tfive', {multiline: true})).toBe('one\ntwo\nthree\\rfour\\tfive');
	});

	it('returns ordinary text unchanged, including wide characters, emoji and marks', () => {
		for (const text of ['alice@example.com', '山田太郎@例え.日本', '🎉📧 ok', 'Z̷̢̛a̸l̶g̴o̵', '😀', 'C:\\path\\x1b']) {
			expect(sanitize(text)).toBe(text);
		}
	});

	it('escapes the ZWJ inside an emoji sequence, which makes hidden joins visible', () => {
		expect(sanitize('👩\u200d💻')).toBe('👩\\u200d💻');
	});

	// How its time grows with the value (linearly) is measured by `npm run bench -- 12`.
	it('escapes 10,000-character strings whole', () => {
		const plain = 'x'.repeat(10_000);
		const hostile = `${ESC}[41m!`.repeat(2000);
		expect(sanitize(plain)).toBe(plain);
		expect(sanitize(hostile)).toBe('\\x1b[41m!'.repeat(2000));
	});
});

describe('sanitizeForTsv', () => {
	it('escapes tabs and line breaks so a field cannot split a record', () => {
		expect(sanitizeForTsv('a\tb\nc\r\nd')).toBe('a\\tb\\nc\\r\\nd');
		expect(sanitizeForTsv(`${ESC}[2J`)).toBe('\\x1b[2J');
	});

	it('prints null as an empty field and other values as text', () => {
		expect(sanitizeForTsv(null)).toBe('');
		expect(sanitizeForTsv(undefined)).toBe('');
		expect(sanitizeForTsv(42)).toBe('42');
		expect(sanitizeForTsv(false)).toBe('false');
	});
});
