// Every failure of an API call becomes one ApiError with a one-line sentence a person can act on.
// It never holds the request, its headers or the token: ky's HTTPError carries the Authorization
// header in `.request`, so such objects are converted here (toApiError, the one path from a failed
// request to an ApiError) and never printed, logged or serialised.
//
// The server's own words (`detail`, `error`, a field map's first message, the reason phrase) are
// Untrusted. They enter a sentence only through `serverWords`, which redacts the token before it cuts
// the text to length and then sanitises it; the whole sentence is redacted and sanitised once more when
// the ApiError is made, so `message` is SafeText whoever built it.
import {isHTTPError, isTimeoutError, type HTTPError} from 'ky';
import {formatAmount, formatCount} from '../text/numbers.js';
import {sanitize} from '../text/sanitize.js';
import {redact, redactThenCut} from '../text/redact.js';
import {rawText, untrusted, type SafeText, type Untrusted} from '../text/untrusted.js';
import {
	BadStatusError,
	BodyTooLargeError,
	BudgetSpentError,
	isAbort,
	isNetworkFailure,
	isTlsCode,
	networkCode,
	neverSent,
} from './http.js';
import {retryAfterSeconds} from './retry.js';
import {ERROR_MESSAGE_KEYS} from './schemas.js';

export type ApiErrorKind =
	| 'auth' // 401 or 403 (TOKEN_REFUSED_STATUSES): token missing, invalid, expired, revoked or not allowed
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
	| 'insecure' // refusing to send the token over plain http to a non-loopback host
	| 'rejected-emails' // 400 on upload with per-index errors: nothing was created (RejectedEmailsError)
	| 'insufficient-credits' // 402: nothing was charged (InsufficientCreditsError)
	// A request that must not be sent twice (the upload) got no clear answer: it may or may not have
	// done its work. Look (for the job) before sending it again.
	| 'outcome-unknown';

export class ApiError extends Error {
	override readonly name = 'ApiError';
	/** The sentence a person sees: redacted and sanitised here, whatever the caller passed. */
	declare readonly message: SafeText;
	readonly kind: ApiErrorKind;
	/** HTTP status when there was a response. */
	readonly status: number | undefined;
	/** What the server said (`detail` / `error`), redacted and at most a few hundred characters. */
	readonly serverMessage: Untrusted | undefined;
	/** Seconds the server asked to wait (Retry-After), when given. */
	readonly retryAfter: number | undefined;
	/**
	 * Whether the same request, sent again now, may well succeed. The sentence never names a key: a view
	 * offers its retry key from this fact, a command line prints the sentence alone.
	 */
	readonly retryable: boolean;

	constructor(kind: ApiErrorKind, message: string, extra: ApiErrorExtra = {}) {
		super(sanitize(redact(message)));
		this.kind = kind;
		this.status = extra.status;
		this.serverMessage = extra.serverMessage;
		this.retryAfter = extra.retryAfter;
		this.retryable = extra.retryable ?? RETRYABLE[kind];
	}

	/** Only safe fields: never the request, never headers. */
	toJSON(): Record<string, unknown> {
		return {name: this.name, kind: this.kind, status: this.status, message: this.message};
	}
}

export interface ApiErrorExtra {
	status?: number;
	serverMessage?: Untrusted;
	retryAfter?: number;
	/** Overrides the kind's usual answer (RETRYABLE), e.g. a TLS failure is a network error no retry fixes. */
	retryable?: boolean;
}

/** Whether a failure of each kind usually goes away when the request is sent again; the compiler checks every kind is here. */
const RETRYABLE: Readonly<Record<ApiErrorKind, boolean>> = {
	auth: false,
	'not-found': false,
	'invalid-page': false,
	'bad-request': false,
	'rate-limited': true,
	server: true,
	http: false,
	timeout: true,
	network: true,
	malformed: true,
	aborted: true,
	insecure: false,
	'rejected-emails': false,
	'insufficient-credits': false,
	'outcome-unknown': false,
};

/** One email the API refused, by its position in the request's `emails`. */
export interface RejectedEmail {
	readonly index: number;
	/** The API's words (e.g. "Enter a valid email address."), redacted and cut short: sanitise to show. */
	readonly messages: readonly Untrusted[];
}

/** 400 on upload: these emails are not valid addresses; the whole request was refused, nothing created. */
export class RejectedEmailsError extends ApiError {
	declare readonly kind: 'rejected-emails';
	/** In index order, each index once. */
	readonly rejected: readonly RejectedEmail[];

	constructor(message: string, rejected: readonly RejectedEmail[], extra: ApiErrorExtra) {
		super('rejected-emails', message, extra);
		this.rejected = rejected;
	}
}

/** 402: the wallet holds less than the upload costs; nothing was charged. */
export class InsufficientCreditsError extends ApiError {
	declare readonly kind: 'insufficient-credits';
	/** Credits the request needed and credits in the wallet, when the body said them as numbers. */
	readonly required: number | undefined;
	readonly balance: number | undefined;

	constructor(message: string, credits: {required?: number; balance?: number}, extra: ApiErrorExtra) {
		super('insufficient-credits', message, extra);
		this.required = credits.required;
		this.balance = credits.balance;
	}
}

/**
 * The sentence for a command line. It says what happened; what to do next depends on where it is read: a
 * screen offers its key (`r`, Enter) from `retryable`, a command line says to run the command again.
 */
export function commandLineSentence(error: ApiError): string {
	// A cancelled command was stopped by the person: no advice.
	if (!error.retryable || error.kind === 'aborted') {
		return error.message;
	}

	return `${error.message} ${error.kind === 'rate-limited' ? 'Wait a while, then run' : 'Run'} the command again.`;
}

export function isApiError(error: unknown): error is ApiError {
	return error instanceof ApiError;
}

/** What a failed call was asking for; only used to word the sentence. */
export interface ErrorContext {
	resource?: 'jobs' | 'job' | 'records' | 'upload';
	/** How many emails an upload sent (the indexes a 400 may name). */
	emailCount?: number;
	jobId?: number;
	page?: number;
	/** Host of the base URL, named in network and timeout messages. */
	host?: string;
	/** How many requests were sent for this call (1 = no retry). */
	attempts?: number;
	timeoutMs?: number;
}

const MAX_SERVER_TEXT = 160;
/** How much of the server's message an ApiError keeps (redacted); sentences quote less of it. */
const KEPT_SERVER_TEXT = 500;

/** Our own or local text (a base URL, an error code) → one line of at most `max` characters, without controls. */
export function oneLine(text: string, max = MAX_SERVER_TEXT): string {
	// C0/C1 controls are dropped rather than shown: these sentences also go to stderr, unsanitised.

	const flat = text
		.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

// A cut must not leave half of a visible escape (`\x1`) or of a surrogate pair at the end.
const PARTIAL_ESCAPE = /\\(?:x[0-9a-f]?|u(?:\{[0-9a-f]*|[0-9a-f]{0,3}))?$/;

/**
 * The server's words as a sentence may quote them: the token (or any piece of it) redacted first,
 * then whitespace flattened, then sanitised (controls become visible escapes), at most `max`
 * characters, cut with `…`.
 */
export function serverWords(text: Untrusted, max = MAX_SERVER_TEXT): SafeText {
	const {text: start, cut} = redactThenCut(rawText(text), max);
	const flat = sanitize(start.replace(/\s+/g, ' ').trim());
	if (!cut && flat.length <= max) {
		return flat;
	}

	let end = Math.max(0, Math.min(flat.length, max - 1));
	if (/[\ud800-\udbff]/.test(flat.charAt(end - 1))) {
		end--;
	}

	const head = flat.slice(0, end).replace(PARTIAL_ESCAPE, '');
	return `${head.trimEnd()}…` as SafeText;
}

/**
 * The server's own words from an error body: DRF's `detail`, eCore's `error`, or the first message of a
 * field-level map (`{"emails": {"3": ["Not a valid email address."]}}`). Undefined for HTML or other text.
 */
export function serverMessageOf(body: string): Untrusted | undefined {
	let json: unknown;
	try {
		json = JSON.parse(body);
	} catch {
		return undefined;
	}

	const text = firstMessage(json, '', 0)?.trim();
	if (text === undefined || text === '') {
		return undefined;
	}

	// Redacted before it is cut, and kept short: a 14 MB `detail` has no business in an error.
	const kept = redactThenCut(text, KEPT_SERVER_TEXT);
	return untrusted(kept.cut ? `${kept.text}…` : kept.text);
}

function firstMessage(value: unknown, prefix: string, depth: number): string | undefined {
	if (typeof value === 'string') {
		return prefix === '' ? value : `${prefix}: ${value}`;
	}

	if (depth > 4 || value === null || typeof value !== 'object') {
		return undefined;
	}

	if (Array.isArray(value)) {
		for (const item of value) {
			const found = firstMessage(item, prefix, depth + 1);
			if (found !== undefined) {
				return found;
			}
		}

		return undefined;
	}

	const record = value as Record<string, unknown>;
	for (const key of ERROR_MESSAGE_KEYS) {
		if (typeof record[key] === 'string') {
			return firstMessage(record[key], prefix, depth + 1);
		}
	}

	for (const [key, item] of Object.entries(record)) {
		const found = firstMessage(item, prefix === '' ? key : `${prefix}.${key}`, depth + 1);
		if (found !== undefined) {
			return found;
		}
	}

	return undefined;
}

function subject(context: ErrorContext): string {
	return context.jobId === undefined ? 'The job' : `Job ${context.jobId}`;
}

function host(context: ErrorContext, atStart = false): string {
	return context.host ?? (atStart ? 'The eCore API' : 'the eCore API');
}

function attemptsNote(context: ErrorContext): string {
	const attempts = context.attempts ?? 1;
	return attempts > 1 ? ` (tried ${attempts} times)` : '';
}

function seconds(ms: number): string {
	const value = ms / 1000;
	return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
}

function statusLabel(status: number, serverMessage: Untrusted | undefined): string {
	return serverMessage === undefined ? String(status) : `${status} ${serverWords(serverMessage, 100)}`;
}

export interface HttpFailure {
	status: number;
	/** The reason phrase, as the server sent it. */
	statusText?: Untrusted;
	/** The response body, already read (may be HTML, empty or anything). */
	body?: string;
	/** Seconds the server asked to wait, parsed from Retry-After. */
	retryAfter?: number;
	/** The server asked to wait longer than this client is willing to (milliseconds, the cap). */
	retryAfterCapMs?: number;
}

/**
 * The statuses by which the API refuses a token. DRF answers an authentication failure with 403 instead of
 * 401 when its first authentication class names no WWW-Authenticate scheme (SessionAuthentication listed
 * before TokenAuthentication, a common setup): `403 {"detail": "Invalid token."}`. A 403 for anything else
 * (a token not allowed to do this) is also met by another token, so both ask for one.
 */
export const TOKEN_REFUSED_STATUSES: ReadonlySet<number> = new Set([401, 403]);

/** The API itself refused the token (not a token that could not be sent): its status says how. */
export function refusedByApi(error: ApiError): error is ApiError & {readonly status: number} {
	return error.kind === 'auth' && error.status !== undefined;
}

/** Maps an HTTP error response to an ApiError with a sentence a person can act on. */
export function fromHttpFailure(failure: HttpFailure, context: ErrorContext = {}): ApiError {
	const {status} = failure;
	const serverMessage = failure.body === undefined ? undefined : serverMessageOf(failure.body);
	const label = statusLabel(status, serverMessage);
	const extra = {status, serverMessage, retryAfter: failure.retryAfter};

	if (status === 402) {
		return insufficientCredits(failure.body, extra);
	}

	if (context.resource === 'upload') {
		// A proxy's timeout or error page, a redirect (POST then redirect is a pattern), a server error
		// after the job row was written: the job may exist.
		if (status === 408 || status >= 500 || (status >= 300 && status < 400)) {
			const name = failure.statusText ? `${status} ${serverWords(failure.statusText, 40)}` : String(status);
			return outcomeUnknown(`The API answered ${name} to the upload`, extra);
		}

		const rejected = status === 400 && failure.body !== undefined ? rejectedEmails(failure.body, context) : [];
		if (rejected.length > 0) {
			const count = rejected.length;
			return new RejectedEmailsError(
				`The API rejected ${formatCount(count)} of the ${formatCount(context.emailCount ?? count)} emails as not valid addresses; nothing was uploaded or charged.`,
				rejected,
				extra,
			);
		}
	}

	if (TOKEN_REFUSED_STATUSES.has(status)) {
		return new ApiError(
			'auth',
			`The API refused the token (${label}). Log in again with \`ecore-records login\` or set ECORE_API_TOKEN.`,
			extra,
		);
	}

	if (status === 404) {
		if (serverMessage !== undefined && /^invalid page\b/i.test(rawText(serverMessage))) {
			const page = context.page === undefined ? 'That page' : `Page ${context.page}`;
			return new ApiError('invalid-page', `${page} is past the end of the list (${label}).`, extra);
		}

		// DRF answers 404 with JSON; an HTML 404 page means the base URL points somewhere else.
		const apiAnswered = failure.body === undefined || serverMessage !== undefined;
		if (apiAnswered && (context.resource === 'job' || context.resource === 'records')) {
			return new ApiError('not-found', `${subject(context)} was not found, or it belongs to another account.`, extra);
		}

		return new ApiError(
			'not-found',
			`${host(context, true)} has no eCore jobs endpoint at this address (${label}). Check --base-url.`,
			extra,
		);
	}

	if (status === 400) {
		return new ApiError(
			'bad-request',
			`The API rejected the request (${label}). This is likely a bug in ecore-records; please report it.`,
			extra,
		);
	}

	if (status === 429) {
		if (failure.retryAfter !== undefined && failure.retryAfterCapMs !== undefined) {
			return new ApiError(
				'rate-limited',
				`The API is rate-limiting requests (429) and asked to wait ${seconds(failure.retryAfter * 1000)}, longer than the ${seconds(failure.retryAfterCapMs)} this client waits. Try again later; test tokens have a daily usage cap.`,
				{...extra, retryable: false},
			);
		}

		const wait = failure.retryAfter === undefined ? '' : ` and asked to wait ${seconds(failure.retryAfter * 1000)}`;
		return new ApiError(
			'rate-limited',
			`The API is rate-limiting requests (429)${wait}${attemptsNote(context)}.`,
			extra,
		);
	}

	if (status === 408) {
		return new ApiError(
			'timeout',
			`${host(context, true)} timed out handling the request (408)${attemptsNote(context)}.`,
			extra,
		);
	}

	if (status >= 500) {
		const reason = failure.statusText === undefined ? '' : serverWords(failure.statusText, 40);
		const name = reason === '' ? String(status) : `${status} ${reason}`;
		const said = serverMessage === undefined ? '' : `: ${serverWords(serverMessage, 100)}`;
		const attempts = context.attempts ?? 1;
		const tried = attempts > 1 ? `; tried ${attempts} times` : '';
		return new ApiError(
			'server',
			`The eCore API had a server error (${name}${said}${tried}). If it persists, contact eCore support.`,
			extra,
		);
	}

	if (status >= 300 && status < 400) {
		return new ApiError(
			'http',
			`The API answered with a redirect (${status}), which this client does not follow with your token. Check --base-url.`,
			extra,
		);
	}

	return new ApiError('http', `The API answered with an unexpected status (${label}).`, extra);
}

const LOOK_FIRST = 'it may or may not have created a job. Look for it in the job list before sending again.';

/** A request that must not be sent twice ended without a clear answer. `what` says how, as a clause. */
export function outcomeUnknown(what: string, extra: ApiErrorExtra = {}): ApiError {
	return new ApiError('outcome-unknown', `${what}; ${LOOK_FIRST}`, extra);
}

const MAX_MESSAGES_PER_EMAIL = 5;
const MAX_REJECTION_TEXT = 200;

/**
 * The per-index errors of a 400 on upload, as DRF's ListField gives them (`{"emails": {"3": ["…"]}}`, or
 * a list aligned with the request in older versions). Only indexes the request had are kept.
 */
function rejectedEmails(body: string, context: ErrorContext): RejectedEmail[] {
	let json: unknown;
	try {
		json = JSON.parse(body);
	} catch {
		return [];
	}

	const field = json !== null && typeof json === 'object' ? (json as Record<string, unknown>)['emails'] : undefined;
	if (field === null || typeof field !== 'object') {
		return [];
	}

	// A list of plain strings is DRF's error about the list as a whole ("Ensure this field has no more than
	// 10000 elements.", "This list may not be empty."): no address was refused, and none may be named, or
	// leaving the named one out and sending again drops good addresses one by one. Per-address errors come
	// as a map by index, or in the older list form as one list (or {}) per address.
	if (Array.isArray(field) && field.some(value => typeof value === 'string')) {
		return [];
	}

	const limit = context.emailCount ?? Number.MAX_SAFE_INTEGER;
	const entries: Array<[number, unknown]> = Array.isArray(field)
		? field.map((value, index): [number, unknown] => [index, value])
		: Object.entries(field).flatMap(([key, value]): Array<[number, unknown]> =>
				/^\d{1,15}$/.test(key) ? [[Number(key), value]] : [],
			);
	const byIndex = new Map<number, Untrusted[]>();
	for (const [index, value] of entries) {
		const messages = messagesOf(value);
		if (index < limit && messages.length > 0 && !byIndex.has(index)) {
			byIndex.set(index, messages);
		}
	}

	return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([index, messages]) => ({index, messages}));
}

function messagesOf(value: unknown): Untrusted[] {
	const texts =
		typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter(item => typeof item === 'string') : [];
	return texts
		.map(text => text.trim())
		.filter(text => text !== '')
		.slice(0, MAX_MESSAGES_PER_EMAIL)
		.map(text => {
			// Redacted before it is cut, like every other server message.
			const kept = redactThenCut(text, MAX_REJECTION_TEXT);
			return untrusted(kept.cut ? `${kept.text}…` : kept.text);
		});
}

function insufficientCredits(body: string | undefined, extra: ApiErrorExtra): ApiError {
	let json: unknown;
	try {
		json = body === undefined ? undefined : JSON.parse(body);
	} catch {
		json = undefined;
	}

	const record = json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : {};
	const amount = (value: unknown) =>
		typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
	const required = amount(record['required']);
	const balance = amount(record['balance']);
	const message =
		required !== undefined && balance !== undefined
			? `Not enough credits: ${formatAmount(required)} needed, ${formatAmount(balance)} in the wallet; nothing was charged.`
			: `Not enough credits (402${extra.serverMessage === undefined ? '' : ` ${serverWords(extra.serverMessage, 100)}`}); nothing was charged.`;
	return new InsufficientCreditsError(message, {required, balance}, extra);
}

/** A body that does not fit its schema. `what` names the body ("records page"), `problem` says why. */
export function malformedError(what: string, problem: string, status?: number): ApiError {
	return new ApiError(
		'malformed',
		`The server sent a response that is not the expected ${what} (${serverWords(untrusted(problem), 120)}). If it persists, check --base-url.`,
		status === undefined ? {} : {status},
	);
}

export function abortedError(): ApiError {
	return new ApiError('aborted', 'The request was cancelled.');
}

export function timeoutError(context: ErrorContext = {}): ApiError {
	const within = context.timeoutMs === undefined ? '' : ` within ${seconds(context.timeoutMs)}`;
	return new ApiError(
		'timeout',
		`${host(context, true)} did not answer${within}${attemptsNote(context)}. Check your connection.`,
	);
}

const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'DNS lookup failed',
	ECONNRESET: 'connection reset',
	EPIPE: 'connection closed',
	ETIMEDOUT: 'connection timed out',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ENETDOWN: 'network is down',
	UND_ERR_SOCKET: 'the connection was closed mid-response',
	UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
	UND_ERR_HEADERS_TIMEOUT: 'no response headers',
	UND_ERR_BODY_TIMEOUT: 'the response stalled',
	UND_ERR_CLOSED: 'connection closed',
};

const BROKEN_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_BODY_TIMEOUT']);

export function networkError(error: unknown, context: ErrorContext = {}): ApiError {
	const code = networkCode(error);
	const terminated = error instanceof Error && error.message === 'terminated';
	let reason: string;
	let advice = 'Check your connection and --base-url.';
	const tls = isTlsCode(code);
	if (code !== undefined && NETWORK_REASONS[code] !== undefined) {
		reason = NETWORK_REASONS[code];
	} else if (tls) {
		reason = `TLS certificate problem: ${code}`;
		advice = 'Check --base-url and the system clock; a proxy may be intercepting HTTPS.';
	} else if (terminated) {
		reason = 'the connection was closed mid-response';
	} else {
		reason = code === undefined ? 'network error' : oneLine(code, 40);
	}

	// Connected, then lost: "could not reach" would send a person to check the wrong thing.
	const lead =
		terminated || (code !== undefined && BROKEN_CONNECTION.has(code))
			? `The connection to ${host(context)} broke`
			: `Could not reach ${host(context)}`;
	return new ApiError('network', `${lead} (${reason})${attemptsNote(context)}. ${advice}`, {retryable: !tls});
}

/**
 * A failed request → an ApiError: the one path from what ky or fetch threw to a sentence. An HTTP error
 * response has its (already buffered) body read for the server's words.
 */
export async function toApiError(error: unknown, context: ErrorContext = {}, extra: HttpExtra = {}): Promise<ApiError> {
	if (isHTTPError(error)) {
		return fromHttpError(error, context, extra);
	}

	if (context.resource === 'upload' && mayHaveArrived(error)) {
		return uploadWithoutAnswer(error, context);
	}

	if (error instanceof BodyTooLargeError || error instanceof BadStatusError) {
		return malformedError('response', error.message);
	}

	if (error instanceof BudgetSpentError) {
		return timeoutError(context);
	}

	return describeError(error, context);
}

/** What the retry decision knew that the response alone does not say. */
export interface HttpExtra {
	/** The server asked to wait longer than this client does (milliseconds, the cap). */
	retryAfterCapMs?: number;
}

async function fromHttpError(error: HTTPError, context: ErrorContext, extra: HttpExtra): Promise<ApiError> {
	const {response} = error;
	let body: string | undefined;
	try {
		body = await response.text();
	} catch {
		body = undefined;
	}

	return fromHttpFailure(
		{
			status: response.status,
			statusText: untrusted(response.statusText),
			body,
			retryAfter: retryAfterSeconds(response.headers),
			retryAfterCapMs: extra.retryAfterCapMs,
		},
		context,
	);
}

/**
 * Whether a request that failed like this may have reached the server: unless it is known not to have (a
 * connection that never opened, an attempt never started), it may have. Whatever else fails after the
 * send, an odd answer included, leaves an upload's outcome unknown, never "failed" (which invites a resend).
 */
function mayHaveArrived(error: unknown): boolean {
	return !neverSent(error) && !(error instanceof BudgetSpentError) && !isAbort(error);
}

function uploadWithoutAnswer(error: unknown, context: ErrorContext): ApiError {
	if (isTimeoutError(error)) {
		const within = context.timeoutMs === undefined ? '' : ` within ${seconds(context.timeoutMs)}`;
		return outcomeUnknown(`${host(context, true)} did not answer the upload${within}`);
	}

	if (error instanceof BodyTooLargeError) {
		return outcomeUnknown(`The answer to the upload was too large to read (${oneLine(error.message, 60)})`);
	}

	if (error instanceof BadStatusError) {
		return outcomeUnknown(`The API answered the upload with ${oneLine(error.message, 60)}`);
	}

	if (!isNetworkFailure(error)) {
		return outcomeUnknown('The answer to the upload could not be read');
	}

	const code = networkCode(error);
	const reason = code === undefined ? 'the connection was closed' : (NETWORK_REASONS[code] ?? oneLine(code, 40));
	return outcomeUnknown(`The connection to ${host(context)} broke during the upload (${reason})`);
}

/**
 * Anything thrown → an ApiError, synchronously, for callers that hold an error from the client (always an
 * ApiError already) or from their own code. Objects from fetch are only read for their kind, never kept.
 */
export function describeError(error: unknown, context: ErrorContext = {}): ApiError {
	if (error instanceof ApiError) {
		return error;
	}

	if (error instanceof Error) {
		if (isTimeoutError(error)) {
			return timeoutError(context);
		}

		if (isAbort(error)) {
			return abortedError();
		}

		if (error.name === 'ValiError' || error instanceof SyntaxError) {
			return malformedError('response', serverWords(untrusted(error.message), 80));
		}

		if (isNetworkFailure(error)) {
			return networkError(error, context);
		}

		// Whatever threw may quote what it read: treated as the server's words.
		return new ApiError(
			'http',
			`Unexpected error while talking to the API: ${serverWords(untrusted(error.message), 120)}.`,
		);
	}

	return new ApiError('http', 'Unexpected error while talking to the API.');
}
