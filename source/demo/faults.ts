// Faults on demand: latency and jitter before an answer, a request-rate limit, failures in place of
// an answer, and malformed bodies. Everything here is a decision about a reply; server.ts carries the
// decisions out on a socket.

import http from 'node:http';
import {CAPTIVE_PORTAL_HTML, DJANGO_SERVER_ERROR_HTML, proxyErrorHtml} from './http.js';
import {type Reply, firstBytes, htmlReply, throttledReply} from './reply.js';
import {hash32} from './rng.js';

export type MalformedKind = 'html' | 'truncated' | 'empty' | 'wrong-shape' | 'reset' | 'hang' | 'stop-halfway';

export interface Faults {
	/** Added to every response. */
	latencyMs: number;
	/** Up to this much more, derived from the request number (deterministic). */
	jitterMs: number;
	/**
	 * Every Nth request (counted since the last setFaults/resetStats) answers `failStatus` without reaching
	 * the API (a POST creates nothing); 0 = never.
	 */
	failEvery: number;
	failStatus: number;
	/** Seconds, sent as Retry-After on 429 and 503. */
	retryAfter?: number;
	/** The answer goes wrong after the API did its work: a POST has created its job all the same. */
	malformed: null | MalformedKind;
	/** Every Nth request is malformed when `malformed` is set (1 = every request). */
	malformedEvery: number;
	/**
	 * Authenticated requests allowed in any one second, as DRF's "N/second" throttle counts them; beyond
	 * it, 429 with Retry-After and DRF's "Expected available in N seconds." 0 = no limit.
	 */
	rateLimitPerSecond: number;
	/**
	 * Addresses the upload refuses with the per-index 400 although Django's EmailValidator takes them, as a
	 * stricter server might (a disposable domain, a role account); compared trimmed and lower-cased.
	 */
	refuseEmails: readonly string[];
}

/** No fault: what a server starts with, and what tests set it back to. */
export const NO_FAULTS: Readonly<Faults> = {
	latencyMs: 0,
	jitterMs: 0,
	failEvery: 0,
	failStatus: 503,
	retryAfter: undefined,
	malformed: null,
	malformedEvery: 1,
	rateLimitPerSecond: 0,
	refuseEmails: [],
};

/**
 * DRF's SimpleRateThrottle: a sliding window of the times of the requests it let through. A refused
 * request is not counted; the wait it states is what is left of the window divided among the requests
 * that will then be free (DRF's wait()), in seconds.
 */
export class RateLimiter {
	#history: number[] = [];

	constructor(
		private readonly limit: number,
		private readonly windowMs = 1000,
	) {}

	/** Undefined when the request at `now` (ms) may go ahead, else the seconds it is told to wait. */
	check(now: number): number | undefined {
		if (this.limit <= 0) {
			return undefined;
		}
		// Newest first, as DRF keeps it.
		while (this.#history.length > 0 && (this.#history.at(-1) as number) <= now - this.windowMs) {
			this.#history.pop();
		}
		if (this.#history.length < this.limit) {
			this.#history.unshift(now);
			return undefined;
		}
		const remaining = this.windowMs - (now - (this.#history.at(-1) as number));
		const available = this.limit - this.#history.length + 1;
		return remaining / available / 1000;
	}
}

/** How a reply reaches the socket. */
export type Delivery =
	| {readonly kind: 'reply'; readonly reply: Reply}
	/** Never answered; closing the server destroys the socket. */
	| {readonly kind: 'hang'}
	/**
	 * The head announces `declaredLength` bytes, `sent` arrive, then the connection is reset or ended
	 * with a clean FIN (the body is simply short).
	 */
	| {
			readonly kind: 'cut';
			readonly reply: Reply;
			readonly declaredLength: number;
			readonly sent: Buffer;
			readonly how: 'reset' | 'fin';
	  };

/** The configured failure: a DRF throttle body for 429, Django's page for 500, nginx's for the rest. */
export function failureReply(faults: Readonly<Faults>): Reply {
	const status = faults.failStatus;
	const retryAfter = faults.retryAfter;
	if (status === 429) {
		return throttledReply(retryAfter);
	}
	const headers: Record<string, string> = {};
	if (status === 503 && retryAfter !== undefined) {
		headers['Retry-After'] = String(retryAfter);
	}
	if (status === 500) {
		return htmlReply(500, DJANGO_SERVER_ERROR_HTML, headers);
	}
	return htmlReply(status, proxyErrorHtml(status, http.STATUS_CODES[status] ?? 'Error'), headers);
}

function wrongShape(reply: Reply): string {
	const value = reply.value as Record<string, unknown> | undefined;
	switch (reply.shape) {
		case 'envelope':
			// Count as a string and no results: parses as JSON, fails any schema.
			return JSON.stringify({
				count: String((value?.['count'] as number | undefined) ?? 0),
				total_pages: value?.['total_pages'],
				current_page: value?.['current_page'],
				next: value?.['next'],
				previous: value?.['previous'],
			});
		case 'job':
			return JSON.stringify({...value, id: String(value?.['id']), status: 3, records: undefined});
		case 'created':
			return JSON.stringify({...value, job_id: String(value?.['job_id'])});
		case 'download-json':
			return JSON.stringify({detail: 'ok', records: 'see page 2'});
		case 'download-csv':
			return 'email;status\r\njane@acme.com;Valid\r\n';
		case 'plain':
			return JSON.stringify({unexpected: true});
	}
}

/** A reply made malformed in the given way. */
export function malform(reply: Reply, kind: MalformedKind): Delivery {
	const plain = (body: string | Buffer, status = reply.status, headers = reply.headers): Delivery => ({
		kind: 'reply',
		reply: {status, headers, body, shape: 'plain'},
	});
	switch (kind) {
		case 'hang':
			return {kind: 'hang'};
		case 'html':
			return plain(CAPTIVE_PORTAL_HTML, 200, {'Content-Type': 'text/html; charset=utf-8'});
		case 'empty':
			return plain('');
		case 'wrong-shape':
			// Error answers keep their shape: the point is a success a schema must refuse.
			return reply.status === 200 || reply.status === 201 ? plain(wrongShape(reply)) : {kind: 'reply', reply};
		case 'truncated': {
			const full = firstBytes(reply);
			return plain(full.subarray(0, Math.floor(full.length / 2)));
		}
		case 'stop-halfway':
		case 'reset': {
			const full = firstBytes(reply);
			return {
				kind: 'cut',
				reply,
				declaredLength: full.length,
				sent: full.subarray(0, Math.floor(full.length / 2)),
				how: kind === 'reset' ? 'reset' : 'fin',
			};
		}
	}
}

/** The faults in force and the request count and rate window they key on. */
export class FaultInjector {
	#faults: Faults;
	#count = 0;
	#limiter: RateLimiter;
	#refused: ReadonlySet<string> = new Set();

	/** `clock` reads milliseconds for the rate limit. */
	constructor(
		initial: Partial<Faults> = {},
		private readonly clock: () => number = () => performance.now(),
	) {
		this.#faults = {...NO_FAULTS, ...initial};
		this.#limiter = new RateLimiter(this.#faults.rateLimitPerSecond);
	}

	get faults(): Readonly<Faults> {
		return this.#faults;
	}

	/** `refuseEmails` as the upload compares them. */
	get refusedEmails(): ReadonlySet<string> {
		return this.#refused;
	}

	/** Changes some faults, counts requests from zero again and opens a fresh rate window. */
	set(partial: Partial<Faults>): void {
		this.#faults = {...this.#faults, ...partial};
		this.#refused = new Set(this.#faults.refuseEmails.map(email => email.trim().toLowerCase()));
		this.reset();
	}

	reset(): void {
		this.#count = 0;
		this.#limiter = new RateLimiter(this.#faults.rateLimitPerSecond);
	}

	/**
	 * The rate limit, checked where DRF checks its throttles: after authentication, before the method.
	 * Undefined lets the request through; a number is the wait to state, in seconds.
	 */
	throttle(): number | undefined {
		return this.#limiter.check(this.clock());
	}

	/** Numbers a request as it arrives and says how long it waits before it is answered. */
	arrive(): {readonly n: number; readonly delayMs: number} {
		const n = ++this.#count;
		const f = this.#faults;
		const jitter = f.jitterMs > 0 ? hash32(0x1a7e, n) % (Math.floor(f.jitterMs) + 1) : 0;
		return {n, delayMs: f.latencyMs + jitter};
	}

	/** What request `n` gets, decided when its wait is over: a failure, or its reply, possibly malformed. */
	answer(n: number, route: () => Reply): Delivery {
		const f = this.#faults;
		if (f.failEvery > 0 && n % f.failEvery === 0) {
			return {kind: 'reply', reply: failureReply(f)};
		}
		const reply = route();
		if (f.malformed !== null && f.malformedEvery > 0 && n % f.malformedEvery === 0) {
			return malform(reply, f.malformed);
		}
		return {kind: 'reply', reply};
	}
}
