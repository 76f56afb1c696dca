// The endpoints of the eCore email-validation API. How a request travels (http.ts), when it is tried
// again (retry.ts), how its body is checked (validate.ts) and how a failure reads (errors.ts) live apart.
import type {KyInstance} from 'ky';
import {resolveBaseUrl} from './base-url.js';
import {rememberSecret} from '../text/redact.js';
import type {Branded} from '../text/untrusted.js';
import {ApiError, abortedError, toApiError, type ErrorContext} from './errors.js';
import {attemptFetch, BudgetSpentError, createHttp, MAX_TIMEOUT_MS} from './http.js';
import {CallBudget, readRetryOptions, resolveRetryPolicy, type RetryPolicy} from './retry.js';
import {jobDetailSchema, jobsPageSchema, recordsPageSchema} from './schemas.js';
import type {ApiClient, JobDetail, JobsPage, JobsQuery, RecordsPage, RecordsQuery, RequestOptions} from './types.js';
import {BODY_NAMES, readBody, type BodySchema} from './validate.js';

export type {RetryPolicy} from './retry.js';

export interface ClientOptions {
	baseUrl?: string;
	token: string;
	/** Per attempt, including reading the body; shortened when the call's budget has less left. Default 15000. */
	timeoutMs?: number;
	retry?: RetryPolicy;
	userAgent?: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
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

export function createClient(options: ClientOptions): ApiClient {
	const resolved = resolveBaseUrl(options.baseUrl);
	const token = options.token.trim();
	// Whatever the server says back is redacted of it (text/redact.ts): in every error, before any cut.
	rememberSecret(token);
	const setupError = resolved.ok ? checkToken(options.token) : resolved.error;
	const baseUrl = resolved.ok ? resolved.url.href : (options.baseUrl ?? '');
	const host = resolved.ok ? resolved.url.host : undefined;
	const requested = options.timeoutMs;
	const timeoutMs = Math.min(
		requested !== undefined && Number.isFinite(requested) && requested >= 1
			? Math.floor(requested)
			: DEFAULT_TIMEOUT_MS,
		MAX_TIMEOUT_MS,
	);
	const policy = resolveRetryPolicy(options.retry);
	const inFlight = new Set<AbortController>();
	const http: KyInstance | undefined =
		setupError === undefined
			? createHttp({baseUrl, token, timeoutMs, userAgent: options.userAgent ?? DEFAULT_USER_AGENT})
			: undefined;

	async function get<T>(
		path: string,
		query: RecordsQuery | JobsQuery | undefined,
		schema: BodySchema<T>,
		what: string,
		context: ErrorContext,
		requestOptions: RequestOptions | undefined,
	): Promise<Branded<T>> {
		if (setupError !== undefined || http === undefined) {
			throw setupError ?? new ApiError('insecure', 'The API client is not configured.');
		}

		const params = searchParams(query);
		if (params instanceof ApiError) {
			throw params;
		}

		const callerSignal = requestOptions?.signal;
		if (callerSignal?.aborted) {
			throw abortedError();
		}

		const controller = new AbortController();
		inFlight.add(controller);
		const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
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

			return readBody(schema, await response.text(), what, response.status);
		} finally {
			inFlight.delete(controller);
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

		abortAll(): void {
			for (const controller of inFlight) {
				controller.abort();
			}

			inFlight.clear();
		},
	};
}
