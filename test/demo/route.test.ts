// route() without sockets: the same answers the server gives, as values.

import {describe, expect, it} from 'vitest';
import {FaultInjector, NO_FAULTS, RateLimiter, failureReply, malform} from '../../source/demo/faults.js';
import {DEMO_TOKEN, DemoApi, type DemoRequest} from '../../source/demo/route.js';
import {type Reply, throttledReply} from '../../source/demo/reply.js';

const BASE = '/backend/api/v1/email-validation/jobs/';

function get(url: string, headers: DemoRequest['headers'] = {authorization: `Token ${DEMO_TOKEN}`}): DemoRequest {
	return {method: 'GET', url, headers: {host: 'demo.test', ...headers}};
}

function json(reply: Reply): any {
	return JSON.parse(String(reply.body));
}

describe('route()', () => {
	const api = new DemoApi({now: () => Date.parse('2026-11-26T10:00:00.000Z')});

	it('answers a job as the server does, links built from the Host header', () => {
		const reply = api.route(get(`${BASE}42/records/?page=2`));
		expect(reply.status).toBe(200);
		expect(reply.headers['Content-Type']).toBe('application/json');
		const body = json(reply);
		expect(body).toMatchObject({count: 250, current_page: 2});
		expect(body.next).toBe(`http://demo.test${BASE}42/records/?page=3`);
		expect(body.previous).toBe(`http://demo.test${BASE}42/records/`);
	});

	it('authenticates first, then routes; unknown paths get Django’s HTML 404', () => {
		expect(api.route(get(`${BASE}42/`, {})).status).toBe(401);
		expect(api.route(get(`${BASE}42/`, {authorization: 'Token nope'})).headers['WWW-Authenticate']).toBe('Token');
		const missing = api.route(get('/nope/'));
		expect(missing.status).toBe(404);
		expect(missing.headers['Content-Type']).toMatch(/^text\/html/);
		expect(api.route({...get(`${BASE}42/`), method: 'DELETE'}).status).toBe(405);
	});

	it('streams downloads as chunks, produced only when read', () => {
		const reply = api.route(get(`${BASE}7001/download/?format=json`));
		expect(reply.body).toBe('');
		const it = reply.chunks!();
		expect(it.next().value).toBe('[');
		expect(String(it.next().value).startsWith('{"id":500001,')).toBe(true);
	});

	it('takes new tokens', () => {
		const own = new DemoApi({tokens: ['a']});
		expect(own.token).toBe('a');
		own.setTokens(['b']);
		expect(own.route(get(`${BASE}42/`, {authorization: 'Token a'})).status).toBe(401);
		expect(own.route(get(`${BASE}42/`, {authorization: 'Token b'})).status).toBe(200);
	});
});

describe('faults as values', () => {
	const api = new DemoApi();
	const page = () => api.route(get(`${BASE}42/records/`));

	it('fails every Nth request counted from set(), and routes the others', () => {
		const faults = new FaultInjector();
		faults.set({failEvery: 2, failStatus: 502});
		const statuses = [1, 2, 3, 4].map(() => {
			const {n} = faults.arrive();
			const delivery = faults.answer(n, page);
			return delivery.kind === 'reply' ? delivery.reply.status : 0;
		});
		expect(statuses).toEqual([200, 502, 200, 502]);
	});

	it('adds latency plus a jitter that is a function of the request number', () => {
		const a = new FaultInjector({latencyMs: 100, jitterMs: 50});
		const b = new FaultInjector({latencyMs: 100, jitterMs: 50});
		const delays = Array.from({length: 20}, () => a.arrive().delayMs);
		expect(Array.from({length: 20}, () => b.arrive().delayMs)).toEqual(delays);
		expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
		expect(Math.max(...delays)).toBeLessThanOrEqual(150);
		expect(new Set(delays).size).toBeGreaterThan(5);
	});

	it('builds each failure page', () => {
		expect(failureReply({...NO_FAULTS, failStatus: 500}).body).toContain('Server Error (500)');
		expect(failureReply({...NO_FAULTS, failStatus: 502}).body).toContain('502 Bad Gateway');
		const throttled = failureReply({...NO_FAULTS, failStatus: 429, retryAfter: 1});
		expect(json(throttled)).toEqual({detail: 'Request was throttled. Expected available in 1 second.'});
		expect(throttled.headers['Retry-After']).toBe('1');
	});

	it('cuts a body in half, announcing the whole length', () => {
		const reply = page();
		const full = Buffer.from(String(reply.body));
		const cut = malform(reply, 'reset');
		expect(cut).toMatchObject({kind: 'cut', declaredLength: full.length, how: 'reset'});
		expect(cut.kind === 'cut' && cut.sent.equals(full.subarray(0, Math.floor(full.length / 2)))).toBe(true);
		expect(malform(reply, 'stop-halfway')).toMatchObject({how: 'fin'});
		expect(malform(reply, 'hang')).toEqual({kind: 'hang'});
	});

	it('truncates inside a multi-byte character without mangling the bytes', () => {
		const reply: Reply = {status: 200, headers: {}, body: '€€€', shape: 'plain'};
		const delivery = malform(reply, 'truncated');
		expect(
			delivery.kind === 'reply' && Buffer.from(delivery.reply.body).equals(Buffer.from('€€€').subarray(0, 4)),
		).toBe(true);
	});
});

describe('the rate limit', () => {
	it('lets N requests through in any one second, then throttles like DRF until the window moves on', () => {
		let now = 10_000;
		const faults = new FaultInjector({rateLimitPerSecond: 2}, () => now);
		const api = new DemoApi({throttle: () => faults.throttle()});
		const status = () => api.route(get(`${BASE}42/`)).status;
		expect(status()).toBe(200);
		now += 300;
		expect(status()).toBe(200);
		now += 200;
		const refused = api.route(get(`${BASE}42/`));
		expect(refused.status).toBe(429);
		expect(refused.headers['Retry-After']).toBe('1');
		expect(json(refused)).toEqual({detail: 'Request was throttled. Expected available in 1 second.'});
		// A refused request does not count: the first one leaves the window at 11,000.
		now = 10_999;
		expect(status()).toBe(429);
		now = 11_000;
		expect(status()).toBe(200);
		expect(status()).toBe(429);
	});

	it('is checked after authentication and only on known routes, as DRF does', () => {
		const now = 0;
		const faults = new FaultInjector({rateLimitPerSecond: 1}, () => now);
		const api = new DemoApi({throttle: () => faults.throttle()});
		expect(api.route(get(`${BASE}42/`)).status).toBe(200);
		expect(api.route(get(`${BASE}42/`, {})).status).toBe(401);
		expect(api.route(get('/nope/')).status).toBe(404);
		expect(api.route({...get(`${BASE}42/`), method: 'DELETE'}).status).toBe(429);
	});

	it('states the wait as DRF computes it: what is left of the window, shared among the free requests', () => {
		const limiter = new RateLimiter(3, 60_000);
		expect([0, 10_000, 20_000].map(at => limiter.check(at))).toEqual([undefined, undefined, undefined]);
		expect(limiter.check(30_000)).toBe(30);
		const reply = throttledReply(29.2);
		expect(json(reply)).toEqual({detail: 'Request was throttled. Expected available in 30 seconds.'});
		expect(reply.headers['Retry-After']).toBe('30');
		expect(new RateLimiter(0).check(0)).toBeUndefined();
	});

	it('starts a fresh window when the faults change', () => {
		const faults = new FaultInjector({rateLimitPerSecond: 1}, () => 0);
		expect(faults.throttle()).toBeUndefined();
		expect(faults.throttle()).toBe(1);
		faults.set({rateLimitPerSecond: 1});
		expect(faults.throttle()).toBeUndefined();
		faults.set({rateLimitPerSecond: 0});
		expect(faults.throttle()).toBeUndefined();
		expect(faults.throttle()).toBeUndefined();
	});
});
