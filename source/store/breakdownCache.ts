// The error breakdowns already fetched, per job and filter, for the whole session: a second `e` shows
// what the first one fetched at once (and refreshes it behind the groups while the job still runs).
// Without React or a network: the breakdown controller reads and fills it.
import type {RecordFilter} from '../api/types.js';
import type {Breakdown} from './breakdown.js';

export interface CachedBreakdown {
	readonly breakdown: Breakdown;
	/**
	 * The job was already finished (Processed, Failed…) when this was fetched, so its records could not
	 * change while they were read or since: nothing newer exists to fetch.
	 */
	readonly final: boolean;
}

/**
 * A breakdown holds up to 50,000 records (DEFAULT_MAX_RECORDS_KEPT): this many jobs' worth stay, the
 * least recently used going first, so a long session that visits many jobs stays within its memory.
 */
export const DEFAULT_CACHED_BREAKDOWNS = 4;

export class BreakdownCache {
	readonly #entries = new Map<string, CachedBreakdown>();

	constructor(private readonly capacity: number = DEFAULT_CACHED_BREAKDOWNS) {}

	get(jobId: number, status: RecordFilter): CachedBreakdown | undefined {
		const key = keyOf(jobId, status);
		const entry = this.#entries.get(key);
		if (entry) {
			// Most recently used last.
			this.#entries.delete(key);
			this.#entries.set(key, entry);
		}

		return entry;
	}

	set(jobId: number, status: RecordFilter, entry: CachedBreakdown): void {
		const key = keyOf(jobId, status);
		this.#entries.delete(key);
		this.#entries.set(key, entry);
		for (const oldest of this.#entries.keys()) {
			if (this.#entries.size <= this.capacity) {
				break;
			}

			this.#entries.delete(oldest);
		}
	}

	clear(): void {
		this.#entries.clear();
	}

	get size(): number {
		return this.#entries.size;
	}
}

function keyOf(jobId: number, status: RecordFilter): string {
	return `${jobId}\u0000${status}`;
}
