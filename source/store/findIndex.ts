// What find searches: the email and ec_id of the records of one filter, by their place in the filter
// (record index = (page − 1) × page size + row, whatever the page size). Two sources fill it: the find's
// own reads, in the API's largest pages ("chunks"), and the page on screen, which overrides the chunks
// where they overlap (it is what the person sees, and often newer). Only email and ec_id are kept, as
// one lower-cased string per chunk, so a new query (a key typed) searches everything read without asking
// the API again. Bounded by records: past the bound the chunks read longest ago are dropped (and read
// again if a find needs them).

import {rawText, type Untrusted} from '../text/untrusted.js';

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

/** The page on screen: where it starts in the filter, its text, and its rows that match. */
interface Shown {
	readonly start: number;
	readonly page: PageText;
	readonly rows: readonly number[];
}

/**
 * What `next` found: a match (a record index in the filter), nothing, or a stretch of the filter not read
 * yet in the way (`at`, its first record index in the direction of travel).
 */
export type NextMatch =
	| {readonly kind: 'match'; readonly at: number; readonly wrapped: boolean}
	| {readonly kind: 'none'}
	| {readonly kind: 'unread'; readonly at: number};

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
	if (query === '') {
		return rows;
	}

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

/** How many of the sorted `values` are below `limit`. */
function below(values: readonly number[], limit: number): number {
	let low = 0;
	let high = values.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (values[middle]! < limit) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}

export class FindIndex {
	readonly #chunks = new Map<number, PageText>();
	readonly #chunkMatches = new Map<number, readonly number[]>();
	#records = 0;
	#shown: Shown | undefined;
	#query = '';
	/** Every match, as record indexes in the filter, sorted; rebuilt when something changed. */
	#all: number[] | undefined;

	/**
	 * @param chunkSize records per chunk: the page size the find reads with.
	 * @param maxRecords records of chunks kept at the most.
	 */
	constructor(
		readonly chunkSize: number,
		readonly maxRecords = 200_000,
	) {}

	/** The query matches are counted for ('' when none), lower-cased. */
	get query(): string {
		return this.#query;
	}

	/** Chunks held. */
	get size(): number {
		return this.#chunks.size;
	}

	/** Matches of the query in what is held. */
	get count(): number {
		return this.#matches().length;
	}

	/** Whether chunk `chunk` (1 for the filter's first `chunkSize` records) is held. */
	has(chunk: number): boolean {
		return this.#chunks.has(chunk);
	}

	/**
	 * Chunk `chunk` as read now (replacing what was held for it). A page longer than the page size asked for
	 * (a hostile server) is cut to it: its extra records would take the places of the next chunk's.
	 */
	addChunk(chunk: number, records: readonly Searchable[]): void {
		this.#dropChunk(chunk);
		const text = pageText(records.length > this.chunkSize ? records.slice(0, this.chunkSize) : records);
		this.#chunks.set(chunk, text);
		this.#records += text.starts.length;
		this.#setChunkMatches(chunk, search(text, this.#query));
		for (const oldest of this.#chunks.keys()) {
			if (this.#records <= this.maxRecords || oldest === chunk) {
				break;
			}

			this.#dropChunk(oldest);
		}
	}

	/** The page on screen, whose first record is record `start` of the filter. */
	setShown(start: number, records: readonly Searchable[]): void {
		const page = pageText(records);
		this.#shown = {start, page, rows: search(page, this.#query)};
		this.#all = undefined;
	}

	/** Searches everything held for `query` (case-insensitive). */
	setQuery(query: string): void {
		const lower = query.toLowerCase();
		if (lower === this.#query) {
			return;
		}

		this.#query = lower;
		this.#chunkMatches.clear();
		for (const [chunk, text] of this.#chunks) {
			this.#setChunkMatches(chunk, search(text, lower));
		}

		if (this.#shown) {
			this.#shown = {...this.#shown, rows: search(this.#shown.page, lower)};
		}

		this.#all = undefined;
	}

	/** How many matches come before record `at` of the filter. */
	rank(at: number): number {
		return below(this.#matches(), at);
	}

	/** Records of the first `total` of the filter that have been read (by the find or on screen). */
	searched(total: number): number {
		let covered = 0;
		for (const chunk of this.#chunks.keys()) {
			const start = (chunk - 1) * this.chunkSize;
			covered += Math.max(0, Math.min(total, start + this.chunkSize) - start);
		}

		const shown = this.#shownRange();
		if (shown) {
			for (let at = shown.start; at < Math.min(total, shown.end); at++) {
				if (!this.#chunks.has(this.#chunkOf(at))) {
					covered++;
				}
			}
		}

		return Math.min(total, covered);
	}

	/** The first chunk neither held nor wholly on screen: where a find's reading starts. */
	firstChunkToRead(): number {
		const shown = this.#shownRange();
		for (let chunk = 1; ; chunk++) {
			const start = (chunk - 1) * this.chunkSize;
			const onScreen = shown !== undefined && shown.start <= start && start + this.chunkSize <= shown.end;
			if (!this.#chunks.has(chunk) && !onScreen) {
				return chunk;
			}
		}
	}

	/**
	 * The first match from record `from` in `direction` (from itself too when `inclusive`), going on past
	 * the last of `total` records to the first (or back past the first to the last). Stops at a record in
	 * the way that has not been read, unless `skipUnread` (a find that stopped: what it did read still counts).
	 */
	next(from: number, direction: 1 | -1, total: number, inclusive = false, skipUnread = false): NextMatch {
		if (this.#query === '' || total < 1) {
			return {kind: 'none'};
		}

		const all = this.#matches();
		const inFilter = below(all, total);
		if (direction === 1) {
			const first = from + (inclusive ? 0 : 1);
			const after = below(all, first);
			const match = after < inFilter ? all[after] : undefined;
			const gap = skipUnread ? undefined : this.#firstUnread(first, match ?? total);
			if (gap !== undefined) return {kind: 'unread', at: gap};
			if (match !== undefined) return {kind: 'match', at: match, wrapped: false};
			// Round from the first record to where it started, that one included.
			const again = inFilter > 0 && all[0]! <= from ? all[0] : undefined;
			const gapAgain = skipUnread ? undefined : this.#firstUnread(0, again ?? Math.min(total, from + 1));
			if (gapAgain !== undefined) return {kind: 'unread', at: gapAgain};
			return again === undefined ? {kind: 'none'} : {kind: 'match', at: again, wrapped: true};
		}

		const last = Math.min(total - 1, from - (inclusive ? 0 : 1));
		const upTo = below(all, last + 1);
		const match = upTo > 0 ? all[upTo - 1] : undefined;
		const gap = skipUnread ? undefined : this.#lastUnread(match === undefined ? 0 : match + 1, last + 1);
		if (gap !== undefined) return {kind: 'unread', at: gap};
		if (match !== undefined) return {kind: 'match', at: match, wrapped: false};
		// Round from the last record back to where it started, that one included.
		const again = inFilter > 0 && all[inFilter - 1]! >= from ? all[inFilter - 1] : undefined;
		const gapAgain = skipUnread
			? undefined
			: this.#lastUnread(again === undefined ? Math.max(0, from) : again + 1, total);
		if (gapAgain !== undefined) return {kind: 'unread', at: gapAgain};
		return again === undefined ? {kind: 'none'} : {kind: 'match', at: again, wrapped: true};
	}

	/** Forgets everything read (the query stays). */
	clear(): void {
		this.#chunks.clear();
		this.#chunkMatches.clear();
		this.#records = 0;
		this.#shown = undefined;
		this.#all = undefined;
	}

	#chunkOf(at: number): number {
		return Math.floor(at / this.chunkSize) + 1;
	}

	#shownRange(): {start: number; end: number} | undefined {
		return this.#shown && {start: this.#shown.start, end: this.#shown.start + this.#shown.page.starts.length};
	}

	/** The first record of [from, to) not read, if any: a step per chunk held, never per record. */
	#firstUnread(from: number, to: number): number | undefined {
		const shown = this.#shownRange();
		for (let at = Math.max(0, from); at < to;) {
			if (this.#chunks.has(this.#chunkOf(at))) {
				at = this.#chunkOf(at) * this.chunkSize;
			} else if (shown && at >= shown.start && at < shown.end) {
				at = shown.end;
			} else {
				return at;
			}
		}

		return undefined;
	}

	/** The last record of [from, to) not read, if any. */
	#lastUnread(from: number, to: number): number | undefined {
		const shown = this.#shownRange();
		for (let at = to - 1; at >= Math.max(0, from);) {
			if (this.#chunks.has(this.#chunkOf(at))) {
				at = (this.#chunkOf(at) - 1) * this.chunkSize - 1;
			} else if (shown && at >= shown.start && at < shown.end) {
				at = shown.start - 1;
			} else {
				return at;
			}
		}

		return undefined;
	}

	#matches(): number[] {
		if (this.#all) {
			return this.#all;
		}

		const shown = this.#shownRange();
		const all: number[] = [];
		for (const [chunk, rows] of this.#chunkMatches) {
			const start = (chunk - 1) * this.chunkSize;
			for (const row of rows) {
				const at = start + row;
				if (!shown || at < shown.start || at >= shown.end) {
					all.push(at);
				}
			}
		}

		if (this.#shown) {
			for (const row of this.#shown.rows) {
				all.push(this.#shown.start + row);
			}
		}

		all.sort((a, b) => a - b);
		this.#all = all;
		return all;
	}

	#setChunkMatches(chunk: number, rows: readonly number[]): void {
		if (rows.length === 0) {
			this.#chunkMatches.delete(chunk);
		} else {
			this.#chunkMatches.set(chunk, rows);
		}

		this.#all = undefined;
	}

	#dropChunk(chunk: number): void {
		const held = this.#chunks.get(chunk);
		if (held) {
			this.#chunks.delete(chunk);
			this.#records -= held.starts.length;
			this.#setChunkMatches(chunk, []);
		}
	}
}
