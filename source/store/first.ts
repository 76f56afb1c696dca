// The first screen's requests, sent as soon as the command line and the settings are known and before
// the screen's modules (Ink, React, the views) are loaded (commands/browse.ts): a job's summary and
// the page asked for, or the job list's first page. The screen that opens first adopts them: an answer
// already there is in its very first frame, one still on its way is joined, never asked for again.
import {inlinePage, withinInline, type PagePlace} from '../api/inline.js';
import {isApiError} from '../api/errors.js';
import type {ApiClient, JobDetail, JobsPage, RecordsPage} from '../api/types.js';

/** A request on its way, and its answer once it has come. */
export class Pending<T> {
	readonly promise: Promise<T>;
	#value: T | undefined;

	constructor(promise: Promise<T>) {
		this.promise = promise.then(value => {
			this.#value = value;
			return value;
		});
		// Whoever adopts it sees the failure; nobody may adopt it (the person quit first).
		this.promise.catch(() => undefined);
	}

	/** The answer, once it has come. */
	get value(): T | undefined {
		return this.#value;
	}
}

/** What the first screen is: a job's records at a place, or the job list at a page size. */
export type FirstScreen =
	({readonly kind: 'records'; readonly jobId: number} & PagePlace) | {readonly kind: 'jobs'; readonly pageSize: number};

export interface FirstRecords {
	readonly kind: 'records';
	readonly jobId: number;
	readonly place: PagePlace;
	readonly page: Pending<RecordsPage>;
	readonly job: Pending<JobDetail>;
}

export interface FirstJobs {
	readonly kind: 'jobs';
	readonly pageSize: number;
	readonly page: Pending<JobsPage>;
}

export type FirstRequests = FirstRecords | FirstJobs;

/**
 * Sends what `screen` shows first. A records page within the summary's inline records is taken from the
 * summary (one request); failing that, it is asked for once the summary has answered, or at once, in
 * parallel, when it cannot be inline.
 */
export function sendFirst(client: ApiClient, screen: Extract<FirstScreen, {kind: 'records'}>): FirstRecords;
export function sendFirst(client: ApiClient, screen: Extract<FirstScreen, {kind: 'jobs'}>): FirstJobs;
export function sendFirst(client: ApiClient, screen: FirstScreen): FirstRequests;
export function sendFirst(client: ApiClient, screen: FirstScreen): FirstRequests {
	if (screen.kind === 'jobs') {
		const page = client.listJobs({status: 'All', page: 1, page_size: screen.pageSize});
		return {kind: 'jobs', pageSize: screen.pageSize, page: new Pending(page)};
	}

	const {jobId, filter, page: number, pageSize} = screen;
	const place: PagePlace = {filter, page: number, pageSize};
	const records = () => client.getRecords(jobId, {status: filter, page: number, page_size: pageSize});
	const job = client.getJob(jobId);
	const page = withinInline(place)
		? job.then(
				detail => inlinePage(detail, place, client.baseUrl) ?? records(),
				// A summary that failed on its own (a body without the records, a 500) leaves the page to Job
				// Records; a refused token or a quit would only be said again.
				async (error: unknown) => {
					if (isApiError(error) && (error.kind === 'auth' || error.kind === 'aborted')) {
						throw error;
					}

					return records();
				},
			)
		: records();
	return {kind: 'records', jobId, place, page: new Pending(page), job: new Pending(job)};
}
