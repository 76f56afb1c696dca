import net from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {DEMO_TOKEN, NO_FAULTS, epochClock, startDemoServer} from '../../source/demo/server.js';
import {demoFetch, demoJson, serveDemoPerFile, untilRequests, withDemoServer} from '../helpers/server.js';

const RECORDS = 'email-validation/jobs/42/records/';

describe('fault knobs', () => {
	const server = serveDemoPerFile();

	afterEach(() => {
		server().setFaults(NO_FAULTS);
		server().resetStats();
	});

	it('adds latency', async () => {
		server().setFaults({latencyMs: 120});
		const started = performance.now();
		expect((await demoFetch(server(), RECORDS)).status).toBe(200);
		expect(performance.now() - started).toBeGreaterThanOrEqual(115);
	});

	it('adds bounded, deterministic jitter', async () => {
		const s = server();
		const timings: number[] = [];
		s.setFaults({jitterMs: 60});
		for (let i = 0; i < 6; i++) {
			const started = performance.now();
			await (await demoFetch(s, RECORDS)).text();
			timings.push(performance.now() - started);
		}
		// Generous: a parallel test file's GC can stall this process for a while.
		expect(Math.max(...timings)).toBeLessThan(60 + 400);
		expect(Math.max(...timings) - Math.min(...timings)).toBeGreaterThan(5);
	});

	it('fails every Nth request with 503 and Retry-After, counting from setFaults', async () => {
		const s = server();
		s.setFaults({failEvery: 3, failStatus: 503, retryAfter: 7});
		const statuses: number[] = [];
		for (let i = 0; i < 6; i++) {
			const response = await demoFetch(s, RECORDS);
			statuses.push(response.status);
			if (response.status === 503) {
				expect(response.headers.get('retry-after')).toBe('7');
				expect(response.headers.get('content-type')).toMatch(/^text\/html/);
				expect(await response.text()).toContain('503 Service Unavailable');
			} else {
				await response.text();
			}
		}
		expect(statuses).toEqual([200, 200, 503, 200, 200, 503]);
		expect(s.requests.map(r => r.status)).toEqual(statuses);
	});

	it('throttles with 429, a DRF body and Retry-After', async () => {
		server().setFaults({failEvery: 1, failStatus: 429, retryAfter: 2});
		const {status, headers, body} = await demoJson(server(), RECORDS);
		expect(status).toBe(429);
		expect(headers.get('retry-after')).toBe('2');
		expect(body).toEqual({detail: 'Request was throttled. Expected available in 2 seconds.'});
	});

	it('sends no Retry-After when none is configured', async () => {
		server().setFaults({failEvery: 1, failStatus: 429});
		const response = await demoFetch(server(), RECORDS);
		expect(response.headers.get('retry-after')).toBeNull();
		expect(await response.json()).toEqual({detail: 'Request was throttled.'});
	});

	it.each([500, 502])('fails with an HTML %i page', async failStatus => {
		server().setFaults({failEvery: 1, failStatus, retryAfter: 3});
		const response = await demoFetch(server(), RECORDS);
		expect(response.status).toBe(failStatus);
		expect(response.headers.get('retry-after')).toBeNull();
		expect(response.headers.get('content-type')).toMatch(/^text\/html/);
		expect(await response.text()).toContain(String(failStatus));
	});

	it('malformed: html answers 200 with an HTML page', async () => {
		server().setFaults({malformed: 'html'});
		const response = await demoFetch(server(), RECORDS);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/html/);
		await expect(response.json()).rejects.toThrow();
	});

	it('malformed: truncated sends the valid start of the real body, then ends', async () => {
		const s = server();
		const full = await (await demoFetch(s, RECORDS)).text();
		s.setFaults({malformed: 'truncated'});
		const response = await demoFetch(s, RECORDS);
		expect(response.status).toBe(200);
		const text = await response.text();
		expect(text.length).toBeGreaterThan(10);
		expect(full.startsWith(text)).toBe(true);
		expect(() => JSON.parse(text)).toThrow();
	});

	it('malformed: empty sends no body', async () => {
		server().setFaults({malformed: 'empty'});
		const response = await demoFetch(server(), RECORDS);
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('');
	});

	it('malformed: wrong-shape sends valid JSON that breaks the schema', async () => {
		const s = server();
		s.setFaults({malformed: 'wrong-shape'});
		const page = (await demoJson(s, RECORDS)).body;
		expect(typeof page.count).toBe('string');
		expect(page).not.toHaveProperty('results');
		const job = (await demoJson(s, 'email-validation/jobs/42/')).body;
		expect(typeof job.id).toBe('string');
		expect(job).not.toHaveProperty('records');
		const download = (await demoJson(s, 'email-validation/jobs/42/download/?format=json')).body;
		expect(Array.isArray(download)).toBe(false);
	});

	it('malformed: wrong-shape leaves error answers alone', async () => {
		server().setFaults({malformed: 'wrong-shape'});
		const {status, body} = await demoJson(server(), `${RECORDS}?status=nope`);
		expect(status).toBe(400);
		expect(body).toEqual({error: 'Invalid status filter.'});
	});

	it('malformed: reset breaks the connection mid-response', async () => {
		server().setFaults({malformed: 'reset'});
		await expect(demoFetch(server(), RECORDS).then(r => r.text())).rejects.toThrow();
	});

	it('malformed: stop-halfway ends the body before Content-Length is reached', async () => {
		server().setFaults({malformed: 'stop-halfway'});
		await expect(demoFetch(server(), RECORDS).then(r => r.text())).rejects.toThrow();
	});

	it('malformed: stop-halfway and reset also cut streamed downloads', async () => {
		const s = server();
		for (const malformed of ['stop-halfway', 'reset'] as const) {
			s.setFaults({malformed});
			await expect(demoFetch(s, 'email-validation/jobs/7001/download/').then(r => r.text())).rejects.toThrow();
		}
		s.setFaults({malformed: 'truncated'});
		const text = await (await demoFetch(s, 'email-validation/jobs/42/download/?format=json')).text();
		expect(text.startsWith('[{"id":9881,')).toBe(true);
		expect(() => JSON.parse(text)).toThrow();
	});

	it('malformed: hang never answers', async () => {
		const s = server();
		s.setFaults({malformed: 'hang'});
		await expect(demoFetch(s, RECORDS, {signal: AbortSignal.timeout(300)})).rejects.toThrow();
		expect(s.requests.at(-1)?.status).toBe(0);
	});

	it('malformedEvery spaces the bad answers out', async () => {
		const s = server();
		s.setFaults({malformed: 'empty', malformedEvery: 2});
		const lengths: number[] = [];
		for (let i = 0; i < 4; i++) {
			lengths.push((await (await demoFetch(s, RECORDS)).text()).length);
		}
		expect(lengths[0]).toBeGreaterThan(0);
		expect(lengths[1]).toBe(0);
		expect(lengths[2]).toBeGreaterThan(0);
		expect(lengths[3]).toBe(0);
	});
});

describe('the rate limit over HTTP', () => {
	it('answers the first N of a burst and throttles the rest with Retry-After and DRF’s message', async () => {
		let now = 1_000_000;
		await withDemoServer({faults: {rateLimitPerSecond: 2}, clock: () => now}, async s => {
			const burst = await Promise.all(Array.from({length: 5}, () => demoJson(s, RECORDS)));
			expect(burst.map(r => r.status).sort()).toEqual([200, 200, 429, 429, 429]);
			for (const refused of burst.filter(r => r.status === 429)) {
				expect(refused.headers.get('retry-after')).toBe('1');
				expect(refused.body).toEqual({detail: 'Request was throttled. Expected available in 1 second.'});
			}
			expect(s.requests.map(r => r.status).sort()).toEqual([200, 200, 429, 429, 429]);
			now += 1000;
			expect((await demoFetch(s, RECORDS)).status).toBe(200);
		});
	});

	it('can be set and lifted at run time', async () => {
		const s = await startDemoServer({clock: () => 0});
		try {
			s.setFaults({rateLimitPerSecond: 1});
			expect((await demoFetch(s, RECORDS)).status).toBe(200);
			expect((await demoFetch(s, RECORDS)).status).toBe(429);
			s.setFaults({rateLimitPerSecond: 0});
			expect((await demoFetch(s, RECORDS)).status).toBe(200);
		} finally {
			await s.close();
		}
	});
});

describe('the request log’s timestamps', () => {
	const server = serveDemoPerFile();

	afterEach(() => {
		server().setFaults(NO_FAULTS);
		server().resetStats();
	});

	it('records when each request arrived and when its answer was sent, on the epoch clock', async () => {
		const s = server();
		s.resetStats();
		const before = epochClock();
		await (await demoFetch(s, RECORDS)).text();
		const after = epochClock();
		const [entry] = s.requests;
		expect(entry?.arrivedAt).toBeGreaterThanOrEqual(before);
		expect(entry?.completedAt).toBeGreaterThanOrEqual(entry!.arrivedAt);
		expect(entry?.completedAt).toBeLessThanOrEqual(after);
		// The same clock as Date.now(), to within its millisecond.
		expect(Math.abs(entry!.arrivedAt - Date.now())).toBeLessThan(60_000);
	});

	it('completes an answer only after its latency', async () => {
		const s = server();
		s.resetStats();
		s.setFaults({latencyMs: 80});
		await (await demoFetch(s, RECORDS)).text();
		const [entry] = s.requests;
		expect(entry!.completedAt! - entry!.arrivedAt).toBeGreaterThanOrEqual(79);
	});

	it('orders arrivals, so "sent once" and "sent first" can be read from it', async () => {
		const s = server();
		s.resetStats();
		await (await demoFetch(s, 'email-validation/jobs/42/')).text();
		await (await demoFetch(s, RECORDS)).text();
		const [first, second] = s.requests;
		expect(first?.path).toBe('/backend/api/v1/email-validation/jobs/42/');
		expect(second!.arrivedAt).toBeGreaterThanOrEqual(first!.completedAt!);
	});

	it('leaves completedAt null for an answer that never completed', async () => {
		const s = server();
		s.resetStats();
		s.setFaults({malformed: 'hang'});
		await expect(demoFetch(s, RECORDS, {signal: AbortSignal.timeout(200)})).rejects.toThrow();
		s.setFaults({malformed: 'reset'});
		await expect(demoFetch(s, RECORDS).then(r => r.text())).rejects.toThrow();
		expect(s.requests.map(r => r.completedAt)).toEqual([null, null]);
		expect(s.requests.every(r => r.arrivedAt > 0)).toBe(true);
	});
});

describe('close()', () => {
	it('returns at once with hung requests, latency sleeps and idle keep-alive sockets', async () => {
		const s = await startDemoServer({faults: {malformed: 'hang'}});
		const hung = demoFetch(s, RECORDS).catch((error: unknown) => error);
		await untilRequests(s, log => log.length === 1, 'the request that hangs');
		const idle = net.connect(Number(new URL(s.origin).port), '127.0.0.1');
		await new Promise(resolve => idle.once('connect', resolve));
		s.setFaults({malformed: null, latencyMs: 60_000});
		const sleeping = demoFetch(s, RECORDS).catch((error: unknown) => error);
		await untilRequests(s, log => log.length === 2, 'the request that sleeps');
		// Neither request would end on its own within the test's time limit: close() must end them.
		await s.close();
		expect(await hung).toBeInstanceOf(Error);
		expect(await sleeping).toBeInstanceOf(Error);
		await s.close();
		idle.destroy();
	});

	it('frees the port', async () => {
		const s = await startDemoServer();
		const port = Number(new URL(s.origin).port);
		await s.close();
		const again = await startDemoServer({port});
		expect(again.origin).toBe(s.origin);
		await again.close();
	});
});

describe('options', () => {
	it('takes faults and tokens at start', async () => {
		await withDemoServer({tokens: ['a', 'b'], faults: {failEvery: 1, failStatus: 500}}, async s => {
			expect(s.token).toBe('a');
			expect((await demoFetch(s, RECORDS, {token: 'b'})).status).toBe(500);
			s.setFaults({failEvery: 0});
			expect((await demoFetch(s, RECORDS, {token: 'b'})).status).toBe(200);
			expect((await demoFetch(s, RECORDS, {token: DEMO_TOKEN})).status).toBe(401);
		});
	});

	it('listens on 127.0.0.1 and an ephemeral port by default', async () => {
		await withDemoServer(undefined, async s => {
			const url = new URL(s.origin);
			expect(url.hostname).toBe('127.0.0.1');
			expect(Number(url.port)).toBeGreaterThan(0);
			expect(s.baseUrl).toBe(`${s.origin}/backend/api/v1/`);
		});
	});
});
