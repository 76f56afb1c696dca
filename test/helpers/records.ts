// Records for tests: the example record of the stored API docs, a record made to order, and every record
// of a filter read from an API the way a reference is read (page after page, the largest page size).
import type {ApiClient, JobRecord, RecordFilter} from '../../source/api/types.js';
import {brand, type Plain} from './text.js';

/** Record 9881 of job 42, as job-records.md shows it (the demo serves it too). */
export const DOC_RECORD = {
	id: 9881,
	ec_id: null,
	email: 'jane@acme.com',
	status: 'Valid',
	validator_used: 'ZeroBounce',
	is_cached: false,
	error_message: null,
	processed_at: '2026-05-06T11:42:31.412Z',
} as const satisfies Plain<JobRecord>;

/** The docs' record as the client hands it over (its strings untrusted). */
export const docRecord = (): JobRecord => brand({...DOC_RECORD});

/** An Error record `r<id>@example.com` that timed out, with `fields` changed. */
export function errorRecord(id: number, fields: Partial<Plain<JobRecord>> = {}): JobRecord {
	return brand({
		id,
		ec_id: null,
		email: `r${id}@example.com`,
		status: 'Error',
		validator_used: null,
		is_cached: false,
		error_message: 'timeout',
		processed_at: null,
		...fields,
	});
}

/** Every record of `filter`, one page of 1,000 after the other. */
export async function readFilter(client: ApiClient, jobId: number, filter: RecordFilter): Promise<JobRecord[]> {
	const records: JobRecord[] = [];
	for (let page = 1; ; page++) {
		const data = await client.getRecords(jobId, {status: filter, page, page_size: 1000});
		records.push(...data.results);
		if (page >= data.total_pages) {
			return records;
		}
	}
}
