import type {RecordFilter, RecordsPage} from '../api/types.js';

/**
 * Pages of records, least recently used first out, bounded by the number of records held (a page of
 * 1,000 records costs ten times a page of 100). Keys include the page size: a page number means
 * nothing without it.
 */
export class PageCache {
	readonly #pages = new Map<string, RecordsPage>();
	#records = 0;

	constructor(readonly maxRecords = 5000) {}

	static key(filter: RecordFilter, pageSize: number, page: number): string {
		return `${filter}|${pageSize}|${page}`;
	}

	get size(): number {
		return this.#pages.size;
	}

	get records(): number {
		return this.#records;
	}

	get(key: string): RecordsPage | undefined {
		const page = this.#pages.get(key);
		if (page) {
			// Map keeps insertion order: re-inserting marks it most recently used.
			this.#pages.delete(key);
			this.#pages.set(key, page);
		}

		return page;
	}

	has(key: string): boolean {
		return this.#pages.has(key);
	}

	set(key: string, page: RecordsPage): void {
		this.delete(key);
		this.#pages.set(key, page);
		this.#records += page.results.length;
		for (const [oldest, value] of this.#pages) {
			// Always keep the page just stored, even if it alone is over the bound.
			if (this.#records <= this.maxRecords || oldest === key) {
				break;
			}

			this.#pages.delete(oldest);
			this.#records -= value.results.length;
		}
	}

	delete(key: string): void {
		const page = this.#pages.get(key);
		if (page) {
			this.#pages.delete(key);
			this.#records -= page.results.length;
		}
	}

	/** Forget every page of one filter (or of all filters). */
	clear(filter?: RecordFilter): void {
		if (filter === undefined) {
			this.#pages.clear();
			this.#records = 0;
			return;
		}

		for (const key of [...this.#pages.keys()]) {
			if (key.startsWith(`${filter}|`)) {
				this.delete(key);
			}
		}
	}
}
