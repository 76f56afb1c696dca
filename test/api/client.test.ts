// The client against the embedded demo server over real loopback HTTP: no mocked fetch.
import {inspect} from 'node:util';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createClient, type ClientOptions} from '../../source/api/client.js';
import {ApiError, type ApiErrorKind} from '../../source/api/errors.js';
import type {ApiClient, RecordFilter} from '../../source/api/types.js';
import {DEMO_TOKEN, NO_FAULTS, startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {startReplyServer} from '../helpers/replyServer.js';
import {untilRequests} from '../helpers/server.js';
import {sameText} from '../../source/text/untrusted.js';

let server: DemoServer;

beforeAll(async () => {
	server = await startDemoServer({host: '127.0.0.1', port: 0});
});

afterAll(async () => {
	await server?.close();
});

afterEach(() => {
	server.setFaults(NO_FAULTS);
	server.setTokens([DEMO_TOKEN]);
	server.resetStats();
});

/** Small timeouts and backoff keep every failure path well under a second. */
function client(options: Partial<ClientOptions> = {}): ApiClient {
	return createClient({
		baseUrl: server.baseUrl,
		token: DEMO_TOKEN,
		timeoutMs: 1000,
		...options,
		retry: {limit: 2, backoffBaseMs: 5, maxRetryAfterMs: 2000, maxTotalMs: 5000, ...options.retry},
	});
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(ApiError);
		return error as ApiError;
	}

	throw new Error('expected the call to fail');
}

async function expectKind(promise: Promise<unknown>, kind: ApiErrorKind): Promise<ApiError> {
	const error = await failure(promise);
	expect(error.kind, error.message).toBe(kind);
	expect(error.message).not.toMatch(/[\n\r\u001b]/);
	return error;
}

function query(entry: DemoServer['requests'][number]): Record<string, string> {
	const raw: unknown = entry.query;
	if (typeof raw === 'string') {
		return Object.fromEntries(new URLSearchParams(raw));
	}

	if (raw instanceof URLSearchParams) {
		return Object.fromEntries(raw);
	}

	return {...(raw as Record<string, string>)};
}

function apiRequests() {
	return server.requests.filter(entry => entry.path.includes('email-validation/'));
}

describe('requests as documented', () => {
	it('lists jobs without sending unset parameters', async () => {
		const page = await client().listJobs();
		expect(page.results.length).toBeGreaterThan(0);
		expect(page.current_page).toBe(1);
		const [request] = apiRequests();
		expect(request?.method).toBe('GET');
		expect(request?.path).toMatch(/\/email-validation\/jobs\/$/);
		expect(query(request!)).toEqual({});
	});

	it('sends status, page and page_size exactly as given', async () => {
		await client().listJobs({status: 'Processed', page: 1, page_size: 5});
		await client().getRecords(42, {status: 'Valid', page: 2, page_size: 50});
		await client().getRecords(42, {status: 'All'});
		const [jobs, records, all] = apiRequests();
		expect(query(jobs!)).toEqual({status: 'Processed', page: '1', page_size: '5'});
		expect(records?.path).toMatch(/\/email-validation\/jobs\/42\/records\/$/);
		expect(query(records!)).toEqual({status: 'Valid', page: '2', page_size: '50'});
		expect(query(all!)).toEqual({status: 'All'});
	});

	it('reads one job with its first records inline', async () => {
		const job = await client().getJob(42);
		expect(apiRequests()[0]?.path).toMatch(/\/email-validation\/jobs\/42\/$/);
		expect(job).toMatchObject({
			id: 42,
			list_name: 'Q1 Leads',
			total_records: 250,
			valid_count: 178,
			invalid_count: 49,
			unknown_count: 23,
		});
		expect(job.records.length).toBeLessThanOrEqual(100);
		expect(job.records[0]).toMatchObject({id: 9881, email: 'jane@acme.com'});
	});

	it('normalises a base URL without its trailing slash', async () => {
		const api = client({baseUrl: server.baseUrl.replace(/\/$/, '')});
		expect(api.baseUrl).toBe(server.baseUrl);
		expect((await api.getRecords(42, {page_size: 1})).count).toBe(250);
	});
});

describe('pagination at the edges', () => {
	it('reads the default page of 100 and the last partial page', async () => {
		const first = await client().getRecords(42);
		expect(first).toMatchObject({count: 250, total_pages: 3, current_page: 1, previous: null});
		expect(first.results).toHaveLength(100);
		expect(first.results[0]).toMatchObject({id: 9881, email: 'jane@acme.com'});
		expect(first.next).not.toBeNull();

		const last = await client().getRecords(42, {page: 3});
		expect(last).toMatchObject({current_page: 3, next: null});
		expect(last.results).toHaveLength(50);
	});

	it('filters by status', async () => {
		const counts: Partial<Record<RecordFilter, number>> = {};
		for (const status of ['Valid', 'Invalid', 'Unknown', 'All'] as const) {
			counts[status] = (await client().getRecords(42, {status, page_size: 1})).count;
		}

		expect(counts).toEqual({Valid: 178, Invalid: 49, Unknown: 23, All: 250});
		const valid = await client().getRecords(42, {status: 'Valid', page_size: 1000});
		expect(valid.results.every(record => sameText(record.status, 'Valid'))).toBe(true);
	});

	it('handles a job size that is an exact multiple of the page size', async () => {
		const second = await client().getRecords(42, {page: 2, page_size: 125});
		expect(second).toMatchObject({count: 250, total_pages: 2, current_page: 2, next: null});
		expect(second.results).toHaveLength(125);
		const error = await expectKind(client().getRecords(42, {page: 3, page_size: 125}), 'invalid-page');
		expect(error.status).toBe(404);
		expect(error.serverMessage).toBe('Invalid page.');
		expect(error.message).toBe('Page 3 is past the end of the list (404 Invalid page.).');
	});

	it('reports a page past the end as invalid-page, without retrying', async () => {
		await expectKind(client().getRecords(42, {page: 4}), 'invalid-page');
		await expectKind(client().listJobs({page: 9999}), 'invalid-page');
		expect(apiRequests()).toHaveLength(2);
	});

	it('reads page_size 1 and 1000', async () => {
		const one = await client().getRecords(42, {page_size: 1, page: 250});
		expect(one).toMatchObject({count: 250, total_pages: 250, current_page: 250, next: null});
		expect(one.results).toHaveLength(1);
		const all = await client().getRecords(42, {page_size: 1000});
		expect(all).toMatchObject({count: 250, total_pages: 1, next: null, previous: null});
		expect(all.results).toHaveLength(250);
		expect(new Set(all.results.map(record => record.id)).size).toBe(250);
	});

	it('reads an empty job', async () => {
		const empty = await client().getRecords(43);
		expect(empty.count).toBe(0);
		expect(empty.results).toEqual([]);
		expect(empty.next).toBeNull();
		await expectKind(client().getRecords(43, {page: 2}), 'invalid-page');
	});

	it('reads the far end of a large job, including Error and Pending records', async () => {
		const first = await client().getRecords(7001, {page_size: 1000});
		expect(first).toMatchObject({count: 120_000, total_pages: 120});
		const last = await client().getRecords(7001, {page_size: 1000, page: 120});
		expect(last.results).toHaveLength(1000);
		expect(last.next).toBeNull();
		const errors = await client().getRecords(7001, {status: 'Error', page_size: 5});
		expect(errors.count).toBeGreaterThan(0);
		expect(errors.results[0]?.error_message).toEqual(expect.any(String));
		expect((await client().getRecords(7001, {status: 'Pending', page_size: 5})).count).toBeGreaterThan(0);
	});

	it('follows a job that changes size', async () => {
		server.setJobSize(43, 3);
		const page = await client().getRecords(43, {page_size: 2, page: 2});
		expect(page).toMatchObject({count: 3, total_pages: 2});
		expect(page.results).toHaveLength(1);
		server.setJobSize(43, 0);
	});
});

describe('documented errors, never retried', () => {
	it('401 for a wrong token', async () => {
		const error = await expectKind(client({token: 'not-the-token'}).getRecords(42), 'auth');
		expect(error.status).toBe(401);
		expect(error.message).toBe(
			'The API refused the token (401 Invalid token.). Log in again with `ecore-records login` or set ECORE_API_TOKEN.',
		);
		expect(apiRequests()).toHaveLength(1);
	});

	it('401 after the token is revoked', async () => {
		const api = client();
		await api.listJobs();
		server.setTokens(['another-token']);
		await expectKind(api.listJobs(), 'auth');
	});

	it('404 for a job of another user, for both endpoints', async () => {
		const detail = await expectKind(client().getJob(99), 'not-found');
		expect(detail.message).toBe('Job 99 was not found, or it belongs to another account.');
		expect(detail.serverMessage).toBe('Not found.');
		await expectKind(client().getRecords(99), 'not-found');
		await expectKind(client().getRecords(123_456), 'not-found');
		expect(apiRequests()).toHaveLength(3);
	});

	it('400 for a status the server does not know, with its words', async () => {
		const error = await expectKind(client().getRecords(42, {status: 'Bogus' as RecordFilter}), 'bad-request');
		expect(error.status).toBe(400);
		expect(error.serverMessage).toBe('Invalid status filter.');
		expect(error.message).toContain('Invalid status filter.');
		await expectKind(client().listJobs({status: 'Valid' as never}), 'bad-request');
		expect(apiRequests()).toHaveLength(2);
	});

	it('no retry for a failing 4xx', async () => {
		server.setFaults({failEvery: 1, failStatus: 409});
		await expectKind(client().getRecords(42), 'http');
		expect(apiRequests()).toHaveLength(1);
		// DRF's 403 for a refused token (see TOKEN_REFUSED_STATUSES) is a refusal like 401.
		server.setFaults({failEvery: 1, failStatus: 403});
		await expectKind(client().getRecords(42), 'auth');
		expect(apiRequests()).toHaveLength(2);
	});

	it('checks arguments before sending anything', async () => {
		await expectKind(client().getRecords(0), 'bad-request');
		await expectKind(client().getJob(1.5), 'bad-request');
		await expectKind(client().getRecords(42, {page: 0}), 'bad-request');
		await expectKind(client().getRecords(42, {page_size: Number.NaN}), 'bad-request');
		await expectKind(client({token: '  '}).getRecords(42), 'auth');
		await expectKind(client({token: 'two words'}).getRecords(42), 'auth');
		expect(apiRequests()).toHaveLength(0);
	});
});

describe('malformed bodies', () => {
	it.each(['html', 'truncated', 'empty', 'wrong-shape'] as const)('%s → malformed, one line', async malformed => {
		server.setFaults({malformed, malformedEvery: 1});
		const error = await expectKind(client().getRecords(42), 'malformed');
		expect(error.message).toMatch(
			/^The server sent a response that is not the expected records page \(.+\)\. If it persists, check --base-url\.$/,
		);
	});

	it('names the body that did not fit', async () => {
		server.setFaults({malformed: 'wrong-shape', malformedEvery: 1});
		expect((await failure(client().listJobs())).message).toContain('not the expected jobs page');
		expect((await failure(client().getJob(42))).message).toContain('not the expected job details');
	});

	it('a connection reset is a network error, retried', async () => {
		server.setFaults({malformed: 'reset', malformedEvery: 1});
		const error = await expectKind(client().getRecords(42), 'network');
		expect(error.message).toBe(
			`The connection to ${new URL(server.baseUrl).host} broke (the connection was closed mid-response) (tried 3 times). Check your connection and --base-url.`,
		);
		expect(apiRequests()).toHaveLength(3);
	});

	it('a body that stops halfway is a network error, retried', async () => {
		server.setFaults({malformed: 'stop-halfway', malformedEvery: 1});
		await expectKind(client({retry: {limit: 1}}).getRecords(42), 'network');
		expect(apiRequests()).toHaveLength(2);
	});

	it('recovers when only some responses are bad', async () => {
		server.setFaults({malformed: 'reset', malformedEvery: 2});
		const api = client();
		for (let index = 0; index < 4; index++) {
			expect((await api.getRecords(42, {page_size: 1})).count).toBe(250);
		}
	});
});

describe('retries', () => {
	it('retries 503 up to the limit, then reports a server error', async () => {
		server.setFaults({failEvery: 1, failStatus: 503});
		const error = await expectKind(client({retry: {limit: 2}}).getRecords(42), 'server');
		expect(error.status).toBe(503);
		expect(error.message).toContain('tried 3 times');
		expect(apiRequests()).toHaveLength(3);
	});

	it.each([500, 502, 504, 408, 429])('retries %i', async status => {
		server.setFaults({failEvery: 1, failStatus: status});
		await failure(client({retry: {limit: 1}}).getRecords(42));
		expect(apiRequests()).toHaveLength(2);
	});

	it('succeeds when a retry gets through', async () => {
		server.setFaults({failEvery: 2, failStatus: 502});
		const api = client();
		for (let index = 0; index < 4; index++) {
			expect((await api.getRecords(42, {page_size: 1})).count).toBe(250);
		}

		expect(apiRequests().filter(entry => entry.status === 502).length).toBeGreaterThan(0);
	});

	it('waits as long as a short Retry-After asks', async () => {
		server.setFaults({failEvery: 1, failStatus: 429, retryAfter: 1});
		const api = client({retry: {limit: 1, maxRetryAfterMs: 2000}});
		const started = performance.now();
		const error = await expectKind(api.getRecords(42), 'rate-limited');
		expect(performance.now() - started).toBeGreaterThanOrEqual(950);
		expect(error.retryAfter).toBe(1);
		// A one-second throttle is no daily cap; and the command line has no r to press.
		expect(error.message).not.toContain('daily usage cap');
		expect(error.message).not.toMatch(/press r/i);
		expect(apiRequests()).toHaveLength(2);
	});

	it('fails fast when Retry-After is longer than the cap', async () => {
		server.setFaults({failEvery: 1, failStatus: 429, retryAfter: 3600});
		const api = client({retry: {limit: 3, maxRetryAfterMs: 1000, maxTotalMs: 10_000_000}});
		// Had it waited, the call would outlast the test by an hour.
		const error = await expectKind(api.getRecords(42), 'rate-limited');
		expect(error.retryAfter).toBe(3600);
		expect(error.message).toBe(
			'The API is rate-limiting requests (429) and asked to wait 3600 s, longer than the 1 s this client waits. Try again later; test tokens have a daily usage cap.',
		);
		expect(apiRequests()).toHaveLength(1);
	});

	it('gives up when the next wait would pass the total budget', async () => {
		server.setFaults({failEvery: 1, failStatus: 503, retryAfter: 1});
		const api = client({retry: {limit: 5, maxRetryAfterMs: 5000, maxTotalMs: 500}});
		await expectKind(api.getRecords(42), 'server');
		// No wait began: it would have ended in a second request.
		expect(apiRequests()).toHaveLength(1);
	});

	it('bounds plain backoff by the total budget too', async () => {
		server.setFaults({failEvery: 1, failStatus: 500});
		const api = client({retry: {limit: 50, backoffBaseMs: 40, maxTotalMs: 400}});
		await expectKind(api.getRecords(42), 'server');
		// Fifty retries were allowed; the budget stopped them after a few.
		expect(apiRequests().length).toBeGreaterThan(1);
		expect(apiRequests().length).toBeLessThan(10);
	});

	it('ends the whole call within its budget, slow answers included: no retry starts that cannot finish', async () => {
		// Scaled down from a 503 that takes 14 s against the default 30 s budget: each answer takes 40 %
		// of the budget, so a second attempt fits and a third cannot (it would end past the deadline).
		server.setFaults({latencyMs: 400, failEvery: 1, failStatus: 503});
		const api = client({timeoutMs: 5000, retry: {limit: 3, backoffBaseMs: 1, maxTotalMs: 1000}});
		const error = await expectKind(api.getRecords(42), 'server');
		const sent = apiRequests();
		expect(sent.length).toBeGreaterThanOrEqual(1);
		expect(sent.length).toBeLessThanOrEqual(2);
		expect(error.message).toContain(sent.length === 1 ? '(503 Service Unavailable' : 'tried 2 times');
		// Every attempt that started was answered: none was cut off by the deadline.
		expect(sent.every(entry => entry.status === 503)).toBe(true);
	});

	it('shortens an attempt to what is left of the budget: a slow answer is not waited for past it', async () => {
		server.setFaults({latencyMs: 600});
		const api = client({timeoutMs: 5000, retry: {limit: 3, backoffBaseMs: 1, maxTotalMs: 300}});
		const error = await expectKind(api.getRecords(42, {page_size: 1}), 'timeout');
		expect(error.message).toContain('did not answer within 0.3 s.');
		expect(apiRequests()).toHaveLength(1);
	});

	it('retries slow failures while they fit in the budget', async () => {
		server.setFaults({latencyMs: 50, failEvery: 1, failStatus: 503});
		const api = client({timeoutMs: 5000, retry: {limit: 2, backoffBaseMs: 1, maxTotalMs: 20_000}});
		const error = await expectKind(api.getRecords(42), 'server');
		expect(error.message).toContain('tried 3 times');
		expect(apiRequests()).toHaveLength(3);
	});

	it('does not retry when the limit is 0', async () => {
		server.setFaults({failEvery: 1, failStatus: 503});
		await expectKind(client({retry: {limit: 0}}).getRecords(42), 'server');
		expect(apiRequests()).toHaveLength(1);
	});
});

describe('waits the server asks for, read as ky reads them', () => {
	it('backs off instead of waiting the longest for a Retry-After it cannot read', async () => {
		const reply = await startReplyServer(() => ({status: 503, headers: {'Retry-After': 'soon'}, body: '{}'}));
		try {
			// ky alone would wait maxRetryAfter (3 s), past this call's 2 s budget, and never try again.
			const api = client({
				baseUrl: reply.baseUrl,
				retry: {limit: 1, backoffBaseMs: 1, maxRetryAfterMs: 3000, maxTotalMs: 2000},
			});
			const error = await expectKind(api.listJobs(), 'server');
			expect(error.retryAfter).toBeUndefined();
			expect(reply.requests).toHaveLength(2);
		} finally {
			await reply.close();
		}
	});

	it('takes a rate-limit reset header for a Retry-After, and fails at once when it is too long', async () => {
		const reply = await startReplyServer(() => ({status: 429, headers: {'RateLimit-Reset': '3600'}, body: '{}'}));
		try {
			const api = client({baseUrl: reply.baseUrl, retry: {limit: 3, maxRetryAfterMs: 1000, maxTotalMs: 60_000}});
			const error = await expectKind(api.listJobs(), 'rate-limited');
			expect(error.retryAfter).toBe(3600);
			expect(error.message).toContain('asked to wait 3600 s, longer than the 1 s this client waits');
			expect(reply.requests).toHaveLength(1);
		} finally {
			await reply.close();
		}
	});
});

describe('timeouts', () => {
	it('a server that never answers times out per attempt, and is retried', async () => {
		server.setFaults({malformed: 'hang', malformedEvery: 1});
		const api = client({timeoutMs: 100, retry: {limit: 1}});
		// The server never answers: only the client's own timeouts can end the call.
		const error = await expectKind(api.getRecords(42), 'timeout');
		expect(error.message).toContain('did not answer within 0.1 s (tried 2 times)');
		expect(apiRequests()).toHaveLength(2);
	});

	it('slow but in time is fine', async () => {
		server.setFaults({latencyMs: 50});
		expect((await client({timeoutMs: 1000}).getRecords(42, {page_size: 1})).count).toBe(250);
	});
});

describe('cancellation', () => {
	// In each case nothing but the abort can end the call within the test's time limit (a hang, a long
	// wait asked for): that the call ends at all, as 'aborted', is the proof it did not wait.
	it('an aborted signal rejects a call in flight and stops retries', async () => {
		server.setFaults({malformed: 'hang', malformedEvery: 1});
		const controller = new AbortController();
		const promise = client({timeoutMs: 60_000}).getRecords(42, {}, {signal: controller.signal});
		await untilRequests(server, () => apiRequests().length === 1, 'the request');
		controller.abort();
		await expectKind(promise, 'aborted');
		expect(apiRequests()).toHaveLength(1);
	});

	it('aborting during a retry wait rejects at once', async () => {
		server.setFaults({failEvery: 1, failStatus: 503, retryAfter: 20});
		const controller = new AbortController();
		const api = client({retry: {limit: 3, maxRetryAfterMs: 30_000, maxTotalMs: 60_000}});
		const promise = api.getRecords(42, {}, {signal: controller.signal});
		await untilRequests(server, () => apiRequests().some(entry => entry.status === 503), 'the 503');
		controller.abort();
		await expectKind(promise, 'aborted');
		expect(apiRequests()).toHaveLength(1);
	});

	it('an already aborted signal sends nothing', async () => {
		await expectKind(client().getRecords(42, {}, {signal: AbortSignal.abort()}), 'aborted');
		expect(apiRequests()).toHaveLength(0);
	});

	it('a custom abort reason is still reported as aborted', async () => {
		server.setFaults({latencyMs: 60_000});
		const controller = new AbortController();
		const promise = client({timeoutMs: 60_000}).getJob(42, {signal: controller.signal});
		await untilRequests(server, () => apiRequests().length === 1, 'the request');
		controller.abort('user pressed q');
		await expectKind(promise, 'aborted');
	});

	it('abortAll aborts every request in flight, and the client keeps working', async () => {
		server.setFaults({malformed: 'hang', malformedEvery: 1});
		const api = client({timeoutMs: 60_000});
		const calls = [api.listJobs(), api.getJob(42), api.getRecords(42), api.getRecords(7001)].map(async call =>
			expectKind(call, 'aborted'),
		);
		await untilRequests(server, () => apiRequests().length === 4, 'the four requests');
		api.abortAll();
		await Promise.all(calls);

		server.setFaults({malformed: null});
		expect((await api.getRecords(42, {page_size: 1})).count).toBe(250);
	});
});

describe('base URL safety', () => {
	it('refuses plain http to a remote host before any request', async () => {
		const api = createClient({baseUrl: 'http://app.ecoreservice.com/backend/api/v1/', token: DEMO_TOKEN});
		const error = await expectKind(api.listJobs(), 'insecure');
		expect(error.message).toContain('Refusing to send the API token over plain http://');
		await expectKind(api.getRecords(42), 'insecure');
	});

	it('explains an invalid base URL', async () => {
		const error = await expectKind(createClient({baseUrl: 'not a url', token: 'x'}).getJob(42), 'insecure');
		expect(error.message).toContain('is not a valid URL');
	});

	it('says when the base URL points at something that is not the API', async () => {
		const api = client({baseUrl: `${server.origin}/backend/api/v2/`});
		const host = new URL(server.origin).host;
		for (const call of [() => api.listJobs(), () => api.getJob(42), () => api.getRecords(42)]) {
			const error = await expectKind(call(), 'not-found');
			expect(error.message).toBe(`${host} has no eCore jobs endpoint at this address (404). Check --base-url.`);
		}
	});

	it('allows plain http to localhost', async () => {
		const api = client({baseUrl: server.baseUrl.replace('127.0.0.1', 'localhost')});
		expect((await api.getRecords(42, {page_size: 1})).count).toBe(250);
	});

	it('refuses a name that only sounds local (localhost.) before anything is resolved or sent', async () => {
		const api = client({baseUrl: server.baseUrl.replace('127.0.0.1', 'localhost.')});
		const error = await expectKind(api.listJobs(), 'insecure');
		expect(error.message).toContain('Refusing to send the API token over plain http:// to localhost.:');
		expect(apiRequests()).toHaveLength(0);
	});

	it('reports a refused connection as a network error naming the host', async () => {
		const probe = await startDemoServer({host: '127.0.0.1', port: 0});
		const {baseUrl} = probe;
		await probe.close();
		const error = await expectKind(client({baseUrl, retry: {limit: 1}}).listJobs(), 'network');
		expect(error.message).toContain(`Could not reach ${new URL(baseUrl).host} (connection refused)`);
	});
});

describe('the token never leaks', () => {
	const TOKEN = 'secret-token-0123456789abcdef0123456789';

	function expectNoToken(error: ApiError): void {
		const views = [
			JSON.stringify(error),
			String(error),
			error.message,
			error.stack ?? '',
			inspect(error, {depth: Infinity, showHidden: true, getters: true}),
			JSON.stringify(Object.getOwnPropertyDescriptors(error)),
		];
		for (const view of views) {
			expect(view).not.toContain(TOKEN);
			expect(view.toLowerCase()).not.toContain('authorization');
		}

		expect(error.cause).toBeUndefined();
	}

	it('in any error the client can produce', async () => {
		server.setTokens([TOKEN]);
		const api = client({token: TOKEN, timeoutMs: 100, retry: {limit: 1, maxRetryAfterMs: 100}});
		const errors: ApiError[] = [];
		errors.push(await failure(client({token: `${TOKEN}x`}).getRecords(42)));
		errors.push(await failure(api.getJob(99)));
		errors.push(await failure(api.getRecords(42, {page: 99})));
		errors.push(await failure(api.getRecords(42, {status: 'Bogus' as RecordFilter})));
		for (const malformed of ['html', 'truncated', 'empty', 'wrong-shape', 'reset', 'hang', 'stop-halfway'] as const) {
			server.setFaults({malformed, malformedEvery: 1});

			errors.push(await failure(api.getRecords(42)));
		}

		server.setFaults({malformed: null, failEvery: 1, failStatus: 429, retryAfter: 60});
		errors.push(await failure(api.getRecords(42)));
		server.setFaults({failStatus: 500, retryAfter: undefined});
		errors.push(await failure(api.getRecords(42)));
		const controller = new AbortController();
		const aborted = api.getRecords(42, {}, {signal: controller.signal});
		controller.abort();
		errors.push(await failure(aborted));
		errors.push(await failure(createClient({baseUrl: 'http://example.com/', token: TOKEN}).listJobs()));

		expect(new Set(errors.map(error => error.kind))).toEqual(
			new Set([
				'auth',
				'not-found',
				'invalid-page',
				'bad-request',
				'malformed',
				'network',
				'timeout',
				'rate-limited',
				'server',
				'aborted',
				'insecure',
			]),
		);
		for (const error of errors) {
			expectNoToken(error);
		}
	});
});
