import {describe, expect, it} from 'vitest';
import {
	compactTime,
	countOf,
	formatCount,
	formatFraction,
	fractionOf,
	localTime,
	summaryText,
} from '../source/format.js';
import {untrusted} from './helpers/text.js';

describe('formatCount', () => {
	it('groups as en-US does, without making a NumberFormat for whole numbers', () => {
		const values = [
			0,
			7,
			42,
			999,
			1000,
			1234,
			99_999,
			100_000,
			120_000,
			1_234_567,
			-1,
			-1000,
			-98_765_432,
			Number.MAX_SAFE_INTEGER,
		];
		for (let power = 0; power <= 15; power++) {
			values.push(10 ** power, 10 ** power - 1, 3 * 10 ** power + 7);
		}

		for (const value of values) {
			expect(formatCount(value), String(value)).toBe(value.toLocaleString('en-US'));
		}
	});

	it('rounds what is not whole (a rate), grouped the same way', () => {
		expect(formatCount(1.5)).toBe('2');
		expect(formatCount(-2500.25)).toBe('-2,500');
		expect(formatCount(106_504.7)).toBe('106,505');
	});
});

describe('countOf', () => {
	it('is singular for exactly one and plural otherwise, with the count grouped', () => {
		expect(countOf(1, 'record')).toBe('1 record');
		expect(countOf(0, 'record')).toBe('0 records');
		expect(countOf(2, 'job')).toBe('2 jobs');
		expect(countOf(24_269, 'record')).toBe('24,269 records');
		expect(countOf(1, 'match', 'matches')).toBe('1 match');
		expect(countOf(3, 'match', 'matches')).toBe('3 matches');
	});
});

describe('fractions', () => {
	it('shows done of a total as 24,269 / 25,000, and results_summary the same way', () => {
		expect(formatFraction(24_269, 25_000)).toBe('24,269 / 25,000');
		expect(summaryText(untrusted('24269/25000'))).toBe('24,269 / 25,000');
		expect(summaryText(untrusted(' 250 / 250 '))).toBe('250 / 250');
		expect(fractionOf(untrusted('12/1500'))).toEqual({done: 12, total: 1500});
		// Anything else is the API's own text, sanitised.
		expect(summaryText(untrusted('done\u001b[2J'))).toBe('done\\x1b[2J');
		expect(fractionOf(untrusted('1/2/3'))).toBeUndefined();
	});
});

describe('compactTime', () => {
	// Noon UTC, so the local date is the same day in every time zone from UTC-11 to UTC+11.
	it('shows month and day this year, and the year when it is another', () => {
		expect(compactTime(untrusted('2026-05-06T12:00:00Z'), false, 2026)).toMatch(/^05-06 \d\d:\d\d$/);
		expect(compactTime(untrusted('2026-05-06T12:00:00Z'), true, 2026)).toBe('05-06');
		expect(compactTime(untrusted('2025-05-06T12:00:00Z'), false, 2026)).toBe('2025-05-06');
		expect(compactTime(untrusted('2025-05-06T12:00:00Z'), true, 2026)).toBe('2025');
		expect(compactTime(null, false, 2026)).toBe('—');
	});
});

describe('localTime', () => {
	it('shows the local wall time with its UTC offset', () => {
		const iso = '2026-05-06T13:42:31Z';
		const date = new Date(iso);
		const text = localTime(untrusted(iso))!;
		const offset = -date.getTimezoneOffset();
		const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19).replace('T', ' ');
		expect(text.startsWith(`${local} UTC`)).toBe(true);
		const sign = offset < 0 ? '-' : '+';
		const expected =
			offset === 0
				? 'UTC'
				: `UTC${sign}${Math.floor(Math.abs(offset) / 60)}${Math.abs(offset) % 60 ? `:${String(Math.abs(offset) % 60).padStart(2, '0')}` : ''}`;
		expect(text.endsWith(` ${expected}`)).toBe(true);
		expect(localTime(untrusted('not a date'))).toBeUndefined();
	});
});
