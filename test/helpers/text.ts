// API text in tests: fixtures are branded like a parsed body (brand, untrusted), and what came from the
// API is read back as plain strings for assertions (plain, rawText). Tests may read raw text; views may not.
import type {Untrusted} from '../../source/text/untrusted.js';

export {brand, rawText, untrusted} from '../../source/text/untrusted.js';

/** The inverse of Branded: every Untrusted a string again. */
export type Plain<T> = T extends Untrusted
	? string
	: T extends ReadonlyArray<infer Item>
		? Array<Plain<Item>>
		: T extends object
			? {[Key in keyof T]: Plain<T[Key]>}
			: T;

/** A parsed value as plain strings, for assertions. A cast: nothing is copied. */
export function plain<T>(value: T): Plain<T> {
	return value as unknown as Plain<T>;
}
