// Job Status answers with the job's first 100 records inline (job-status.md): the records Job Records
// gives for the status filter All, in the same order. A page that lies wholly within them is built from
// the summary, so a start that needs both asks once. Only when the inline list is what the docs promise
// (the first min(100, total_records) records): anything else is left to Job Records.
import {untrusted} from '../text/untrusted.js';
import {JOB_INLINE_RECORDS, type JobDetail, type RecordFilter, type RecordsPage} from './types.js';

export interface PagePlace {
	readonly filter: RecordFilter;
	readonly page: number;
	readonly pageSize: number;
}

/**
 * Whether `place` can be served by a job's inline records, before the summary is even asked for: page 1 at
 * the documented default page size (100) only. A server may keep its own page size whatever page_size asks
 * (DRF takes the parameter only when page_size_query_param is set); a page cut here at another size would
 * not meet the server's next page, and the records between them would never be shown.
 */
export function withinInline(place: PagePlace): boolean {
	return place.filter === 'All' && place.page === 1 && place.pageSize === JOB_INLINE_RECORDS;
}

/**
 * The page of Job Records at `place`, built from a Job Status answer; undefined when the summary cannot
 * stand for it. `baseUrl` is the client's, for the `next` and `previous` links as Django REST Framework
 * writes them.
 */
export function inlinePage(job: JobDetail, place: PagePlace, baseUrl: string): RecordsPage | undefined {
	const {page, pageSize} = place;
	const total = job.total_records;
	const inline = job.records;
	if (!withinInline(place) || inline.length !== Math.min(JOB_INLINE_RECORDS, total)) {
		return undefined;
	}

	// Django's paginator: an empty list still has its one (empty) first page.
	const totalPages = total === 0 ? 1 : Math.ceil(total / pageSize);
	const start = (page - 1) * pageSize;
	if (page > totalPages) {
		return undefined;
	}

	const link = (target: number) =>
		untrusted(`${baseUrl}email-validation/jobs/${job.id}/records/?page=${target}&page_size=${pageSize}&status=All`);
	return {
		count: total,
		total_pages: totalPages,
		current_page: page,
		next: page < totalPages ? link(page + 1) : null,
		previous: page > 1 ? link(page - 1) : null,
		results: inline.slice(start, start + pageSize),
	};
}
