// Reading every page of a filter from an API that throttles (issue 14): the export and the breakdown wait as
// long as Retry-After asks, with fewer requests in flight, instead of failing; every record exactly once,
// in order. Against the demo server's request-rate limit and 429 faults, over loopback.
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createClient, type RetryPolicy} from '../../source/api/client.js';
import {pagesOf, type ThrottleWait} from '../../source/api/pages.js';
import type {ApiClient, JobRecord, RecordsPage} from '../../source/api/types.js';
import {NO_FAULTS, startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {runExport} from '../../source/export/command.js';
import {loadBreakdown, type BreakdownProgress} from '../../source/store/breakdown.js';
import {Collector, fetchAll, parseNdjson} from '../export/helpers.js';
import {observedClient} from '../helpers/client.js';

let server: DemoServer;
beforeAll(async () => {
	server = await startDemoServer({port: 0});
});
afterEach(() => {
	server.setFaults(NO_FAULTS);
	server.resetStats();
});
afterAll(async () => {
	await server.close();
});

const JOB = 19;
/** Small enough for seconds at 2 requests a second: 6 pages of 1,000. */
const SIZE = 6000;

const clientFor = (retry: RetryPolicy = {}): ApiClient =>
	createClient({baseUrl: server.baseUrl, token: server.token, retry: {backoffBaseMs: 5, ...retry}});

async function drain(pages: AsyncGenerator<RecordsPage>): Promise<JobRecord[]> {
	const records: JobRecord[] = [];
	for await (const page of pages) records.push(...page.results);
	return records;
}

const ids = (records: readonly JobRecord[]) => records.map(record => record.id);

describe('an API allowing 2 requests a second', () => {
	it('export completes with every record once, in order, and shows the wait on its progress line', async () => {
		server.setJobSize(JOB, SIZE);
		const expected = await fetchAll(clientFor(), JOB, 'All', 1000);
		expect(expected).toHaveLength(SIZE);
		server.setFaults({rateLimitPerSecond: 2});
		server.resetStats();
		const stdout = new Collector();
		const stderr = Object.assign(new Collector(), {isTTY: true, columns: 200});
		// A client that never retries a 429 itself: every one reaches the reading, which must ride it out.
		const code = await runExport({
			client: clientFor({limit: 0}),
			jobId: JOB,
			status: 'All',
			format: 'ndjson',
			stdout,
			stderr,
		});
		expect(code).toBe(0);
		expect(ids(parseNdjson(stdout.text()))).toEqual(ids(expected));
		expect(server.requests.filter(request => request.status === 429).length).toBeGreaterThan(0);
		expect(stderr.text()).toMatch(/page \d+\/6 · [\d,]+ \/ 6,000 records \d+% · waiting \d+ s \(rate limited\)/);
	});

	it('keeps fewer requests in flight after a 429 (halved from 4)', async () => {
		server.setJobSize(JOB, SIZE);
		server.setFaults({rateLimitPerSecond: 2});
		const {client, stats} = observedClient(clientFor({limit: 0}));
		const inFlightAfterWait: number[] = [];
		let waited = false;
		const watched: ApiClient = {
			...client,
			getRecords: async (...args) => {
				const request = client.getRecords(...args);
				if (waited) inFlightAfterWait.push(stats.inFlight);
				return request;
			},
		};
		const records = await drain(
			pagesOf({
				client: watched,
				jobId: JOB,
				status: 'All',
				concurrency: 4,
				onWait(wait) {
					if (wait) waited = true;
				},
			}),
		);
		expect(records).toHaveLength(SIZE);
		expect(waited).toBe(true);
		expect(inFlightAfterWait.length).toBeGreaterThan(0);
		expect(Math.max(...inFlightAfterWait)).toBeLessThanOrEqual(2);
	});

	it('the error breakdown rides it out too', async () => {
		server.setFaults({rateLimitPerSecond: 10});
		const progress: BreakdownProgress[] = [];
		const breakdown = await loadBreakdown({
			client: clientFor({limit: 0}),
			jobId: 31,
			pageSize: 25,
			onProgress: each => progress.push(each),
		});
		server.setFaults(NO_FAULTS);
		expect(breakdown.total).toBe((await fetchAll(clientFor(), 31, 'Error')).length);
		expect(server.requests.some(request => request.status === 429)).toBe(true);
		// Its progress says while it waits, and then goes on without the wait.
		const waits = progress.filter(each => each.waitMs !== undefined);
		expect(waits.length).toBeGreaterThan(0);
		expect(waits.every(each => each.waitMs! > 0)).toBe(true);
		expect(progress.at(-1)).toEqual({done: breakdown.total, total: breakdown.total});
	});
});

describe('a Retry-After longer than the client waits', () => {
	// The client waits up to its cap (here 0.5 s, 10 s by default) and then fails with the Retry-After it was
	// told; the reading waits that long and asks for the same page again.
	const capped = () => clientFor({maxRetryAfterMs: 500});

	it('is waited out, and the refused page asked for again', async () => {
		server.setFaults({failEvery: 3, failStatus: 429, retryAfter: 1});
		const waits: Array<ThrottleWait | undefined> = [];
		const records = await drain(
			pagesOf({client: capped(), jobId: 42, status: 'All', pageSize: 50, onWait: wait => waits.push(wait)}),
		);
		server.setFaults(NO_FAULTS);
		expect(ids(records)).toEqual(ids(await fetchAll(clientFor(), 42, 'All', 50)));
		expect(waits[0]).toEqual({waitMs: 1000, limit: 2});
		expect(waits).toContain(undefined);
	});

	it('can be cancelled in the middle of the wait', async () => {
		server.setFaults({failEvery: 2, failStatus: 429, retryAfter: 600});
		const controller = new AbortController();
		const reading = drain(
			pagesOf({
				client: capped(),
				jobId: 42,
				status: 'All',
				pageSize: 50,
				signal: controller.signal,
				onWait(wait) {
					if (wait) controller.abort();
				},
			}),
		);
		await expect(reading).rejects.toMatchObject({name: 'ApiError', kind: 'aborted'});
	});

	it('fails at once, saying so, when it asks for more than the longest wait', async () => {
		server.setFaults({failEvery: 1, failStatus: 429, retryAfter: 7200});
		const reading = drain(pagesOf({client: capped(), jobId: 42, status: 'All', maxWaitMs: 60_000}));
		await expect(reading).rejects.toMatchObject({
			kind: 'rate-limited',
			message: expect.stringMatching(/asked to wait 2 h.*longer than the 60 s/),
		});
		expect(server.requests).toHaveLength(1);
	});

	it('gives up after too many 429s in a row', async () => {
		server.setFaults({failEvery: 1, failStatus: 429, retryAfter: 0});
		const reading = drain(pagesOf({client: capped(), jobId: 42, status: 'All', maxThrottles: 3}));
		await expect(reading).rejects.toMatchObject({
			kind: 'rate-limited',
			message: expect.stringMatching(/still rate-limiting.*after 3 waits/),
		});
	});
});
