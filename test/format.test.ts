import {describe, expect, it} from 'vitest';
import {formatCount, localTime} from '../source/format.js';
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
			1.5,
			-2500.25,
		];
		for (let power = 0; power <= 15; power++) {
			values.push(10 ** power, 10 ** power - 1, 3 * 10 ** power + 7);
		}

		for (const value of values) {
			expect(formatCount(value), String(value)).toBe(value.toLocaleString('en-US'));
		}
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
