// A second `e` (issue 14): the breakdown fetched before is on screen at once, refreshed behind its groups
// only while the job may still change. The controller without React, against the demo server on loopback.
import {afterEach, describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {breakdownViewReducer, initialBreakdownViewState, type Breakdown} from '../../source/store/breakdown.js';
import {BreakdownCache} from '../../source/store/breakdownCache.js';
import {BreakdownController} from '../../source/store/breakdownController.js';
import {serveDemoPerFile} from '../helpers/server.js';
import {KEY, until} from './until.js';

const server = serveDemoPerFile();
const controllers: BreakdownController[] = [];

afterEach(() => {
	for (const controller of controllers.splice(0)) {
		controller.dispose();
	}

	server().setFaults(NO_FAULTS);
	server().resetStats();
});

/** Job 19: 30,000 records, resized by the tests that need its Error records to change. */
const JOB = 19;

function make(cache: BreakdownCache, jobFinished: () => boolean, jobId = JOB) {
	const authErrors: unknown[] = [];
	const controller = new BreakdownController(
		{jobId},
		{
			client: createClient({baseUrl: server().baseUrl, token: server().token, retry: {limit: 0}}),
			viewportRows: () => 5,
			cache,
			jobFinished,
			navigation: {
				choose() {},
				close() {},
				quit() {},
				revalidate() {},
				authError: error => authErrors.push(error),
			},
		},
	);
	controllers.push(controller);
	return {controller, store: controller.store, authErrors};
}

const recordRequests = () => server().requests.filter(request => request.path.includes('/records'));

async function loaded(cache: BreakdownCache, jobFinished: () => boolean, jobId = JOB): Promise<Breakdown> {
	const {controller, store} = make(cache, jobFinished, jobId);
	controller.start();
	const ready = await until(store, s => s.load.kind === 'ready' && s.load.refresh === undefined, 'the groups');
	controller.dispose();
	if (ready.load.kind !== 'ready') throw new Error('unreachable');
	return ready.load.breakdown;
}

describe('a second error breakdown of a job', () => {
	it('of a finished job: its groups from the first frame, and nothing asked of the API', async () => {
		const cache = new BreakdownCache();
		const first = await loaded(cache, () => true);
		expect(first.total).toBeGreaterThan(0);
		server().resetStats();

		const {controller, store} = make(cache, () => true);
		// Before start: what the screen's first frame draws.
		expect(store.getState().load).toEqual({kind: 'ready', breakdown: first});
		controller.start();
		controller.key('j', KEY.plain);
		expect(controller.state).toMatchObject({latestId: 0, selection: 1});
		expect(controller.state.load).toEqual({kind: 'ready', breakdown: first});
		// A request sent after this one would have arrived first: only the job summary below did.
		await createClient({baseUrl: server().baseUrl, token: server().token}).getJob(JOB);
		expect(recordRequests()).toEqual([]);
	});

	it('of a job still running: the old groups at once, then the new ones fetched behind them', async () => {
		const cache = new BreakdownCache();
		server().setJobSize(JOB, 6000);
		const before = await loaded(cache, () => false);
		server().setJobSize(JOB, 9000);
		server().resetStats();

		const {controller, store} = make(cache, () => false);
		expect(store.getState().load).toEqual({kind: 'ready', breakdown: before});
		controller.start();
		// The groups stay on screen, and can be moved through, while the new ones are fetched.
		expect(store.getState().load).toMatchObject({kind: 'ready', breakdown: before, refresh: {kind: 'running'}});
		controller.key('j', KEY.plain);
		expect(controller.state.selection).toBe(1);
		const after = await until(store, s => s.load.kind === 'ready' && s.load.refresh === undefined, 'new groups');
		const breakdown = after.load.kind === 'ready' ? after.load.breakdown : undefined;
		expect(breakdown?.total).toBeGreaterThan(before.total);
		expect(after.selection).toBe(1);
		expect(recordRequests().length).toBeGreaterThan(0);
		// What the refresh fetched is what the next `e` starts from.
		expect(cache.get(JOB, 'Error')?.breakdown).toBe(breakdown);
		server().setJobSize(JOB, 30_000);
	});

	it('refreshed once the job has finished, and from then on taken as it is', async () => {
		const cache = new BreakdownCache();
		await loaded(cache, () => false);
		expect(cache.get(JOB, 'Error')?.final).toBe(false);
		await loaded(cache, () => true);
		expect(cache.get(JOB, 'Error')?.final).toBe(true);
		server().resetStats();
		const {controller} = make(cache, () => true);
		controller.start();
		expect(controller.state.latestId).toBe(0);
	});

	it('a failed refresh leaves the groups on screen with the reason; r fetches again', async () => {
		const cache = new BreakdownCache();
		const before = await loaded(cache, () => false);
		server().setFaults({failEvery: 1, failStatus: 500});
		const {controller, store} = make(cache, () => false);
		controller.start();
		const failed = await until(
			store,
			s => s.load.kind === 'ready' && s.load.refresh?.kind === 'failed',
			'the refresh to fail',
		);
		expect(failed.load).toMatchObject({kind: 'ready', breakdown: before});
		expect(
			failed.load.kind === 'ready' && failed.load.refresh?.kind === 'failed' && failed.load.refresh.error.message,
		).toMatch(/500|server/i);
		server().setFaults(NO_FAULTS);
		controller.key('r', KEY.plain);
		expect(controller.state.load).toMatchObject({kind: 'ready', refresh: {kind: 'running'}});
		await until(store, s => s.load.kind === 'ready' && s.load.refresh === undefined, 'the refresh');
	});

	it('is kept per job', async () => {
		const cache = new BreakdownCache();
		await loaded(cache, () => true, 7001);
		const {store} = make(cache, () => true, 42);
		expect(store.getState().load.kind).toBe('loading');
		expect(make(cache, () => true, 7001).store.getState().load.kind).toBe('ready');
	});
});

describe('BreakdownCache', () => {
	const entry = (total: number) => ({
		breakdown: {total, truncated: false, groups: {message: [], validator: [], cached: []}} as unknown as Breakdown,
		final: true,
	});

	it('keeps the most recently used jobs, up to its capacity', () => {
		const cache = new BreakdownCache(2);
		cache.set(1, 'Error', entry(1));
		cache.set(2, 'Error', entry(2));
		expect(cache.get(1, 'Error')?.breakdown.total).toBe(1);
		cache.set(3, 'Error', entry(3));
		expect(cache.size).toBe(2);
		expect(cache.get(2, 'Error')).toBeUndefined();
		expect(cache.get(1, 'Error')?.breakdown.total).toBe(1);
		expect(cache.get(3, 'Error')?.breakdown.total).toBe(3);
		expect(cache.get(3, 'All')).toBeUndefined();
		cache.clear();
		expect(cache.size).toBe(0);
	});
});

describe('the breakdown reducer, refreshing', () => {
	const breakdown = {
		total: 2,
		truncated: false,
		groups: {message: [], validator: [], cached: []},
	} as unknown as Breakdown;
	const ready = breakdownViewReducer(breakdownViewReducer(initialBreakdownViewState, {type: 'started', id: 1}), {
		type: 'loaded',
		id: 1,
		breakdown,
	});

	it('keeps the groups while a refresh runs, fails or reports progress, and drops stale answers', () => {
		const refreshing = breakdownViewReducer(ready, {type: 'refreshing', id: 2});
		expect(refreshing.load).toEqual({kind: 'ready', breakdown, refresh: {kind: 'running', progress: null}});
		const progress = breakdownViewReducer(refreshing, {type: 'progress', id: 2, progress: {done: 1, total: 2}});
		expect(progress.load).toEqual({
			kind: 'ready',
			breakdown,
			refresh: {kind: 'running', progress: {done: 1, total: 2}},
		});
		expect(breakdownViewReducer(progress, {type: 'progress', id: 1, progress: {done: 2, total: 2}})).toBe(progress);
		const error = {kind: 'server', message: 'The API failed (500).', retryable: true} as const;
		const failed = breakdownViewReducer(progress, {type: 'failed', id: 2, error});
		expect(failed.load).toEqual({kind: 'ready', breakdown, refresh: {kind: 'failed', error}});
		const again = breakdownViewReducer(failed, {type: 'refreshing', id: 3});
		expect(breakdownViewReducer(again, {type: 'loaded', id: 3, breakdown}).load).toEqual({kind: 'ready', breakdown});
	});

	it('without groups on screen, a refresh is a plain load', () => {
		const state = breakdownViewReducer(initialBreakdownViewState, {type: 'refreshing', id: 1});
		expect(state).toMatchObject({latestId: 1, load: {kind: 'loading', progress: null}});
		const error = {kind: 'server', message: 'The API failed (500).', retryable: true} as const;
		expect(breakdownViewReducer(state, {type: 'failed', id: 1, error}).load).toEqual({kind: 'error', error});
	});
});
