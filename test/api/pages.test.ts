// pagesOf against the embedded demo server over real loopback HTTP: no mocked fetch. Where a test needs
// to see or steer individual calls, it wraps the real client (helpers/client.ts).
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import {ApiError} from '../../source/api/errors.js';
import {pagesOf, type PagesResult} from '../../source/api/pages.js';
import type {ApiClient, JobRecord, RecordFilter, RecordsPage} from '../../source/api/types.js';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {observedClient} from '../helpers/client.js';
import {untilRequests, withDemoServer} from '../helpers/server.js';
import {untilTrue} from '../helpers/until.js';

let server: DemoServer;

beforeAll(async () => {
	server = await startDemoServer({port: 0});
});

afterAll(async () => {
	await server.close();
});

afterEach(() => {
	server.setFaults({latencyMs: 0, jitterMs: 0, failEvery: 0, failStatus: 503, malformed: null});
	server.resetStats();
});

const clientFor = (target: DemoServer): ApiClient =>
	createClient({baseUrl: target.baseUrl, token: target.token, retry: {limit: 0, backoffBaseMs: 5}});

/**
 * Resolves once every request `stats` saw has ended (answered, failed or aborted) and one more turn has
 * passed: a request that followed from one of them would have started by then.
 */
async function settledRequests(stats: {inFlight: number}): Promise<void> {
	await untilTrue(() => stats.inFlight === 0, 'the requests in flight to end');
	await new Promise(resolve => {
		setImmediate(resolve);
	});
}

/** Pulls every page, keeping what the generator returned. */
async function drain(
	pages: AsyncGenerator<RecordsPage, PagesResult>,
): Promise<{pages: RecordsPage[]; result: PagesResult}> {
	const seen: RecordsPage[] = [];
	for (;;) {
		const step = await pages.next();
		if (step.done) {
			return {pages: seen, result: step.value};
		}

		seen.push(step.value);
	}
}

/** Every record of a filter, one page after the other: the reference pagesOf is compared with. */
async function plainRecords(
	client: ApiClient,
	jobId: number,
	status: RecordFilter,
	pageSize: number,
): Promise<JobRecord[]> {
	const records: JobRecord[] = [];
	for (let page = 1; ; page++) {
		const data = await client.getRecords(jobId, {status, page, page_size: pageSize});
		records.push(...data.results);
		if (page >= data.total_pages) {
			return records;
		}
	}
}

const recordPages = () => server.requests.filter(request => request.path.endsWith('/records/'));

describe('pagesOf', () => {
	it('yields every page once, in page order, holding what plain paging holds', async () => {
		const client = clientFor(server);
		for (const [status, count] of [
			['All', 250],
			['Valid', 178],
		] as const) {
			server.resetStats();
			// 60 does not divide either count, so the last page is a short one.
			const {pages, result} = await drain(pagesOf({client, jobId: 42, status, pageSize: 60}));
			const numbers = Array.from({length: Math.ceil(count / 60)}, (_, index) => index + 1);
			expect(result).toEqual({shrank: false});
			expect(pages.map(page => page.current_page)).toEqual(numbers);
			const asked = recordPages().map(request => Number(request.query['page']));
			expect(asked.sort((a, b) => a - b)).toEqual(numbers);
			expect(
				recordPages().every(request => request.query['status'] === status && request.query['page_size'] === '60'),
			).toBe(true);
			expect(pages.flatMap(page => page.results)).toEqual(await plainRecords(client, 42, status, 60));
		}
	});

	it('yields one empty page for an empty filter', async () => {
		const {pages, result} = await drain(pagesOf({client: clientFor(server), jobId: 42, status: 'Error'}));
		expect(result).toEqual({shrank: false});
		expect(pages).toHaveLength(1);
		expect(pages[0]).toMatchObject({count: 0, total_pages: 1, results: []});
		expect(recordPages()[0]?.query['page_size']).toBe('1000');
	});

	it('keeps at most `concurrency` requests in flight, and keeps that many while there are pages left', async () => {
		server.setFaults({latencyMs: 10});
		for (const concurrency of [1, 3, undefined]) {
			const {client, stats} = observedClient(clientFor(server));
			const {pages} = await drain(pagesOf({client, jobId: 42, status: 'All', pageSize: 10, concurrency}));
			expect(pages).toHaveLength(25);
			expect(stats.maxInFlight).toBe(concurrency ?? 4);
		}
	});

	it('fetches no further ahead than the window while the consumer is slow', async () => {
		const concurrency = 3;
		let consumed = 0;
		for await (const page of pagesOf({
			client: clientFor(server),
			jobId: 42,
			status: 'All',
			pageSize: 25,
			concurrency,
		})) {
			consumed++;
			expect(page.current_page).toBe(consumed);
			const window = Math.min(consumed + concurrency, 10);
			await untilRequests(server, () => recordPages().length >= window, `${window} page requests`);
			expect(recordPages()).toHaveLength(window);
		}

		expect(consumed).toBe(10);
	});

	it('follows a job that gains records while it is read to its new end', async () => {
		await withDemoServer({port: 0}, async target => {
			const real = clientFor(target);
			target.setJobSize(7001, 2000);
			const {client} = observedClient(real, (_page, query) => {
				if (query?.page === 1) {
					target.setJobSize(7001, 5000);
				}
			});
			const {pages, result} = await drain(pagesOf({client, jobId: 7001, status: 'All', pageSize: 1000}));
			expect(pages[0]?.total_pages).toBe(2);
			expect(result).toEqual({shrank: false});
			expect(pages.map(page => page.current_page)).toEqual([1, 2, 3, 4, 5]);
			expect(pages.flatMap(page => page.results)).toEqual(await plainRecords(real, 7001, 'All', 1000));
		});
	});

	it('returns shrank when the filter shrinks mid-way, after every page that still exists', async () => {
		await withDemoServer({port: 0}, async target => {
			const {client, stats} = observedClient(clientFor(target));
			const pages = pagesOf({client, jobId: 7001, status: 'All', pageSize: 1000, concurrency: 2});
			const first = await pages.next();
			expect(first.done ? undefined : first.value.total_pages).toBe(120);
			target.setJobSize(7001, 5500);
			const rest = await drain(pages);
			expect(rest.result).toEqual({shrank: true});
			const records = [...(first.done ? [] : first.value.results), ...rest.pages.flatMap(page => page.results)];
			expect(records).toEqual(await plainRecords(client, 7001, 'All', 1000));
			expect(records).toHaveLength(5500);
			expect(target.requests.some(request => request.status === 404)).toBe(true);
			const sent = stats.pages.length;
			await settledRequests(stats);
			expect(stats.pages).toHaveLength(sent);
		});
	});

	it('passes any other failure on as the client’s ApiError, and sends nothing after it', async () => {
		const {client, stats} = observedClient(clientFor(server));
		await expect(drain(pagesOf({client, jobId: 99, status: 'All'}))).rejects.toMatchObject({kind: 'not-found'});
		server.setFaults({failEvery: 3, failStatus: 500});
		const yielded: number[] = [];
		const failing = (async () => {
			for await (const page of pagesOf({client, jobId: 7001, status: 'All', pageSize: 100, concurrency: 2})) {
				yielded.push(page.current_page);
			}
		})();
		await expect(failing).rejects.toMatchObject({name: 'ApiError', kind: 'server'});
		expect(yielded).toEqual(Array.from({length: yielded.length}, (_, index) => index + 1));
		// A request already on its way may still reach the server; none may start after the failure.
		const started = stats.signals.length;
		expect(stats.signals.every(signal => signal.aborted)).toBe(true);
		await settledRequests(stats);
		expect(stats.signals).toHaveLength(started);
	});

	it('rejects with kind aborted when the signal aborts mid-request, without waiting, and sends nothing after', async () => {
		const controller = new AbortController();
		// Counted where requests start, in this process: the server's log also lags behind under load. Once
		// page 1 is in, no answer comes within the test: only the abort can end the read.
		const {client, stats} = observedClient(clientFor(server), () => {
			server.setFaults({latencyMs: 60_000});
		});
		const reading = drain(pagesOf({client, jobId: 7001, status: 'All', pageSize: 100, signal: controller.signal}));
		await untilTrue(() => stats.pages.length > 1, 'several page requests in flight');
		controller.abort();
		const error: unknown = await reading.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({kind: 'aborted'});
		const sent = stats.pages.length;
		expect(stats.signals.every(signal => signal.aborted)).toBe(true);
		await settledRequests(stats);
		expect(stats.pages).toHaveLength(sent);
	});

	it('rejects the next pull when the signal aborts while the consumer holds a page, sending nothing more', async () => {
		const controller = new AbortController();
		const {client, stats} = observedClient(clientFor(server));
		const pages = pagesOf({client, jobId: 42, status: 'All', pageSize: 10, concurrency: 2, signal: controller.signal});
		const first = await pages.next();
		expect(first.done).toBe(false);
		controller.abort();
		await expect(pages.next()).rejects.toMatchObject({kind: 'aborted'});
		expect(stats.signals).toHaveLength(3);
		expect(stats.signals.every(signal => signal.aborted)).toBe(true);
		await settledRequests(stats);
		expect(stats.signals).toHaveLength(3);
		expect(recordPages().length).toBeLessThanOrEqual(3);
	});

	it('sends nothing for a signal that is already aborted', async () => {
		const controller = new AbortController();
		controller.abort();
		const pages = pagesOf({client: clientFor(server), jobId: 42, status: 'All', signal: controller.signal});
		await expect(pages.next()).rejects.toMatchObject({kind: 'aborted'});
		expect(server.requests).toHaveLength(0);
	});

	it('aborts the requests still in flight when the consumer stops pulling', async () => {
		server.setFaults({latencyMs: 50});
		const {client, stats} = observedClient(clientFor(server));
		for await (const page of pagesOf({client, jobId: 42, status: 'All', pageSize: 10, concurrency: 3})) {
			expect(page.current_page).toBe(1);
			break;
		}

		expect(stats.signals).toHaveLength(4);
		expect(stats.signals.every(signal => signal.aborted)).toBe(true);
		await settledRequests(stats);
		expect(stats.signals).toHaveLength(4);
		expect(recordPages().length).toBeLessThanOrEqual(4);
	});

	it('starts at firstPage when asked, reading from there to the end', async () => {
		const client = clientFor(server);
		const {pages, result} = await drain(pagesOf({client, jobId: 42, status: 'All', pageSize: 60, firstPage: 3}));
		expect(result).toEqual({shrank: false});
		expect(pages.map(page => page.current_page)).toEqual([3, 4, 5]);
		expect(
			recordPages()
				.map(request => Number(request.query['page']))
				.sort((a, b) => a - b),
		).toEqual([3, 4, 5]);
		expect(pages.flatMap(page => page.results)).toEqual((await plainRecords(client, 42, 'All', 60)).slice(120));
		// Past the end (the filter shrank below it): nothing, and shrank.
		expect(await drain(pagesOf({client, jobId: 42, status: 'All', pageSize: 60, firstPage: 9}))).toEqual({
			pages: [],
			result: {shrank: true},
		});
	});

	it('asks for a guessed page 2 with page 1, before page 1 has answered', async () => {
		// Every answer is held back 300 ms: page 2 arrives while page 1 is still being held.
		server.setFaults({latencyMs: 300});
		const pages = pagesOf({client: clientFor(server), jobId: 42, status: 'All', pageSize: 100, guessPages: 2});
		const first = pages.next();
		await untilRequests(server, log => log.length >= 2, 'pages 1 and 2 asked for');
		// Both still held (status 0): neither has been answered yet.
		const asked = recordPages().map(request => [request.query['page'], request.status]);
		expect(asked.sort()).toEqual([
			['1', 0],
			['2', 0],
		]);
		expect((await first).value).toMatchObject({current_page: 1, total_pages: 3});
		const {pages: rest, result} = await drain(pages);
		expect(result).toEqual({shrank: false});
		expect(rest.map(page => page.current_page)).toEqual([2, 3]);
		expect(
			recordPages()
				.map(request => request.query['page'])
				.sort(),
		).toEqual(['1', '2', '3']);
	});

	it('drops a guessed page that page 1 rules out, whatever it answers', async () => {
		const client = clientFor(server);
		// Answered: page 2 of a one-page filter is "Invalid page." (404), which is not the filter shrinking.
		const {pages, result} = await drain(pagesOf({client, jobId: 42, status: 'Valid', guessPages: 2}));
		expect(result).toEqual({shrank: false});
		expect(pages.map(page => page.current_page)).toEqual([1]);
		expect(pages[0]?.results).toEqual(await plainRecords(client, 42, 'Valid', 1000));

		// Still in flight when page 1 answers: its request is aborted, and nothing waits for it.
		const held: AbortSignal[] = [];
		const holding: ApiClient = {
			...client,
			async getRecords(jobId, query, options) {
				if (query?.page !== 2) return client.getRecords(jobId, query, options);
				const signal = options!.signal!;
				held.push(signal);
				return new Promise((_resolve, reject) => {
					signal.addEventListener('abort', () => reject(new ApiError('aborted', 'Request cancelled.')));
				});
			},
		};
		const dropped = await drain(pagesOf({client: holding, jobId: 42, status: 'Valid', guessPages: 2}));
		expect(dropped.result).toEqual({shrank: false});
		expect(dropped.pages.map(page => page.current_page)).toEqual([1]);
		expect(held).toHaveLength(1);
		expect(held[0]?.aborted).toBe(true);
	});

	it('refuses a page size or concurrency out of range before sending anything', () => {
		const client = clientFor(server);
		for (const pageSize of [0, 1001, 1.5]) {
			expect(() => pagesOf({client, jobId: 42, status: 'All', pageSize})).toThrow(RangeError);
		}

		for (const concurrency of [0, -1, 2.5]) {
			expect(() => pagesOf({client, jobId: 42, status: 'All', concurrency})).toThrow(RangeError);
		}

		for (const firstPage of [0, -1, 2.5]) {
			expect(() => pagesOf({client, jobId: 42, status: 'All', firstPage})).toThrow(RangeError);
		}

		expect(server.requests).toHaveLength(0);
	});
});
