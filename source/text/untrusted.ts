// Text from the API is a type of its own from the moment it is parsed (api/schemas.ts brands every
// string of every response). The compiler does not take an Untrusted value for a string: it cannot be
// a React child, an argument of a width function, part of a `+` or (by lint) of a template literal.
// `sanitize` (text/sanitize.ts) is the only function that makes printable text of it; `rawText`
// is the narrow way back to the bytes for logic (search, grouping) and for export files, and the
// views (source/ui/) may not import it (eslint.config.js). At run time both types are the plain
// string: branding costs nothing.

declare const untrustedBrand: unique symbol;
declare const safeBrand: unique symbol;

/** A string from the API, as the server sent it. Not a string to the compiler. */
export type Untrusted = {readonly [untrustedBrand]: 'Untrusted'};

/** Text that holds no control, escape, bidi or invisible character: what `sanitize` returns. */
export type SafeText = string & {readonly [safeBrand]: 'SafeText'};

/**
 * A parsed body's type as the client hands it on: every string in it Untrusted, recursively; numbers,
 * booleans and null stay what they are. Derived from the schemas, so a new field is Untrusted too.
 */
export type Branded<T> = T extends string | Untrusted
	? Untrusted
	: T extends ReadonlyArray<infer Item>
		? Array<Branded<Item>>
		: T extends object
			? {[Key in keyof T]: Branded<T[Key]>}
			: T;

/** Marks a string as API text (branding only ever takes safety away from a value, never adds it). */
export function untrusted(text: string): Untrusted {
	return text as unknown as Untrusted;
}

/** Marks a whole parsed value as API text, every string in it. A cast: nothing is copied. */
export function brand<T>(value: T): Branded<T> {
	return value as unknown as Branded<T>;
}

/**
 * The bytes as the server sent them, for logic (compare, search, group keys) and for files that must
 * hold the data exactly (export). Never for a terminal, the clipboard or a view: those take SafeText.
 */
export function rawText(text: Untrusted | string): string {
	return text as unknown as string;
}

/** Exact comparison with a known value (`sameText(record.status, 'Error')`). */
export function sameText(text: Untrusted | null, known: string): boolean {
	return (text as unknown as string | null) === known;
}

/** The moment a timestamp names; undefined when it is not a date (the caller shows it sanitised). */
export function timeOf(text: Untrusted): Date | undefined {
	const date = new Date(text as unknown as string);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A value of a known table (status → colour, validator → meaning) for API text, exact match only. */
export function lookup<V>(table: Readonly<Record<string, V>>, text: Untrusted | null): V | undefined {
	const key = text as unknown as string | null;
	return key !== null && Object.hasOwn(table, key) ? table[key] : undefined;
}
