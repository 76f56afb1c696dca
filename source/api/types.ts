// Domain types of the eCore email-validation API, as documented in
// ../shared/reference/ecore-api/ (job-records.md, job-status.md, list-jobs.md).

export const RECORD_STATUSES = ['Pending', 'Valid', 'Invalid', 'Unknown', 'Error'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];
/** The `status` filter of Job Records: a record status or `All`. Order is the UI's order (keys 1–6). */
export const RECORD_FILTERS = [...RECORD_STATUSES, 'All'] as const;
export type RecordFilter = (typeof RECORD_FILTERS)[number];

export const JOB_STATUSES = ['Uploading', 'Processing', 'Processed', 'Failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const JOB_FILTERS = [...JOB_STATUSES, 'All'] as const;
export type JobFilter = (typeof JOB_FILTERS)[number];

export const VALIDATORS = ['ZeroBounce', 'RevenueBase', 'SMTP'] as const;

export interface JobRecord {
	id: number;
	ec_id: string | null;
	email: string;
	/** A documented RecordStatus, but kept as string: an unknown value from the server is shown, not rejected. */
	status: string;
	validator_used: string | null;
	is_cached: boolean;
	error_message: string | null;
	processed_at: string | null;
}

/** Field order of a record as the API sends it; the TSV/CSV outputs follow it. */
export const RECORD_FIELDS = [
	'id',
	'ec_id',
	'email',
	'status',
	'validator_used',
	'is_cached',
	'error_message',
	'processed_at',
] as const satisfies ReadonlyArray<keyof JobRecord>;

export interface Job {
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

/** Job Status adds the first 100 records inline. */
export interface JobDetail extends Job {
	records: JobRecord[];
}

/** The pagination envelope shared by List Jobs and Job Records. */
export interface Page<T> {
	count: number;
	total_pages: number;
	current_page: number;
	next: string | null;
	previous: string | null;
	results: T[];
}

export type RecordsPage = Page<JobRecord>;
export type JobsPage = Page<Job>;

export interface RecordsQuery {
	status?: RecordFilter;
	page?: number;
	page_size?: number;
}

export interface JobsQuery {
	status?: JobFilter;
	page?: number;
	page_size?: number;
}

/** Documented ranges. */
export const RECORDS_PAGE_SIZE = {min: 1, max: 1000, default: 100} as const;
export const JOBS_PAGE_SIZE = {min: 1, max: 100, default: 20} as const;
export const DEFAULT_BASE_URL = 'https://app.ecoreservice.com/backend/api/v1/';

export interface RequestOptions {
	signal?: AbortSignal;
}

/** What the rest of the program needs from the API. `api/client.ts` implements it with ky. */
export interface ApiClient {
	readonly baseUrl: string;
	listJobs(query?: JobsQuery, options?: RequestOptions): Promise<JobsPage>;
	getJob(jobId: number, options?: RequestOptions): Promise<JobDetail>;
	getRecords(jobId: number, query?: RecordsQuery, options?: RequestOptions): Promise<RecordsPage>;
	/** Aborts every request in flight (used on exit so the process never waits for a timeout). */
	abortAll(): void;
}
