// The wire: one fetch per attempt, its body read whole and capped inside the attempt, and ky configured
// so that nothing it does can carry the token anywhere but the base URL.
import {sanitize} from '../text/sanitize.js';
import ky, {TimeoutError, type KyInstance} from 'ky';

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
// A records page of 1000 rows is well under 1 MB; anything near this is not a page.
export const MAX_BODY_BYTES = 32 * 1024 * 1024;
// setTimeout's 32-bit limit; ky refuses a larger timeout.
export const MAX_TIMEOUT_MS = 2_147_483_647;

export class BodyTooLargeError extends Error {
	override readonly name = 'BodyTooLargeError';
}

/**
 * A status line with a code HTTP does not have (a Response holds 200–599; undici passes 600–999 on). Said as
 * a sentence rather than as the RangeError `new Response` throws for it; for an upload, the request had
 * arrived, so its outcome is unknown.
 */
export class BadStatusError extends Error {
	override readonly name = 'BadStatusError';
}

/** An attempt that was not sent because the call's time was already spent (a retry wait ran late). */
export class BudgetSpentError extends Error {
	override readonly name = 'BudgetSpentError';
}

export interface HttpOptions {
	/** Ends in `/`; every path is relative to it. */
	readonly baseUrl: string;
	readonly token: string;
	readonly userAgent: string;
	/** Per attempt, including reading the body. */
	readonly timeoutMs: number;
}

/** The one ky instance of a client. Retries, signals and the fetch wrapper are given per call. */
export function createHttp(options: HttpOptions): KyInstance {
	return ky.create({
		prefixUrl: options.baseUrl,
		headers: {
			Authorization: `Token ${options.token}`,
			Accept: 'application/json',
			'User-Agent': options.userAgent,
		},
		timeout: options.timeoutMs,
		// A redirect could carry the Authorization header to another origin, or downgrade to http.
		redirect: 'manual',
		throwHttpErrors: true,
	});
}

/** When each attempt began, and when the whole call must be over. */
export interface AttemptClock {
	/** Milliseconds left before the call's deadline (may be negative). */
	remaining(): number;
	/** Called as an attempt is about to be sent. */
	attemptStarted(): void;
}

/**
 * ky's `fetch` for one call: every attempt ends by the call's deadline as well as by ky's per-attempt
 * timeout (whichever comes first, so a slow answer cannot stretch the call past its budget), and the
 * body is read inside the attempt.
 */
export function attemptFetch(clock: AttemptClock) {
	return async (input: Request | URL | string, init?: RequestInit): Promise<Response> => {
		const request = input instanceof Request ? input : new Request(input, init);
		const left = clock.remaining();
		if (left <= 0) {
			throw new BudgetSpentError('the time for this call was spent before the attempt');
		}

		clock.attemptStarted();
		const deadline = new AbortController();
		const timer = setTimeout(
			() => {
				deadline.abort();
			},
			Math.min(Math.ceil(left), MAX_TIMEOUT_MS),
		);
		try {
			return await bufferedFetch(request, {...init, signal: AbortSignal.any([request.signal, deadline.signal])});
		} catch (error) {
			// ky's own per-attempt timeout has the same shape, so both read as "did not answer in time".
			if (deadline.signal.aborted && !request.signal.aborted) {
				throw new TimeoutError(request);
			}

			throw error;
		} finally {
			clearTimeout(timer);
		}
	};
}

/**
 * Reads the whole body inside the attempt, so the per-attempt timeout and retries also cover a server
 * that sends headers and then stalls or drops the connection halfway through the body.
 */
async function bufferedFetch(input: Request, init: RequestInit): Promise<Response> {
	const response = await globalThis.fetch(input, init);
	if (response.status < 200 || response.status > 599) {
		void response.body?.cancel().catch(() => undefined);
		throw new BadStatusError(`status ${response.status}, which HTTP does not have`);
	}

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
			// The chunks arrive one after another; there is nothing to run side by side.
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
		statusText: reasonPhrase(response.statusText),
		headers: response.headers,
	});
}

// What `new Response` takes as a reason phrase (RFC 9110: HTAB, SP, VCHAR, obs-text); anything else throws.
const NOT_IN_REASON = /[^\t\x20-\x7e\x80-\xff]/g;

/**
 * A reason phrase as a server sent it (undici reads it as UTF-8, with controls) made fit for a Response, so a
 * hostile or odd one cannot fail the request: what does not fit is written as the visible escape the
 * sanitiser shows for it, so it reads the same in an error message. Still Untrusted text afterwards.
 */
export function reasonPhrase(text: string): string {
	return sanitize(text, {whole: true}).replace(
		NOT_IN_REASON,
		unit => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`,
	);
}

const TLS_CODE = /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

/** The Node error code behind a fetch failure (`TypeError('fetch failed', {cause})`), if any. */
export function networkCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
		const code = (current as {code?: unknown}).code;
		if (typeof code === 'string') {
			return code;
		}

		current = (current as {cause?: unknown}).cause;
	}

	return undefined;
}

export function isTlsCode(code: string | undefined): boolean {
	return code !== undefined && TLS_CODE.test(code);
}

export function isAbort(error: unknown): boolean {
	return error instanceof Error && error.name === 'AbortError';
}

/** True for the errors fetch throws when the connection itself failed (not HTTP, not abort). */
export function isNetworkFailure(error: unknown): boolean {
	if (!(error instanceof Error) || isAbort(error)) {
		return false;
	}

	// undici's wording: "fetch failed" (could not connect or send), "terminated" (lost mid-body).
	return (
		networkCode(error) !== undefined ||
		(error instanceof TypeError && /^(fetch failed|terminated)$/.test(error.message))
	);
}

// Failures before a connection existed: the server cannot have seen the request.
const NEVER_SENT = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENETDOWN',
	'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when a failed fetch certainly never reached the server (for requests that must not be sent twice). */
export function neverSent(error: unknown): boolean {
	const code = networkCode(error);
	return code !== undefined && (NEVER_SENT.has(code) || isTlsCode(code));
}
