// Watching what code under test asks of the API, around the real client (never a mocked fetch).

import type {ApiClient, RecordsPage, RecordsQuery} from '../../source/api/types.js';

/**
 * Wraps a client to see its record requests: how many are in flight, the pages asked for and answered,
 * and the signal each request was given. `onAnswer` runs when a page has arrived, before the caller gets it.
 */
export function observedClient(
	client: ApiClient,
	onAnswer?: (page: RecordsPage, query: RecordsQuery | undefined) => void,
) {
	const stats = {inFlight: 0, maxInFlight: 0, answered: 0, pages: [] as number[], signals: [] as AbortSignal[]};
	const observed: ApiClient = {
		baseUrl: client.baseUrl,
		listJobs: (...args) => client.listJobs(...args),
		getJob: (...args) => client.getJob(...args),
		uploadEmails: (...args) => client.uploadEmails(...args),
		abortAll: () => client.abortAll(),
		async getRecords(jobId, query, options) {
			stats.inFlight++;
			stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
			stats.pages.push(query?.page ?? 1);
			if (options?.signal) {
				stats.signals.push(options.signal);
			}

			try {
				const page = await client.getRecords(jobId, query, options);
				stats.answered++;
				onAnswer?.(page, query);
				return page;
			} finally {
				stats.inFlight--;
			}
		},
	};
	return {client: observed, stats};
}
