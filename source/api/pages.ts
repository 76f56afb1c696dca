// Every page of one status filter of a job, through a sliding window: at most `concurrency` requests in
// flight, pages handed over strictly in page order. The window refills only when the consumer pulls, so a
// slow consumer (an export waiting for its output to drain) bounds how far ahead this fetches: at most
// concurrency + 1 pages are held, the one being consumed and those in flight.

import {abortedError, isApiError} from './errors.js';
import {RECORDS_PAGE_SIZE, type ApiClient, type RecordFilter, type RecordsPage} from './types.js';

export const DEFAULT_PAGE_CONCURRENCY = 4;

export interface PagesOptions {
	client: ApiClient;
	jobId: number;
	status: RecordFilter;
	/** Default: the largest the API allows. */
	pageSize?: number;
	/** Requests in flight at the most. */
	concurrency?: number;
	signal?: AbortSignal;
}

export interface PagesResult {
	/**
	 * A page past the first answered "Invalid page.": the filter shrank while it was read (records moved to
	 * another status, or were deleted). Every page that still existed was yielded; reading stopped there.
	 */
	shrank: boolean;
}

/**
 * Yields every page of the filter, page 1 first. Page 1 says how many pages to read; a later page that
 * says more (a job still processing gains records) extends the reading to its new end. Any other failure
 * rejects with the client's ApiError; an abort of `signal` rejects at once with an ApiError of kind
 * 'aborted' and sends nothing more. Ending (or breaking out of the loop) aborts the requests still in flight.
 * Throws a RangeError straight away, before any request, for a page size or concurrency out of range.
 */
export function pagesOf(options: PagesOptions): AsyncGenerator<RecordsPage, PagesResult, undefined> {
	const concurrency = options.concurrency ?? DEFAULT_PAGE_CONCURRENCY;
	const pageSize = options.pageSize ?? RECORDS_PAGE_SIZE.max;
	if (!Number.isInteger(concurrency) || concurrency < 1) {
		throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
	}

	if (!Number.isInteger(pageSize) || pageSize < RECORDS_PAGE_SIZE.min || pageSize > RECORDS_PAGE_SIZE.max) {
		throw new RangeError(`pageSize must be an integer from ${RECORDS_PAGE_SIZE.min} to ${RECORDS_PAGE_SIZE.max}`);
	}

	return pages(options, concurrency, pageSize);
}

async function* pages(
	{client, jobId, status, signal}: PagesOptions,
	concurrency: number,
	pageSize: number,
): AsyncGenerator<RecordsPage, PagesResult, undefined> {
	// One controller for every request: the caller's abort, a failed page, a shrunken filter or a consumer
	// that stopped pulling ends all of them.
	const controller = new AbortController();
	const onCallerAbort = () => controller.abort(signal?.reason);
	if (signal?.aborted) {
		onCallerAbort();
	} else {
		signal?.addEventListener('abort', onCallerAbort, {once: true});
	}

	const window: Array<Promise<RecordsPage>> = [];
	// Until page 1 answers, it is the only page known to exist.
	let totalPages = 1;
	let nextPage = 1;
	const fetchPage = (page: number): Promise<RecordsPage> =>
		client.getRecords(jobId, {status, page, page_size: pageSize}, {signal: controller.signal});
	const fill = () => {
		while (window.length < concurrency && nextPage <= totalPages) {
			const request = fetchPage(nextPage++);
			// A rejection is handled when its page reaches the head of the window; until then, keep Node quiet.
			request.catch(() => {});
			window.push(request);
		}
	};

	try {
		if (controller.signal.aborted) {
			throw abortError(controller.signal);
		}

		fill();
		for (let head = 1; window.length > 0; head++) {
			let page: RecordsPage;
			try {
				// Pages are handed over in order: each waits for the one before it.
				// eslint-disable-next-line no-await-in-loop
				page = await unlessAborted(window.shift()!, controller.signal);
			} catch (error) {
				// Fewer pages than page 1 said. Page 1 itself always exists (DRF serves an empty filter as an
				// empty page 1), so there this is a failure like any other.
				if (head > 1 && isApiError(error) && error.kind === 'invalid-page') {
					return {shrank: true};
				}

				throw error;
			}

			totalPages = Math.max(totalPages, page.total_pages);
			// Refilled before handing the page over, so the window works while the consumer does.
			fill();
			yield page;
		}

		return {shrank: false};
	} finally {
		controller.abort(abortedError());
		signal?.removeEventListener('abort', onCallerAbort);
	}
}

function abortError(signal: AbortSignal): unknown {
	const reason: unknown = signal.reason;
	return isApiError(reason) ? reason : abortedError();
}

/** Rejects as soon as `signal` aborts, whatever the request is waiting for. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => reject(abortError(signal));
		if (signal.aborted) {
			onAbort();
		} else {
			signal.addEventListener('abort', onAbort, {once: true});
		}

		// Attached even when already aborted, so the abandoned request's rejection is handled.
		promise.then(
			value => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}
