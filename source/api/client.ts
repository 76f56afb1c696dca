// The endpoints of the eCore email-validation API. How a request travels (http.ts), when it is tried
// again (retry.ts), how its body is checked (validate.ts) and how a failure reads (errors.ts) live apart.
import type {KyInstance} from 'ky';
import {resolveBaseUrl} from './base-url.js';
import {rememberSecret} from '../text/redact.js';
import type {Branded} from '../text/untrusted.js';
import {ApiError, abortedError, outcomeUnknown, toApiError, type ErrorContext} from './errors.js';
import {attemptFetch, BudgetSpentError, createHttp, MAX_TIMEOUT_MS} from './http.js';
import {CallBudget, readRetryOptions, resolveRetryPolicy, type RetryPolicy} from './retry.js';
import {jobDetailSchema, jobsPageSchema, recordsPageSchema, uploadedJobSchema} from './schemas.js';
import type {
	ApiClient,
	JobDetail,
	JobsPage,
	JobsQuery,
	RecordsPage,
	RecordsQuery,
	RequestOptions,
	UploadEmailsRequest,
	UploadedJob,
} from './types.js';
import {BODY_NAMES, checkPage, readBody, type BodySchema} from './validate.js';

export type {RetryPolicy} from './retry.js';

export interface ClientOptions {
	baseUrl?: string;
	token: string;
	/** Per attempt, including reading the body; shortened when the call's budget has less left. Default 15000. */
	timeoutMs?: number;
	retry?: RetryPolicy;
	/**
	 * The upload's one attempt, sending included. Longer than a read's: a timeout there leaves the outcome
	 * unknown, which costs the person a look at the job list. Default 60000.
	 */
	uploadTimeoutMs?: number;
	userAgent?: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_UPLOAD_TIMEOUT_MS = 60_000;
// A request that creates something is sent once. Not on 5xx, not on a network error, not on a timeout:
// ky's limit 0 stops before any retry logic runs, and the empty method list says the same twice.
const NEVER_RETRY = {limit: 0, methods: [], shouldRetry: () => false};
const DEFAULT_USER_AGENT = 'ecore-records';

function checkToken(token: string): ApiError | undefined {
	if (token.trim() === '') {
		return new ApiError('auth', 'No API token is set. Log in with `ecore-records login` or set ECORE_API_TOKEN.');
	}

	// Never echo the token: a pasted token with a stray character is reported without quoting it.
	if (!/^[\x21-\x7e]+$/.test(token.trim())) {
		return new ApiError(
			'auth',
			'The API token contains spaces or characters that cannot be sent in a header. Log in again with `ecore-records login` or set ECORE_API_TOKEN.',
		);
	}

	return undefined;
}

function checkJobId(jobId: number): ApiError | undefined {
	return Number.isSafeInteger(jobId) && jobId > 0
		? undefined
		: new ApiError(
				'bad-request',
				'A job id is a positive whole number, as the job list shows (`ecore-records` with no job id).',
			);
}

function searchParams(query: RecordsQuery | JobsQuery | undefined): Record<string, string> | ApiError {
	const params: Record<string, string> = {};
	if (query?.status !== undefined) {
		params['status'] = query.status;
	}

	for (const key of ['page', 'page_size'] as const) {
		const value = query?.[key];
		if (value === undefined) {
			continue;
		}

		if (!Number.isSafeInteger(value) || value < 1) {
			return new ApiError('bad-request', `The ${key.replace('_', ' ')} must be a whole number of at least 1.`);
		}

		params[key] = String(value);
	}

	return params;
}

function milliseconds(requested: number | undefined, fallback: number): number {
	const value =
		requested !== undefined && Number.isFinite(requested) && requested >= 1 ? Math.floor(requested) : fallback;
	return Math.min(value, MAX_TIMEOUT_MS);
}

function checkUpload(request: UploadEmailsRequest): ApiError | undefined {
	const {emails, list_name: listName} = request;
	if (!Array.isArray(emails) || emails.length === 0) {
		return new ApiError('bad-request', 'There are no emails to upload.');
	}

	if (emails.some(email => typeof email !== 'string')) {
		return new ApiError('bad-request', 'Every email to upload must be text.');
	}

	return listName === undefined || typeof listName === 'string'
		? undefined
		: new ApiError('bad-request', 'The list name must be text.');
}

export function createClient(options: ClientOptions): ApiClient {
	const resolved = resolveBaseUrl(options.baseUrl);
	const token = options.token.trim();
	// Whatever the server says back is redacted of it (text/redact.ts): in every error, before any cut.
	rememberSecret(token);
	const setupError = resolved.ok ? checkToken(options.token) : resolved.error;
	const baseUrl = resolved.ok ? resolved.url.href : (options.baseUrl ?? '');
	const host = resolved.ok ? resolved.url.host : undefined;
	const timeoutMs = milliseconds(options.timeoutMs, DEFAULT_TIMEOUT_MS);
	const uploadTimeoutMs = milliseconds(options.uploadTimeoutMs, DEFAULT_UPLOAD_TIMEOUT_MS);
	const policy = resolveRetryPolicy(options.retry);
	const inFlight = new Set<AbortController>();
	const http: KyInstance | undefined =
		setupError === undefined
			? createHttp({baseUrl, token, timeoutMs, userAgent: options.userAgent ?? DEFAULT_USER_AGENT})
			: undefined;

	/**
	 * What every call starts with, in this order: the client's setup checked, the call's own arguments
	 * (`checked`: what the caller made of them, or why they are wrong), a caller's signal that has already
	 * fired refused; then a controller of the client's own (abortAll) joined with the caller's signal.
	 * `end` forgets the controller.
	 */
	function begin<A>(
		requestOptions: RequestOptions | undefined,
		checked: A | ApiError,
	): {http: KyInstance; args: A; signal: AbortSignal; end(): void} {
		if (setupError !== undefined || http === undefined) {
			throw setupError ?? new ApiError('insecure', 'The API client is not configured.');
		}

		if (checked instanceof ApiError) {
			throw checked;
		}

		const callerSignal = requestOptions?.signal;
		if (callerSignal?.aborted) {
			throw abortedError();
		}

		const controller = new AbortController();
		inFlight.add(controller);
		return {
			http,
			args: checked,
			signal: callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal,
			end() {
				inFlight.delete(controller);
			},
		};
	}

	async function get<T>(
		path: string,
		query: RecordsQuery | JobsQuery | undefined,
		schema: BodySchema<T>,
		what: string,
		context: ErrorContext,
		requestOptions: RequestOptions | undefined,
	): Promise<Branded<T>> {
		const {http, args: params, signal, end} = begin(requestOptions, searchParams(query));
		const budget = new CallBudget(policy.maxTotalMs, timeoutMs);
		try {
			let response: Response;
			try {
				response = await http.get(path, {
					searchParams: params,
					signal,
					retry: readRetryOptions(policy, budget, signal),
					fetch: attemptFetch(budget),
				});
			} catch (error) {
				if (signal.aborted) {
					throw abortedError();
				}

				// A retry whose wait ran past the deadline is never sent: report what made it necessary.
				const failure =
					error instanceof BudgetSpentError && budget.lastFailure !== undefined ? budget.lastFailure : error;
				throw await toApiError(
					failure,
					{...context, host, timeoutMs: budget.lastAttemptLimitMs, attempts: budget.attempts},
					{retryAfterCapMs: budget.refusedRetryAfter === undefined ? undefined : policy.maxRetryAfterMs},
				);
			}

			const body = readBody(schema, await response.text(), what, response.status);
			return checkPage(body, query, what, response.status);
		} finally {
			end();
		}
	}

	return {
		baseUrl,

		async listJobs(query?: JobsQuery, requestOptions?: RequestOptions): Promise<JobsPage> {
			return get(
				'email-validation/jobs/',
				query,
				jobsPageSchema,
				BODY_NAMES.jobs,
				{resource: 'jobs', page: query?.page},
				requestOptions,
			);
		},

		async getJob(jobId: number, requestOptions?: RequestOptions): Promise<JobDetail> {
			const invalid = checkJobId(jobId);
			if (invalid) {
				throw invalid;
			}

			return get(
				`email-validation/jobs/${jobId}/`,
				undefined,
				jobDetailSchema,
				BODY_NAMES.job,
				{resource: 'job', jobId},
				requestOptions,
			);
		},

		async getRecords(jobId: number, query?: RecordsQuery, requestOptions?: RequestOptions): Promise<RecordsPage> {
			const invalid = checkJobId(jobId);
			if (invalid) {
				throw invalid;
			}

			return get(
				`email-validation/jobs/${jobId}/records/`,
				query,
				recordsPageSchema,
				BODY_NAMES.records,
				{resource: 'records', jobId, page: query?.page},
				requestOptions,
			);
		},

		async uploadEmails(request: UploadEmailsRequest, requestOptions?: RequestOptions): Promise<UploadedJob> {
			const {http, signal, end} = begin(requestOptions, checkUpload(request));
			const budget = new CallBudget(uploadTimeoutMs, uploadTimeoutMs);
			const json =
				request.list_name === undefined
					? {emails: request.emails}
					: {emails: request.emails, list_name: request.list_name};
			try {
				let response: Response;
				try {
					response = await http.post('email-validation/jobs/upload/', {
						json,
						signal,
						timeout: uploadTimeoutMs,
						retry: NEVER_RETRY,
						fetch: attemptFetch(budget),
					});
				} catch (error) {
					if (signal.aborted) {
						// Once it has gone out, no longer listening does not take it back.
						throw budget.attempts === 0 ? abortedError() : outcomeUnknown('The upload was cancelled after it was sent');
					}

					const context: ErrorContext = {
						resource: 'upload',
						host,
						timeoutMs: budget.lastAttemptLimitMs,
						emailCount: request.emails.length,
					};
					throw await toApiError(error, context);
				}

				try {
					return readBody(uploadedJobSchema, await response.text(), BODY_NAMES.upload, response.status);
				} catch (error) {
					// The API said yes: a job was most likely created, only its id could not be read.
					const problem = error instanceof ApiError ? error.message : 'it could not be read';
					throw outcomeUnknown(
						`The API accepted the upload (${response.status}) but its answer could not be used (${problem})`,
						{status: response.status},
					);
				}
			} finally {
				end();
			}
		},

		abortAll(): void {
			for (const controller of inFlight) {
				controller.abort();
			}

			inFlight.clear();
		},
	};
}
