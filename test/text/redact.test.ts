import {describe, expect, it} from 'vitest';
import {MIN_PIECE, REDACTED, redact, redactThenCut, rememberSecret} from '../../source/text/redact.js';

const TOKEN = 'redactTest_0123456789abcdefghijklmnopqrstu';
const SHORT = 'sh0rt7x';
rememberSecret(TOKEN);
rememberSecret(` ${SHORT} `);

/** Every piece of MIN_PIECE characters of the token that `text` still shows. */
function pieces(text: string, token = TOKEN): string[] {
	const found: string[] = [];
	for (let index = 0; index + MIN_PIECE <= token.length; index++) {
		const piece = token.slice(index, index + MIN_PIECE);
		if (text.includes(piece)) {
			found.push(piece);
		}
	}

	return found;
}

describe('redact', () => {
	it('replaces the whole token', () => {
		expect(redact(`Token ${TOKEN} refused`)).toBe(`Token ${REDACTED} refused`);
	});

	it('treats any piece of 8 characters of the token as the token', () => {
		for (let start = 0; start + MIN_PIECE <= TOKEN.length; start += 3) {
			for (const length of [MIN_PIECE, MIN_PIECE + 5, TOKEN.length - start]) {
				const piece = TOKEN.slice(start, start + length);
				const text = redact(`(${piece})`);
				expect(pieces(text), piece).toEqual([]);
				expect(text).toBe(`(${REDACTED})`);
			}
		}
	});

	it('leaves pieces shorter than 8 characters and other text alone', () => {
		expect(redact(`x${TOKEN.slice(3, 10)}y`)).toBe(`x${TOKEN.slice(3, 10)}y`);
		expect(redact('The API refused the token (401).')).toBe('The API refused the token (401).');
	});

	it('redacts two pieces apart, and joins overlapping ones into one', () => {
		const text = redact(`${TOKEN.slice(0, 12)} and ${TOKEN.slice(20, 30)}`);
		expect(text).toBe(`${REDACTED} and ${REDACTED}`);
		expect(redact(`${TOKEN}${TOKEN}`)).toBe(REDACTED);
	});

	it('hides a token shorter than 8 characters only whole (trimmed as it was given)', () => {
		expect(redact(`a ${SHORT} b`)).toBe(`a ${REDACTED} b`);
		expect(redact(`a ${SHORT.slice(0, 5)} b`)).toBe(`a ${SHORT.slice(0, 5)} b`);
	});
});

describe('redactThenCut', () => {
	it('redacts before it cuts, so a cut never leaves most of a token behind', () => {
		for (let offset = 0; offset < 80; offset++) {
			const text = `${'x'.repeat(offset)}${TOKEN} and more`;
			const {text: cut} = redactThenCut(text, 40);
			expect(pieces(cut), `offset ${offset}`).toEqual([]);
			expect(cut.length).toBeLessThanOrEqual(40);
		}
	});

	it('cuts a huge text to the window it shows, redacted', () => {
		const result = redactThenCut(`${TOKEN}${'y'.repeat(1_000_000)}`, 100);
		expect(result).toEqual({text: `${REDACTED}${'y'.repeat(100 - REDACTED.length)}`, cut: true});
	});
});
