import {describe, expect, it} from 'vitest';
import {formatCount} from '../../source/ui/format.js';

describe('formatCount', () => {
	it('groups as en-US does, without making a NumberFormat for whole numbers', () => {
		const values = [0, 7, 42, 999, 1000, 1234, 99_999, 100_000, 120_000, 1_234_567, -1, -1000, -98_765_432, Number.MAX_SAFE_INTEGER, 1.5, -2500.25];
		for (let power = 0; power <= 15; power++) {
			values.push(10 ** power, 10 ** power - 1, 3 * 10 ** power + 7);
		}

		for (const value of values) {
			expect(formatCount(value), String(value)).toBe(value.toLocaleString('en-US'));
		}
	});
});
