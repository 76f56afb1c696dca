import {ApiError} from '../api/errors.js';
import {RECORDS_PAGE_SIZE, type ApiClient, type JobRecord, type RecordsPage} from '../api/types.js';
import {sameText, untrusted} from '../text/untrusted.js';

/**
 * The records of one error-breakdown group, served the way the API serves pages, so the records
 * browser shows a group with all its keys (paging, find, copy, detail) and no second code path.
 * Everything else (the job summary, other jobs) still comes from the API.
 */
export function groupClient(api: ApiClient, records: readonly JobRecord[]): ApiClient {
	return {
		baseUrl: api.baseUrl,
		listJobs: (query, options) => api.listJobs(query, options),
		getJob: (jobId, options) => api.getJob(jobId, options),
		uploadEmails: (request, options) => api.uploadEmails(request, options),
		async getRecords(_jobId, query = {}): Promise<RecordsPage> {
			const size = Math.min(RECORDS_PAGE_SIZE.max, query.page_size ?? RECORDS_PAGE_SIZE.default);
			const matching =
				query.status === undefined || query.status === 'All'
					? records
					: records.filter(record => sameText(record.status, query.status ?? 'All'));
			const totalPages = Math.max(1, Math.ceil(matching.length / size));
			const page = query.page ?? 1;
			if (page < 1 || page > totalPages) {
				throw new ApiError('invalid-page', 'That page does not exist.', {
					status: 404,
					serverMessage: untrusted('Invalid page.'),
				});
			}

			return {
				count: matching.length,
				total_pages: totalPages,
				current_page: page,
				next: null,
				previous: null,
				results: matching.slice((page - 1) * size, page * size),
			};
		},
		abortAll() {
			api.abortAll();
		},
	};
}
