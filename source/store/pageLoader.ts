import type {ApiClient, RecordFilter, RecordsPage} from '../api/types.js';
import {ApiError} from '../api/errors.js';
import {PageCache} from './pageCache.js';

interface Flight {
	readonly promise: Promise<RecordsPage>;
	readonly controller: AbortController;
	/** Callers still waiting; the request is aborted when the last one gives up. */
	waiters: number;
	readonly prefetch: boolean;
}

function abortedError(): ApiError {
	return new ApiError('aborted', 'The request was cancelled.');
}

/**
 * Fetches pages of one job's records through a bounded cache. A page asked for while it is already in
 * flight (say, being prefetched) joins that request instead of sending a second one. Prefetches run in
 * the background and are cancelled when the filter changes.
 */
export class PageLoader {
	readonly cache: PageCache;
	readonly #flights = new Map<string, Flight>();
	#client: ApiClient;

	constructor(
		client: ApiClient,
		readonly jobId: number,
		readonly pageSize: number,
		maxRecords = 5000,
	) {
		this.#client = client;
		this.cache = new PageCache(maxRecords);
	}

	/**
	 * Requests from now on go through `client` (a new token). What is in flight is aborted; cached pages
	 * stay, the records they hold did not change with the token.
	 */
	setClient(client: ApiClient): void {
		this.abortAll();
		this.#client = client;
	}

	/**
	 * A page already on its way (asked for before the screen existed) becomes this loader's request for
	 * it: `load` joins it instead of sending a second one, and its answer goes into the cache.
	 */
	adopt(filter: RecordFilter, page: number, promise: Promise<RecordsPage>): void {
		const key = this.#key(filter, page);
		if (this.cache.has(key) || this.#flights.has(key)) {
			return;
		}

		this.#track(key, promise, new AbortController(), false);
	}

	#key(filter: RecordFilter, page: number): string {
		return PageCache.key(filter, this.pageSize, page);
	}

	/** A cached page, without any request. */
	peek(filter: RecordFilter, page: number): RecordsPage | undefined {
		return this.cache.get(this.#key(filter, page));
	}

	#start(filter: RecordFilter, page: number, prefetch: boolean): Flight {
		const key = this.#key(filter, page);
		const controller = new AbortController();
		const request = this.#client.getRecords(
			this.jobId,
			{status: filter, page, page_size: this.pageSize},
			{signal: controller.signal},
		);
		return this.#track(key, request, controller, prefetch);
	}

	#track(key: string, request: Promise<RecordsPage>, controller: AbortController, prefetch: boolean): Flight {
		const promise = request
			.then(data => {
				this.cache.set(key, data);
				return data;
			})
			.finally(() => {
				if (this.#flights.get(key) === flight) {
					this.#flights.delete(key);
				}
			});
		// A prefetch nobody waits for must not become an unhandled rejection.
		promise.catch(() => undefined);
		const flight: Flight = {promise, controller, waiters: 0, prefetch};
		this.#flights.set(key, flight);
		return flight;
	}

	/**
	 * The page from the cache, or from the network. `force` skips the cache and any request in flight
	 * (reload). Aborting `signal` rejects with kind 'aborted' at once.
	 */
	async load(
		filter: RecordFilter,
		page: number,
		options: {signal?: AbortSignal; force?: boolean} = {},
	): Promise<RecordsPage> {
		const key = this.#key(filter, page);
		if (!options.force) {
			const cached = this.cache.get(key);
			if (cached) {
				return cached;
			}
		}

		let flight = this.#flights.get(key);
		// A flight whose last waiter just gave up is aborted but still listed until it settles.
		if (!flight || options.force || flight.controller.signal.aborted) {
			flight?.controller.abort();
			flight = this.#start(filter, page, false);
		}

		return this.#wait(flight, options.signal);
	}

	#wait(flight: Flight, signal: AbortSignal | undefined): Promise<RecordsPage> {
		if (signal?.aborted) {
			return Promise.reject(abortedError());
		}

		flight.waiters++;
		return new Promise<RecordsPage>((resolve, reject) => {
			const onAbort = () => {
				done();
				reject(abortedError());
			};

			const done = () => {
				signal?.removeEventListener('abort', onAbort);
				flight.waiters--;
				// Nobody wants a foreground page any more: stop it. A prefetch keeps going into the cache.
				if (flight.waiters === 0 && !flight.prefetch) {
					flight.controller.abort();
				}
			};

			signal?.addEventListener('abort', onAbort, {once: true});
			flight.promise.then(
				data => {
					done();
					resolve(data);
				},
				(error: unknown) => {
					done();
					reject(error);
				},
			);
		});
	}

	/** Fetches a page into the cache in the background, unless it is cached or already coming. */
	prefetch(filter: RecordFilter, page: number): void {
		const key = this.#key(filter, page);
		if (page < 1 || this.cache.has(key) || this.#flights.has(key)) {
			return;
		}

		this.#start(filter, page, true);
	}

	/** Cancels background fetches, except those of `keep` (the filter now on screen). */
	cancelPrefetches(keep?: RecordFilter): void {
		for (const [key, flight] of this.#flights) {
			if (flight.prefetch && flight.waiters === 0 && (keep === undefined || !key.startsWith(`${keep}|`))) {
				flight.controller.abort();
				this.#flights.delete(key);
			}
		}
	}

	get inFlight(): number {
		return this.#flights.size;
	}

	abortAll(): void {
		for (const flight of this.#flights.values()) {
			flight.controller.abort();
		}

		this.#flights.clear();
	}
}
