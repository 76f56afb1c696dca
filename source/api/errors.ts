// Every failure of an API call becomes one ApiError with a one-line sentence a person can act on.
// It never holds the request, its headers or the token: ky's HTTPError carries the Authorization
// header in `.request`, so such objects are converted here and never printed, logged or serialised.

export type ApiErrorKind =
	| 'auth' // 401: token missing, invalid, expired or revoked
	| 'not-found' // 404 {"detail": "Not found."}: job does not exist or belongs to another user
	| 'invalid-page' // 404 {"detail": "Invalid page."}: page past the end (DRF)
	| 'bad-request' // 400, e.g. {"error": "Invalid status filter."}
	| 'rate-limited' // 429
	| 'server' // 5xx
	| 'http' // any other unexpected status
	| 'timeout'
	| 'network'
	| 'malformed' // body is not the documented shape (HTML page, truncated JSON, wrong types)
	| 'aborted'
	| 'insecure'; // refusing to send the token over plain http to a non-loopback host

export class ApiError extends Error {
	override readonly name = 'ApiError';
	readonly kind: ApiErrorKind;
	/** HTTP status when there was a response. */
	readonly status: number | undefined;
	/** What the server said (`detail` / `error`), already a plain string; may be untrusted text. */
	readonly serverMessage: string | undefined;
	/** Seconds the server asked to wait (Retry-After), when given. */
	readonly retryAfter: number | undefined;

	constructor(
		kind: ApiErrorKind,
		message: string,
		extra: {status?: number; serverMessage?: string; retryAfter?: number} = {},
	) {
		super(message);
		this.kind = kind;
		this.status = extra.status;
		this.serverMessage = extra.serverMessage;
		this.retryAfter = extra.retryAfter;
	}

	/** Only safe fields: never the request, never headers. */
	toJSON(): Record<string, unknown> {
		return {name: this.name, kind: this.kind, status: this.status, message: this.message};
	}
}

export function isApiError(error: unknown): error is ApiError {
	return error instanceof ApiError;
}
