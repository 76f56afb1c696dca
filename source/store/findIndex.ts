// What find searches: the email and ec_id of every record of one filter, page by page, as the pages
// arrive (shown, prefetched, or read by the find itself). Each page is kept as one lower-cased string, so
// a new query (a key typed) searches every page seen without asking the API again. Bounded by records:
// past the bound the pages seen longest ago are dropped (and read again if a find needs them).

import {rawText, type Untrusted} from '../text/untrusted.js';

/** A place in the filter: a page and a row of it. */
export interface RecordPlace {
	readonly page: number;
	readonly index: number;
}

export interface Searchable {
	readonly email: Untrusted;
	readonly ec_id: Untrusted | null;
}

interface PageText {
	/** `email NUL ec_id LF` per record, lower-cased: a query (never a control character) cannot span two. */
	readonly text: string;
	/** Where each record's line starts in `text`. */
	readonly starts: Int32Array;
}

/** What `next` found: a match, nothing in the whole filter, or a page not read yet in the way. */
export type NextMatch =
	| {readonly kind: 'match'; readonly place: RecordPlace; readonly wrapped: boolean}
	| {readonly kind: 'none'}
	| {readonly kind: 'unread'; readonly page: number};

function pageText(records: readonly Searchable[]): PageText {
	const starts = new Int32Array(records.length);
	const lines: string[] = [];
	let offset = 0;
	for (const [index, record] of records.entries()) {
		starts[index] = offset;
		// Lower-cased per line: it can change a string's length (İ), and the starts count what is kept.
		const line = `${rawText(record.email)}\u0000${rawText(record.ec_id ?? '')}\n`.toLowerCase();
		lines.push(line);
		offset += line.length;
	}

	return {text: lines.join(''), starts};
}

/** The rows of a page whose email or ec_id contains `query` (already lower-cased). */
function search(page: PageText, query: string): number[] {
	const rows: number[] = [];
	let from = 0;
	for (;;) {
		const at = page.text.indexOf(query, from);
		if (at < 0) {
			return rows;
		}

		const row = rowAt(page.starts, at);
		rows.push(row);
		// On to the next record: one match per record.
		from = row + 1 < page.starts.length ? page.starts[row + 1]! : page.text.length;
	}
}

function lastOf(rows: readonly number[], test: (row: number) => boolean): number | undefined {
	for (let index = rows.length - 1; index >= 0; index--) {
		if (test(rows[index]!)) {
			return rows[index];
		}
	}

	return undefined;
}

/** The record whose line holds offset `at`. */
function rowAt(starts: Int32Array, at: number): number {
	let low = 0;
	let high = starts.length - 1;
	while (low < high) {
		const middle = (low + high + 1) >> 1;
		if (starts[middle]! <= at) {
			low = middle;
		} else {
			high = middle - 1;
		}
	}

	return low;
}

export class FindIndex {
	readonly #pages = new Map<number, PageText>();
	#records = 0;
	#query = '';
	readonly #matches = new Map<number, readonly number[]>();
	#count = 0;

	constructor(readonly maxRecords = 200_000) {}

	/** The query matches are counted for ('' when none), lower-cased. */
	get query(): string {
		return this.#query;
	}

	/** Pages held. */
	get size(): number {
		return this.#pages.size;
	}

	/** Matches of the query in the pages held. */
	get count(): number {
		return this.#count;
	}

	has(page: number): boolean {
		return this.#pages.has(page);
	}

	/** A page as it is now (replacing what was held for it). */
	add(page: number, records: readonly Searchable[]): void {
		this.#drop(page);
		const text = pageText(records);
		this.#pages.set(page, text);
		this.#records += records.length;
		if (this.#query !== '') {
			this.#setMatches(page, search(text, this.#query));
		}

		for (const oldest of this.#pages.keys()) {
			if (this.#records <= this.maxRecords || oldest === page) {
				break;
			}

			this.#drop(oldest);
		}
	}

	/** Searches every page held for `query` (case-insensitive). */
	setQuery(query: string): void {
		const lower = query.toLowerCase();
		if (lower === this.#query) {
			return;
		}

		this.#query = lower;
		this.#matches.clear();
		this.#count = 0;
		if (lower === '') {
			return;
		}

		for (const [page, text] of this.#pages) {
			this.#setMatches(page, search(text, lower));
		}
	}

	/** Rows of `page` that match, in order (empty for a page not held). */
	matchesOn(page: number): readonly number[] {
		return this.#matches.get(page) ?? [];
	}

	/** How many matches come before `place` in the filter (pages not held count none). */
	rank(place: RecordPlace): number {
		let before = 0;
		for (const [page, rows] of this.#matches) {
			if (page < place.page) {
				before += rows.length;
			} else if (page === place.page) {
				before += rows.filter(row => row < place.index).length;
			}
		}

		return before;
	}

	/**
	 * The first match from `from` in `direction` (from itself too when `inclusive`), going on past the
	 * last page to the first (or back past the first to the last). Stops at a page in the way that is not
	 * held: a match may be there.
	 */
	next(from: RecordPlace, direction: 1 | -1, totalPages: number, inclusive = false): NextMatch {
		if (this.#query === '' || totalPages < 1) {
			return {kind: 'none'};
		}

		for (let step = 0; step <= totalPages; step++) {
			const raw = from.page + direction * step;
			const page = ((((raw - 1) % totalPages) + totalPages) % totalPages) + 1;
			const wrapped = direction === 1 ? raw > totalPages : raw < 1;
			if (!this.#pages.has(page)) {
				return {kind: 'unread', page};
			}

			const rows = this.matchesOn(page);
			let row: number | undefined;
			if (step === 0) {
				row =
					direction === 1
						? rows.find(each => (inclusive ? each >= from.index : each > from.index))
						: lastOf(rows, each => (inclusive ? each <= from.index : each < from.index));
			} else if (step === totalPages) {
				// Back on the page it started from: the rows before (or after) where it started, and that one.
				row = direction === 1 ? rows.find(each => each <= from.index) : lastOf(rows, each => each >= from.index);
			} else {
				row = direction === 1 ? rows[0] : rows.at(-1);
			}

			if (row !== undefined) {
				return {kind: 'match', place: {page, index: row}, wrapped: wrapped || step === totalPages};
			}
		}

		return {kind: 'none'};
	}

	clear(): void {
		this.#pages.clear();
		this.#matches.clear();
		this.#records = 0;
		this.#count = 0;
	}

	#setMatches(page: number, rows: readonly number[]): void {
		this.#count += rows.length - (this.#matches.get(page)?.length ?? 0);
		if (rows.length === 0) {
			this.#matches.delete(page);
		} else {
			this.#matches.set(page, rows);
		}
	}

	#drop(page: number): void {
		const held = this.#pages.get(page);
		if (held) {
			this.#pages.delete(page);
			this.#records -= held.starts.length;
			this.#setMatches(page, []);
		}
	}
}
