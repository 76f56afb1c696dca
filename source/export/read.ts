// The reading side of an export, started on its own: page 1 (and the guessed page 2) are asked for the
// moment it starts, so the `export` command sends them before it loads the modules that write them, and
// the API answers while those load. exportRecords writes what it reads, and stops it.

import {pagesOf, type PagesResult, type ThrottleWait} from '../api/pages.js';
import type {ApiClient, RecordFilter, RecordsPage} from '../api/types.js';

export interface ReadOptions {
	client: ApiClient;
	jobId: number;
	status: RecordFilter;
	pageSize?: number;
	concurrency?: number;
	/** Stops the reading: requests in flight aborted, nothing more sent. */
	signal?: AbortSignal;
}

/** A wait a 429 asked for, and when it began (Date.now()). */
export interface Waiting extends ThrottleWait {
	readonly since: number;
}

export interface Reading {
	/** Page 1 (or why it could not be read), asked for when the reading started. */
	readonly first: Promise<IteratorResult<RecordsPage, PagesResult>>;
	/** The pages after page 1, each asked for ahead and handed over in order, pulled one at a time. */
	readonly pages: AsyncGenerator<RecordsPage, PagesResult, undefined>;
	/** The wait going on now, if the API asked for one: told to whoever writes, once it listens. */
	readonly waiting: Waiting | undefined;
	/** Told when a wait starts (and `undefined` when it ends); set by whoever writes the pages. */
	onWait: ((wait: ThrottleWait | undefined) => void) | undefined;
	/** Stops the reading at once: requests in flight aborted, nothing more sent. */
	abort(reason: unknown): void;
	/** Stops it and waits until it has stopped. */
	close(): Promise<void>;
}

/**
 * Starts reading every page of a filter (api/pages.ts, page 2 guessed: see below). Throws a RangeError,
 * before any request, for a page size or concurrency out of range.
 */
export function startReading(options: ReadOptions): Reading {
	const controller = new AbortController();
	const onCallerAbort = () => controller.abort(options.signal?.reason);
	if (options.signal?.aborted) onCallerAbort();
	else options.signal?.addEventListener('abort', onCallerAbort, {once: true});
	let waiting: Waiting | undefined;
	const pages = pagesOf({
		client: options.client,
		jobId: options.jobId,
		status: options.status,
		pageSize: options.pageSize,
		concurrency: options.concurrency,
		// Page 2 goes out with page 1 instead of one round trip (and page 1's checks) later: of the whole
		// export of a two-page filter, that is the wait for one page. A filter of one page costs one request
		// that answers "Invalid page." and is dropped.
		guessPages: 2,
		signal: controller.signal,
		onWait(wait) {
			waiting = wait === undefined ? undefined : {...wait, since: Date.now()};
			reading.onWait?.(wait);
		},
	});
	// A generator does nothing until pulled: this pull sends the first requests now.
	const first = pages.next();
	// Whoever writes sees a failure when it awaits page 1; until then (the output opening), keep Node quiet.
	first.catch(() => undefined);
	const reading: Reading = {
		first,
		pages,
		get waiting() {
			return waiting;
		},
		onWait: undefined,
		abort(reason) {
			controller.abort(reason);
		},
		async close() {
			controller.abort();
			options.signal?.removeEventListener('abort', onCallerAbort);
			await pages.return({shrank: false});
		},
	};
	return reading;
}
