// The retry policy of reads: ky's own retry options say which requests, which statuses, how many times,
// how the backoff grows and how Retry-After is honoured; `shouldRetry` only vetoes what ky cannot
// express: a cancelled call, an answer that cannot get better, a wait longer than the server may ask
// for, and the call's wall-clock budget (all attempts, waits and slow answers together).
import {isHTTPError, isTimeoutError, type RetryOptions} from 'ky';
import {BodyTooLargeError, BudgetSpentError, isAbort, isNetworkFailure, isTlsCode, networkCode} from './http.js';

export interface RetryPolicy {
	/** Retries after the first attempt. Default 3. */
	limit?: number;
	/**
	 * The whole call (every attempt, every wait, slow answers included) ends within this many
	 * milliseconds. Default 30000.
	 */
	maxTotalMs?: number;
	/** Longest Retry-After honoured; a longer one fails at once as 'rate-limited'. Default 10000. */
	maxRetryAfterMs?: number;
	/** First backoff step; doubles each retry, with jitter. Default 300. */
	backoffBaseMs?: number;
}

export type ResolvedRetryPolicy = Readonly<Required<RetryPolicy>>;

export const RETRY_DEFAULTS: ResolvedRetryPolicy = {
	limit: 3,
	maxTotalMs: 30_000,
	maxRetryAfterMs: 10_000,
	backoffBaseMs: 300,
};

/** Statuses a read is retried on. */
export const RETRY_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];
/** Statuses on which the server's Retry-After sets the wait (DRF's throttling sends it with 429). */
const RETRY_AFTER_STATUSES: readonly number[] = [429, 503];
const BACKOFF_CAP_MS = 8000;

function nonNegativeInteger(value: number | undefined, fallback: number): number {
	return value !== undefined && Number.isFinite(value) && value >= 0 ? Math.floor(value) : fallback;
}

export function resolveRetryPolicy(policy: RetryPolicy | undefined): ResolvedRetryPolicy {
	return {
		limit: nonNegativeInteger(policy?.limit, RETRY_DEFAULTS.limit),
		// A budget of 0 would not even let the first attempt go out.
		maxTotalMs: nonNegativeInteger(policy?.maxTotalMs, RETRY_DEFAULTS.maxTotalMs) || RETRY_DEFAULTS.maxTotalMs,
		maxRetryAfterMs: nonNegativeInteger(policy?.maxRetryAfterMs, RETRY_DEFAULTS.maxRetryAfterMs),
		backoffBaseMs: nonNegativeInteger(policy?.backoffBaseMs, RETRY_DEFAULTS.backoffBaseMs),
	};
}

/** One call's clock: its deadline, its attempts, and what the retry decision learned on the way. */
export class CallBudget {
	readonly deadline: number;
	attempts = 0;
	/** The longest the latest attempt was allowed to take (its timeout, or less when the budget was nearly spent). */
	lastAttemptLimitMs: number;
	/** Seconds the server asked to wait, when that was longer than the policy allows. */
	refusedRetryAfter: number | undefined;
	/** The latest failure the retry decision saw (what to report if a late attempt is never sent). */
	lastFailure: unknown;
	#attemptStartedAt: number;

	constructor(
		totalMs: number,
		readonly attemptTimeoutMs: number,
		private readonly now: () => number = Date.now,
	) {
		this.#attemptStartedAt = now();
		this.deadline = this.#attemptStartedAt + totalMs;
		this.lastAttemptLimitMs = attemptTimeoutMs;
	}

	remaining(): number {
		return this.deadline - this.now();
	}

	attemptStarted(): void {
		this.attempts++;
		this.#attemptStartedAt = this.now();
		this.lastAttemptLimitMs = Math.min(this.attemptTimeoutMs, Math.max(0, this.remaining()));
	}

	/** How long the latest attempt has taken so far (all of it, once it has failed). */
	lastAttemptMs(): number {
		return this.now() - this.#attemptStartedAt;
	}
}

// The headers ky reads, in ky's order (ky 1.x, Ky.#calculateRetryDelay): the budget must plan with
// the very wait ky will take.
const RETRY_AFTER_HEADERS = [
	'Retry-After',
	'RateLimit-Reset',
	'X-RateLimit-Retry-After',
	'X-RateLimit-Reset',
	'X-Rate-Limit-Reset',
] as const;
const TIMESTAMP_FROM = Date.parse('2024-01-01');

/**
 * The wait in milliseconds the server asked for, read as ky reads it: seconds, an HTTP date, or a
 * number so large it is a Unix time. Undefined when no such header is there; NaN when it is there but
 * unreadable. May be negative (a date in the past).
 */
export function serverWaitMs(headers: Headers, now = Date.now()): number | undefined {
	let value: string | null = null;
	for (const name of RETRY_AFTER_HEADERS) {
		value = headers.get(name);
		if (value !== null) {
			break;
		}
	}

	if (!value) {
		return undefined;
	}

	const seconds = Number(value) * 1000;
	if (Number.isNaN(seconds)) {
		return Date.parse(value) - now;
	}

	return seconds >= TIMESTAMP_FROM ? seconds - now : seconds;
}

/** The server's wait as seconds for a message, when it said a readable, non-negative one. */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
	const ms = serverWaitMs(headers, now);
	return ms === undefined || !Number.isFinite(ms) ? undefined : Math.max(0, ms) / 1000;
}

/** ky's options for one read; `signal` is the call's own (caller's and abortAll's). */
export function readRetryOptions(policy: ResolvedRetryPolicy, budget: CallBudget, signal: AbortSignal): RetryOptions {
	const backoff = (retryCount: number) => policy.backoffBaseMs * 2 ** (retryCount - 1);
	return {
		limit: policy.limit,
		methods: ['get'],
		statusCodes: [...RETRY_STATUSES],
		afterStatusCodes: [...RETRY_AFTER_STATUSES],
		maxRetryAfter: policy.maxRetryAfterMs,
		retryOnTimeout: true,
		delay: backoff,
		backoffLimit: BACKOFF_CAP_MS,
		// "Equal jitter": half fixed so retries stay spaced out, half random so clients do not line up.
		// It only ever shortens the step, so the budget below can plan with the step itself.
		jitter: step => step / 2 + Math.random() * (step / 2),
		shouldRetry({error, retryCount}) {
			if (signal.aborted || isAbort(error) || error instanceof BudgetSpentError) {
				return false;
			}

			budget.lastFailure = error;
			if (error instanceof BodyTooLargeError) {
				return false;
			}

			let waitMs = Math.min(BACKOFF_CAP_MS, backoff(retryCount));
			let ignoreServerWait = false;
			if (isHTTPError(error)) {
				const {status, headers} = error.response;
				if (!RETRY_STATUSES.includes(status)) {
					return false;
				}

				const asked = RETRY_AFTER_STATUSES.includes(status) ? serverWaitMs(headers) : undefined;
				if (asked !== undefined && Number.isNaN(asked)) {
					// ky would wait its longest for a header it cannot read; the backoff is the better guess.
					ignoreServerWait = true;
				} else if (asked !== undefined && asked > policy.maxRetryAfterMs) {
					budget.refusedRetryAfter = asked / 1000;
					return false;
				} else if (asked !== undefined) {
					waitMs = Math.max(0, asked);
				}
			} else if (!isTimeoutError(error) && !(isNetworkFailure(error) && !isTlsCode(networkCode(error)))) {
				// A bug, a TLS failure or anything else a second try would only repeat.
				return false;
			}

			// No retry starts that cannot finish in time: after its wait, at least as long as the last
			// attempt took must be left (a 503 that took 14 s is not tried again with 2 s to go).
			if (waitMs + budget.lastAttemptMs() > budget.remaining()) {
				return false;
			}

			// true makes ky use the backoff; undefined lets ky's own options (above) decide and time the wait.
			return ignoreServerWait ? true : undefined;
		},
	};
}
