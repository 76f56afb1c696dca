// Every page of one status filter of a job, through a sliding window: pages handed over strictly in page
// order, at most `concurrency` of them asked for or held ahead of the consumer. The window refills only
// when the consumer pulls, so a slow consumer (an export waiting for its output to drain) bounds how far
// ahead this fetches: at most concurrency + 1 pages are held, the one being consumed and those in flight.
//
// A throttled API (429) is ridden out rather than failed: how many requests are in flight adapts (limit.ts:
// halved on a 429, grown back by one after a run of clean pages), the page that was refused is asked for
// again once the wait the API asked for (Retry-After) is over, and nothing else is sent meanwhile. The
// client itself retries a 429 a few times with a Retry-After of up to 10 s; what reaches this file is its
// final answer, rate-limited with the Retry-After it was told (perhaps longer than the client waits).

import {ApiError, abortedError, isApiError} from './errors.js';
import {AdaptiveLimit} from './limit.js';
import {RECORDS_PAGE_SIZE, type ApiClient, type RecordFilter, type RecordsPage} from './types.js';

export const DEFAULT_PAGE_CONCURRENCY = 4;
/** The longest one wait a 429 may ask for before reading gives up: an hour; the API's daily caps ask for more. */
export const DEFAULT_MAX_WAIT_MS = 60 * 60 * 1000;
/** 429s in a row, with no page answered between them, before reading gives up. */
export const DEFAULT_MAX_THROTTLES = 20;
/** Without a Retry-After, the waits double from 1 s up to this. */
const MAX_BACKOFF_MS = 60_000;

export interface ThrottleWait {
	/** How long nothing is sent, in ms. */
	readonly waitMs: number;
	/** Requests allowed in flight once it goes on. */
	readonly limit: number;
}

export interface PagesOptions {
	client: ApiClient;
	jobId: number;
	status: RecordFilter;
	/** Default: the largest the API allows. */
	pageSize?: number;
	/**
	 * The page to start from (default 1), for a reader that holds the pages before it already (a find
	 * that read a running job's filter, which has grown since). Past the filter's end: none, and shrank.
	 */
	firstPage?: number;
	/** Requests in flight at the most (and pages fetched ahead); fewer while the API throttles. */
	concurrency?: number;
	signal?: AbortSignal;
	/** Told when the API asked to slow down and reading waits; then told `undefined` when it goes on. */
	onWait?: (wait: ThrottleWait | undefined) => void;
	/** Longest single wait honoured, in ms; a 429 asking for longer fails at once. */
	maxWaitMs?: number;
	/** 429s in a row with no page between them before giving up. */
	maxThrottles?: number;
	/**
	 * Pages asked for at once before the first page says how many there are (default 1: the first page
	 * alone; at most `concurrency`). A guessed page that the first page then says does not exist is dropped:
	 * its request aborted, whatever it answered (an "Invalid page." 404, most likely) ignored.
	 */
	guessPages?: number;
	/**
	 * Every page but the last must hold `pageSize` records. A reader that places records by their position
	 * (page - 1) × pageSize + row (the find) asks for this: a server that keeps its own page size (DRF's
	 * max_page_size caps page_size) then stops the reading with a sentence, instead of records misplaced
	 * and a find that says "no match" for a record that is there.
	 */
	wholePages?: boolean;
}

export interface PagesResult {
	/**
	 * A page past the first answered "Invalid page.": the filter shrank while it was read (records moved to
	 * another status, or were deleted). Every page that still existed was yielded; reading stopped there.
	 */
	shrank: boolean;
}

/**
 * Yields every page of the filter, page 1 first, each exactly once. Page 1 says how many pages to read; a
 * later page that says more (a job still processing gains records) extends the reading to its new end. A
 * 429 is waited out (see above); any other failure rejects with the client's ApiError; an abort of `signal`
 * rejects at once with an ApiError of kind 'aborted' (also in the middle of a wait) and sends nothing more.
 * Ending (or breaking out of the loop) aborts the requests still in flight.
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

	const firstPage = options.firstPage ?? 1;
	if (!Number.isSafeInteger(firstPage) || firstPage < 1) {
		throw new RangeError(`firstPage must be a positive integer, got ${firstPage}`);
	}

	return pages(options, concurrency, pageSize, firstPage);
}

async function* pages(
	options: PagesOptions,
	concurrency: number,
	pageSize: number,
	firstPage: number,
): AsyncGenerator<RecordsPage, PagesResult, undefined> {
	const {client, jobId, status, signal, onWait} = options;
	const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
	const maxThrottles = options.maxThrottles ?? DEFAULT_MAX_THROTTLES;
	// One controller for every request: the caller's abort, a failed page, a shrunken filter or a consumer
	// that stopped pulling ends all of them.
	const controller = new AbortController();
	const onCallerAbort = () => controller.abort(signal?.reason);
	if (signal?.aborted) {
		onCallerAbort();
	} else {
		signal?.addEventListener('abort', onCallerAbort, {once: true});
	}

	const limit = new AdaptiveLimit({
		max: concurrency,
		onPause: waitMs => onWait?.(waitMs === undefined ? undefined : {waitMs, limit: limit.current}),
	});
	// 429s since the last page that was answered, whichever page they were for.
	let throttles = 0;

	/**
	 * One page, asked for again after each 429 once the wait is over, until it is answered or fails otherwise.
	 * `pageSignal` is the shared one, or for a guessed page one that also aborts when page 1 rules it out.
	 */
	const fetchPage = async (page: number, pageSignal: AbortSignal): Promise<RecordsPage> => {
		for (;;) {
			// eslint-disable-next-line no-await-in-loop
			const epoch = await limit.acquire(page, pageSignal);
			try {
				// A slot granted just before an abort (Esc, a new find) is given back without asking for anything.
				if (pageSignal.aborted) {
					throw abortError(pageSignal);
				}

				// eslint-disable-next-line no-await-in-loop
				const answer = await client.getRecords(jobId, {status, page, page_size: pageSize}, {signal: pageSignal});
				throttles = 0;
				limit.release(true);
				return answer;
			} catch (error) {
				const waitMs = pageSignal.aborted ? undefined : throttleWait(error, ++throttles);
				if (waitMs === undefined) {
					limit.release(false);
					throw error;
				}

				if (waitMs > maxWaitMs || throttles > maxThrottles) {
					limit.release(false);
					throw new ApiError(
						'rate-limited',
						waitMs > maxWaitMs
							? `The API is rate-limiting requests (429) and asked to wait ${duration(waitMs)}, longer than the ${duration(maxWaitMs)} this waits at the most. Try again later.`
							: `The API is still rate-limiting requests (429) after ${maxThrottles} waits in a row.`,
						// Asked again now, a wait that long is asked for again: only later can help.
						{status: 429, retryAfter: waitMs / 1000, retryable: waitMs <= maxWaitMs},
					);
				}

				limit.throttled(epoch, waitMs);
			}
		}
	};

	const window: Array<Promise<RecordsPage>> = [];
	// Until the first page answers, it is the only page known to exist, and the guessed ones are asked for too.
	let totalPages = firstPage + Math.max(1, Math.min(options.guessPages ?? 1, concurrency)) - 1;
	let nextPage = firstPage;
	// The first page has answered: the page count is known, not guessed.
	let counted = false;
	// The guessed pages' own aborts, for the ones the first page says do not exist.
	const guessed: AbortController[] = [];
	const fill = () => {
		while (window.length < concurrency && nextPage <= totalPages) {
			const page = nextPage++;
			let pageSignal = controller.signal;
			if (!counted && page > firstPage) {
				const guess = new AbortController();
				guessed.push(guess);
				pageSignal = AbortSignal.any([controller.signal, guess.signal]);
			}

			const request = fetchPage(page, pageSignal);
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
		for (let head = firstPage; window.length > 0; head++) {
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

			if (!counted) {
				counted = true;
				// The first page says how many there are: guessed pages past that are dropped, whatever they answer.
				totalPages = Math.max(firstPage, page.total_pages);
				const extra = nextPage - 1 - totalPages;
				if (extra > 0) {
					for (const guess of guessed.slice(-extra)) guess.abort(abortedError());
					// Their rejections are handled already (fill), and nobody waits for them.
					void window.splice(-extra);
					nextPage = totalPages + 1;
				}
			} else {
				totalPages = Math.max(totalPages, page.total_pages);
			}

			if (options.wholePages && head < totalPages && page.results.length !== pageSize) {
				throw new ApiError(
					'malformed',
					`The API sent ${page.results.length} records for page ${head} where ${pageSize} were asked for, and more pages follow: it keeps its own page size (page_size is documented from 1 to 1000), so the records cannot be placed.`,
				);
			}

			// Refilled before handing the page over, so the window works while the consumer does.
			fill();
			yield page;
		}

		return {shrank: false};
	} finally {
		controller.abort(abortedError());
		limit.close(abortedError());
		signal?.removeEventListener('abort', onCallerAbort);
	}
}

/** How long to wait before asking again after `error`, or undefined when it is not a 429. */
function throttleWait(error: unknown, throttles: number): number | undefined {
	if (!isApiError(error) || error.kind !== 'rate-limited') {
		return undefined;
	}

	const {retryAfter} = error;
	return retryAfter === undefined ? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (throttles - 1)) : retryAfter * 1000;
}

/** `45 s`, `12 min`, `2 h`: rounded up, for a message. */
function duration(ms: number): string {
	const seconds = Math.ceil(ms / 1000);
	if (seconds < 120) return `${seconds} s`;
	const minutes = Math.ceil(seconds / 60);
	return minutes < 120 ? `${minutes} min` : `${Math.ceil(minutes / 60)} h`;
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
