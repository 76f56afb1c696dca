// What the demo server sends and accepts, as plain JSON values and the documented constants. The
// client's domain types (api/types.ts) hold API text as Untrusted; a server builds the wire form, so it
// has its own types of the documented bodies, and its own copy of the documented values: the demo is a
// second implementation of the API docs, and a client mistake copied into it would go unnoticed.

/** Record statuses (job-records.md), in the order the demo's status codes index them. */
export const RECORD_STATUSES = ['Pending', 'Valid', 'Invalid', 'Unknown', 'Error'] as const;
/** Job statuses (list-jobs.md). */
export const JOB_STATUSES = ['Uploading', 'Processing', 'Processed', 'Failed'] as const;
/** page_size bounds and defaults (list-jobs.md, job-records.md). */
export const RECORDS_PAGE_SIZE = {max: 1000, default: 100} as const;
export const JOBS_PAGE_SIZE = {max: 100, default: 20} as const;

export interface WireRecord {
	id: number;
	ec_id: string | null;
	email: string;
	status: string;
	validator_used: string | null;
	is_cached: boolean;
	error_message: string | null;
	processed_at: string | null;
}

export interface WireJob {
	id: number;
	uuid: string;
	list_name: string;
	status: string;
	total_records: number;
	valid_count: number;
	invalid_count: number;
	unknown_count: number;
	total_credits_charged: number;
	credits_charged_at: string | null;
	created_at: string;
	started_at: string | null;
	completed_at: string | null;
	duration: string | null;
	results_summary: string;
}
