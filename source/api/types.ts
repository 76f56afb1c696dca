// Domain types of the eCore email-validation API, as documented in
// ../shared/reference/ecore-api/ (job-records.md, job-status.md, list-jobs.md).
import type * as v from 'valibot';
import type {Branded} from '../text/untrusted.js';
import type {
	jobDetailSchema,
	jobSchema,
	jobsPageSchema,
	recordSchema,
	recordsPageSchema,
	uploadedJobSchema,
} from './schemas.js';

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

/**
 * The domain types are the schemas' output with every string Untrusted (text/untrusted.ts): the schema
 * is the one description of a body, and a field added to it is API text to the compiler at once.
 */
export type JobRecord = Branded<v.InferOutput<typeof recordSchema>>;

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

export type Job = Branded<v.InferOutput<typeof jobSchema>>;

/** Job Status adds the first 100 records inline. */
export type JobDetail = Branded<v.InferOutput<typeof jobDetailSchema>>;

/** The pagination envelope shared by List Jobs and Job Records. */
export type RecordsPage = Branded<v.InferOutput<typeof recordsPageSchema>>;
export type JobsPage = Branded<v.InferOutput<typeof jobsPageSchema>>;

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
/** Job Status answers with this many of the job's first records inline (job-status.md). */
export const JOB_INLINE_RECORDS = 100;
export const DEFAULT_BASE_URL = 'https://app.ecoreservice.com/backend/api/v1/';

export interface RequestOptions {
	signal?: AbortSignal;
}

/** Upload Emails, the JSON option: the API strips, lowercases and deduplicates the emails itself. */
export interface UploadEmailsRequest {
	emails: readonly string[];
	/** The new job's display label; the API's default is "API Upload". */
	list_name?: string;
}

/** The 201 answer. The doc's example is cut off after `job_id`, so nothing else in it is relied on. */
export type UploadedJob = Branded<v.InferOutput<typeof uploadedJobSchema>>;

/** What the rest of the program needs from the API. `api/client.ts` implements it with ky. */
export interface ApiClient {
	readonly baseUrl: string;
	listJobs(query?: JobsQuery, options?: RequestOptions): Promise<JobsPage>;
	getJob(jobId: number, options?: RequestOptions): Promise<JobDetail>;
	getRecords(jobId: number, query?: RecordsQuery, options?: RequestOptions): Promise<RecordsPage>;
	/**
	 * Creates a job: spends credits, so it is sent once and never retried. Fails with an ApiError of kind
	 * 'rejected-emails' (RejectedEmailsError), 'insufficient-credits' (InsufficientCreditsError), 'auth', or
	 * 'outcome-unknown' when no clear answer came (the job may exist: look for it before sending again).
	 */
	uploadEmails(request: UploadEmailsRequest, options?: RequestOptions): Promise<UploadedJob>;
	/** Aborts every request in flight (used on exit so the process never waits for a timeout). */
	abortAll(): void;
}
