import ky, {isHTTPError, isTimeoutError, type KyInstance, type RetryOptions} from 'ky';
import {resolveBaseUrl} from './base-url.js';
import {
	ApiError,
	abortedError,
	describeError,
	fromHttpFailure,
	isAbort,
	isNetworkFailure,
	isTlsCode,
	malformedError,
	networkCode,
	type ErrorContext,
} from './errors.js';
import {BODY_NAMES, jobDetailSchema, jobsPageSchema, parseBody, recordsPageSchema, type BodySchema} from './schemas.js';
import type {ApiClient, JobDetail, JobsPage, JobsQuery, RecordsPage, RecordsQuery, RequestOptions} from './types.js';

// The client's public companions, so callers need only this module (the brief's surface).
export {describeError} from './errors.js';
export {isLoopbackHost} from './base-url.js';

export interface RetryPolicy {
	/** Retries after the first attempt. Default 3. */
	limit?: number;
	/** No retry starts if its wait would end later than this after the call began. Default 30000. */
	maxTotalMs?: number;
	/** Longest Retry-After honoured; a longer one fails at once as 'rate-limited'. Default 10000. */
	maxRetryAfterMs?: number;
	/** First backoff step; doubles each retry, with jitter. Default 300. */
	backoffBaseMs?: number;
}

export interface ClientOptions {
	baseUrl?: string;
	token: string;
	/** Per attempt, including reading the body. Default 15000. */
	timeoutMs?: number;
	retry?: RetryPolicy;
	userAgent?: string;
}

const DEFAULTS = {
	timeoutMs: 15_000,
	limit: 3,
	maxTotalMs: 30_000,
	maxRetryAfterMs: 10_000,
	backoffBaseMs: 300,
	backoffCapMs: 8000,
	userAgent: 'ecore-records',
} as const;

const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
// A records page of 1000 rows is well under 1 MB; anything near this is not a page.
const MAX_BODY_BYTES = 32 * 1024 * 1024;

class BodyTooLargeError extends Error {
	override readonly name = 'BodyTooLargeError';
}

/** Per-call bookkeeping shared by the fetch wrapper and the retry decision. */
interface CallState {
	readonly startedAt: number;
	attempts: number;
	nextDelayMs: number;
	/** Set when the server asked for a longer Retry-After than the cap (seconds). */
	refusedRetryAfter: number | undefined;
}

/** Retry-After as seconds (delta-seconds or HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
	if (value === null) {
		return undefined;
	}

	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) {
		return Number(text);
	}

	// Only an HTTP date has letters; Date.parse would also read "-5" as the year 5 BC.
	const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Reads the whole body inside the attempt, so ky's per-attempt timeout and retries also cover a
 * server that sends headers and then stalls or drops the connection halfway through the body.
 */
async function bufferedFetch(input: Request, init?: RequestInit): Promise<Response> {
	const response = await globalThis.fetch(input, init);
	const length = Number(response.headers.get('content-length'));
	if (length > MAX_BODY_BYTES) {
		void response.body?.cancel().catch(() => undefined);
		throw new BodyTooLargeError(`the body is ${length} bytes`);
	}

	const chunks: Uint8Array[] = [];
	let size = 0;
	if (response.body) {
		const reader = response.body.getReader();
		for (;;) {
			// eslint-disable-next-line no-await-in-loop
			const {done, value} = await reader.read();
			if (done) {
				break;
			}

			size += value.byteLength;
			if (size > MAX_BODY_BYTES) {
				void reader.cancel().catch(() => undefined);
				throw new BodyTooLargeError(`the body is over ${MAX_BODY_BYTES} bytes`);
			}

			chunks.push(value);
		}
	}

	const body = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		body.set(chunk, offset);
		offset += chunk.byteLength;
	}

	return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
		status: response.status,
		statusText: response.statusText,
		headers: response.headers,
	});
}

function nonNegativeInteger(value: number | undefined, fallback: number): number {
	return value !== undefined && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

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
		: new ApiError('bad-request', 'A job id is a positive whole number, as listed by `ecore-records jobs`.');
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

/** Removes the token from a message, should anything ever have echoed it. */
function redact(error: ApiError, token: string): ApiError {
	if (token.length < 4) {
		return error;
	}

	const leaks = [error.message, error.serverMessage ?? ''].some(text => text.includes(token));
	if (!leaks) {
		return error;
	}

	const scrub = (text: string) => text.split(token).join('[token]');
	return new ApiError(error.kind, scrub(error.message), {
		status: error.status,
		serverMessage: error.serverMessage === undefined ? undefined : scrub(error.serverMessage),
		retryAfter: error.retryAfter,
	});
}

export function createClient(options: ClientOptions): ApiClient {
	const resolved = resolveBaseUrl(options.baseUrl);
	const token = options.token.trim();
	const setupError = resolved.ok ? checkToken(options.token) : resolved.error;
	const baseUrl = resolved.ok ? resolved.url.href : (options.baseUrl ?? '');
	const host = resolved.ok ? resolved.url.host : undefined;

	// ky rejects timeouts above setTimeout's 32-bit limit.
	const timeoutMs = Math.min(
		nonNegativeInteger(options.timeoutMs, DEFAULTS.timeoutMs) || DEFAULTS.timeoutMs,
		2_147_483_647,
	);
	const limit = nonNegativeInteger(options.retry?.limit, DEFAULTS.limit);
	const maxTotalMs = nonNegativeInteger(options.retry?.maxTotalMs, DEFAULTS.maxTotalMs);
	const maxRetryAfterMs = nonNegativeInteger(options.retry?.maxRetryAfterMs, DEFAULTS.maxRetryAfterMs);
	const backoffBaseMs = nonNegativeInteger(options.retry?.backoffBaseMs, DEFAULTS.backoffBaseMs);

	const inFlight = new Set<AbortController>();

	let http: KyInstance | undefined;
	if (setupError === undefined && resolved.ok) {
		http = ky.create({
			prefixUrl: baseUrl,
			headers: {
				Authorization: `Token ${token}`,
				Accept: 'application/json',
				'User-Agent': options.userAgent ?? DEFAULTS.userAgent,
			},
			timeout: timeoutMs,
			// A redirect could carry the Authorization header to another origin, or downgrade to http.
			redirect: 'manual',
			throwHttpErrors: true,
		});
	}

	function backoff(retryCount: number): number {
		const step = Math.min(DEFAULTS.backoffCapMs, backoffBaseMs * 2 ** (retryCount - 1));
		// "Equal jitter": half fixed so retries stay spaced out, half random so clients do not line up.
		return step / 2 + Math.random() * (step / 2);
	}

	/**
	 * The single place that decides whether to retry and how long to wait. It always answers true or
	 * false, so ky's own status/Retry-After logic never runs; ky's `delay` then returns what was chosen.
	 */
	function retryOptions(state: CallState, signal: AbortSignal): RetryOptions {
		return {
			limit,
			methods: ['get'],
			statusCodes: RETRY_STATUSES,
			afterStatusCodes: [429, 503],
			// Unused while shouldRetry decides, but without a cap ky would wait as long as the server asks.
			maxRetryAfter: maxRetryAfterMs,
			retryOnTimeout: true,
			jitter: undefined,
			delay: () => state.nextDelayMs,
			shouldRetry({error, retryCount}) {
				if (signal.aborted || isAbort(error) || error instanceof BodyTooLargeError) {
					return false;
				}

				let waitMs: number;
				if (isHTTPError(error)) {
					const {status} = error.response;
					if (!RETRY_STATUSES.includes(status)) {
						return false;
					}

					const retryAfter = parseRetryAfter(error.response.headers.get('retry-after'));
					if (retryAfter !== undefined && retryAfter * 1000 > maxRetryAfterMs) {
						state.refusedRetryAfter = retryAfter;
						return false;
					}

					waitMs = retryAfter === undefined ? backoff(retryCount) : retryAfter * 1000;
				} else if (isTimeoutError(error)) {
					waitMs = backoff(retryCount);
				} else if (isNetworkFailure(error) && !isTlsCode(networkCode(error))) {
					waitMs = backoff(retryCount);
				} else {
					return false;
				}

				if (Date.now() - state.startedAt + waitMs > maxTotalMs) {
					return false;
				}

				state.nextDelayMs = waitMs;
				return true;
			},
		};
	}

	async function toApiError(error: unknown, context: ErrorContext, state: CallState): Promise<ApiError> {
		if (isHTTPError(error)) {
			let body: string | undefined;
			try {
				body = await error.response.text();
			} catch {
				body = undefined;
			}

			const retryAfter = parseRetryAfter(error.response.headers.get('retry-after'));
			return fromHttpFailure(
				{
					status: error.response.status,
					statusText: error.response.statusText,
					body,
					retryAfter,
					retryAfterCapMs: state.refusedRetryAfter === undefined ? undefined : maxRetryAfterMs,
				},
				context,
			);
		}

		if (error instanceof BodyTooLargeError) {
			return malformedError('response', error.message);
		}

		return describeError(error, context);
	}

	async function get<T>(
		path: string,
		query: RecordsQuery | JobsQuery | undefined,
		schema: BodySchema<T>,
		what: string,
		context: ErrorContext,
		requestOptions: RequestOptions | undefined,
	): Promise<T> {
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
		const state: CallState = {startedAt: Date.now(), attempts: 0, nextDelayMs: 0, refusedRetryAfter: undefined};
		const fullContext: ErrorContext = {...context, host, timeoutMs};

		try {
			let response: Response;
			try {
				response = await http.get(path, {
					searchParams: params,
					signal,
					retry: retryOptions(state, signal),
					fetch: async (input, init) => {
						state.attempts++;
						return bufferedFetch(input as Request, init);
					},
				});
			} catch (error) {
				if (signal.aborted) {
					throw abortedError();
				}

				throw redact(await toApiError(error, {...fullContext, attempts: state.attempts}, state), token);
			}

			const text = await response.text();
			const parsed = parseBody(schema, text);
			if (!parsed.ok) {
				throw malformedError(what, parsed.problem, response.status);
			}

			return parsed.value;
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
