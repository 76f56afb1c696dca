// The records screen's controller without React, against the demo server on loopback: every effect of
// the screen (loading, paging, prefetch, stale answers, retry, counts, summary, follow, find, copy,
// export, a new token) driven through its methods and its key handler.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {UploadSource} from '../../source/store/revalidate.js';
import type {ApiError} from '../../source/api/errors.js';
import {createClient} from '../../source/api/client.js';
import type {RecordsPage} from '../../source/api/types.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {sendFirst} from '../../source/store/first.js';
import {RecordsController, type RecordsOptions} from '../../source/store/recordsController.js';
import {sameText} from '../../source/text/untrusted.js';
import {recordsViewport} from '../../source/ui/RecordsScreen.js';
import {observedClient} from '../helpers/client.js';
import {serveDemoPerFile} from '../helpers/server.js';
import {KEY, manualClock, until} from './until.js';

const server = serveDemoPerFile();
const controllers: RecordsController[] = [];

afterEach(() => {
	for (const controller of controllers.splice(0)) {
		controller.dispose();
	}

	server().setFaults(NO_FAULTS);
	server().setTokens([server().token]);
});

function make(options: Partial<RecordsOptions> & {token?: string; clock?: ReturnType<typeof manualClock>} = {}) {
	const events = {
		back: 0,
		breakdown: 0,
		quit: 0,
		revalidated: [] as UploadSource[],
		authErrors: [] as ApiError[],
		copied: [] as string[],
	};
	const {client, stats} = observedClient(
		createClient({baseUrl: server().baseUrl, token: options.token ?? server().token, retry: {limit: 0}}),
	);
	const controller = new RecordsController(
		{jobId: 42, pageSize: 100, filter: 'All', page: 1, ...options},
		{
			client,
			viewport: state => recordsViewport(state, {columns: 100, rows: 30}),
			async copy(text, what) {
				events.copied.push(text);
				return `Sent ${what}.`;
			},
			loadExporter: async () => import('../../source/export/export.js'),
			clock: options.clock?.clock,
			navigation: {
				back: () => events.back++,
				breakdown: () => events.breakdown++,
				revalidate: source => events.revalidated.push(source),
				quit: () => events.quit++,
				authError: error => events.authErrors.push(error),
			},
		},
	);
	controllers.push(controller);
	return {controller, events, stats, store: controller.store};
}

const shownPage = (controller: RecordsController) =>
	controller.state.shown ? `${controller.state.shown.filter} ${controller.state.shown.page}` : 'nothing';

describe('the records controller', () => {
	it('loads the first page and the job summary on start, then prefetches the next page', async () => {
		const {controller, store, stats} = make();
		expect(controller.state.shown).toBeNull();
		controller.start();
		const state = await until(store, s => s.shown !== null && s.job !== null, 'page 1 and the summary');
		expect(state.shown?.data.results[0]?.id).toBe(9881);
		expect(state.job?.list_name).toBe('Q1 Leads');
		// Asked for once page 1 was shown (and drawn: the next turn of the event loop).
		await vi.waitFor(() => {
			expect(stats.answered).toBe(2);
		});
		expect(stats.pages).toEqual([1, 2]);
		// Page 2 is in the cache: the move shows it at once, without asking again.
		controller.key('l', KEY.plain);
		expect(shownPage(controller)).toBe('All 2');
		await vi.waitFor(() => {
			expect(stats.pages).toEqual([1, 2, 3]);
		});
	});

	it('starts from a page fetched before it existed, without asking for it again', async () => {
		const client = createClient({baseUrl: server().baseUrl, token: server().token});
		const initialPage: RecordsPage = await client.getRecords(42, {status: 'All', page: 1, page_size: 100});
		server().resetStats();
		const {controller, stats} = make({initialPage});
		expect(controller.state.shown?.data).toBe(initialPage);
		controller.start();
		await vi.waitFor(() => {
			expect(stats.pages).toEqual([2]);
		});
	});

	it('joins a first page still on its way instead of asking for it again', async () => {
		server().setFaults({latencyMs: 50});
		const early = createClient({baseUrl: server().baseUrl, token: server().token});
		const pendingPage = early.getRecords(42, {status: 'All', page: 1, page_size: 100});
		const {controller, store, stats} = make({pendingPage});
		controller.start();
		expect(controller.state.loading).toBe(true);
		const state = await until(store, s => s.shown !== null, 'the page on its way');
		expect(state.shown?.data).toBe(await pendingPage);
		await vi.waitFor(() => {
			expect(stats.pages).toEqual([2]);
		});
	});

	it('takes the summary asked for at start-up, arrived or on its way, and asks for it again only on reload', async () => {
		const early = createClient({baseUrl: server().baseUrl, token: server().token});
		const summaries = () => server().requests.filter(request => request.path.endsWith('/jobs/42/')).length;
		const arrived = await early.getJob(42);
		server().resetStats();
		const before = make({initialJob: arrived, pendingJob: Promise.resolve(arrived)});
		expect(before.controller.state.job).toBe(arrived);
		before.controller.start();
		await until(before.store, s => s.shown !== null);

		server().setFaults({latencyMs: 50});
		const pendingJob = early.getJob(42);
		const onItsWay = make({pendingJob});
		onItsWay.controller.start();
		const state = await until(onItsWay.store, s => s.job !== null, 'the summary on its way');
		expect(state.job).toBe(await pendingJob);
		expect(summaries()).toBe(1);
		onItsWay.controller.key('r', KEY.plain);
		await until(onItsWay.store, s => !s.loading);
		expect(summaries()).toBe(2);
	});

	it('draws the start-up summary and the page built from it in one state change, not two', async () => {
		server().setFaults({latencyMs: 50});
		const early = createClient({baseUrl: server().baseUrl, token: server().token});
		const first = sendFirst(early, {kind: 'records', jobId: 42, filter: 'All', page: 1, pageSize: 100});
		const {controller, store} = make({pendingPage: first.page.promise, pendingJob: first.job.promise});
		const seen: string[] = [];
		const stop = store.subscribe(() => {
			seen.push(`${store.getState().shown ? 'page' : '-'} ${store.getState().job ? 'job' : '-'}`);
		});
		controller.start();
		await until(store, s => s.shown !== null && s.job !== null, 'page and summary');
		stop();
		// The summary comes first (the page is built from it) and waits for the page: both arrive at once.
		expect(seen.filter(each => each !== '- -')).toEqual(['page job']);
	});

	it('pages through keys, clamped to the filter, and moves asked for before the count is known wait for it', async () => {
		const {controller, store} = make();
		controller.start();
		// Before page 1 has answered: End waits, then goes to the last page.
		controller.key('G', KEY.plain);
		await until(store, s => s.shown?.page === 3 && !s.loading, 'the last page');
		controller.key('l', KEY.plain);
		controller.key('', KEY.right);
		expect(controller.state.requested.page).toBe(3);
		controller.key('g', KEY.plain);
		await until(store, s => s.shown?.page === 1, 'the first page');
		controller.key('h', KEY.plain);
		expect(controller.state.requested.page).toBe(1);
	});

	it('keys that arrive in one read each see the state the previous one left', async () => {
		const {controller, store} = make();
		controller.start();
		await until(store, s => s.shown !== null);
		// f opens the filter list on All, j j move its highlight to Valid, Enter applies it: one chunk, as over SSH.
		controller.key('fjj\r', KEY.plain);
		expect(controller.state.mode).toBe('browse');
		await until(store, s => s.shown?.filter === 'Valid' && !s.loading, 'the Valid filter');
		controller.key('jjj', KEY.plain);
		expect(controller.state.selection).toBe(3);
	});

	it('Ctrl+C in one read with keys before it still quits (r then Ctrl+C, fast, over SSH)', async () => {
		const {controller, store, events} = make();
		controller.start();
		await until(store, s => s.shown !== null);
		controller.key('r\u0003', KEY.plain);
		expect(events.quit).toBe(1);
	});

	it('a held key whose repeats arrive in one long read moves once per repeat, not as a paste', async () => {
		const {controller, store, events} = make();
		controller.start();
		await until(store, s => s.shown !== null);
		controller.key('j'.repeat(20), KEY.plain);
		expect(controller.state.notice).toBeNull();
		expect(controller.state.selection).toBe(20);
		// The next key pressed arrives at the end of the same read.
		controller.key(`${'k'.repeat(20)}q`, KEY.plain);
		expect(controller.state.selection).toBe(0);
		expect(events.quit).toBe(1);
	});

	it('drops answers that are no longer the latest', async () => {
		server().setFaults({latencyMs: 60, jitterMs: 80});
		const {controller, store} = make({jobId: 7001, prefetch: false});
		controller.start();
		await until(store, s => s.shown !== null, 'page 1');
		for (const key of 'lllhll') {
			controller.key(key, KEY.plain);
		}

		expect(controller.state.requested.page).toBe(5);
		await until(store, s => !s.loading, 'the last page asked for');
		expect(shownPage(controller)).toBe('All 5');
	});

	it('keeps the last good page on a failure, and r retries the page that failed', async () => {
		const {controller, store} = make({prefetch: false});
		controller.start();
		await until(store, s => s.shown !== null && !s.loading);
		server().setFaults({failEvery: 1, failStatus: 503});
		controller.key('l', KEY.plain);
		const failed = await until(store, s => s.error !== null, 'the failure');
		expect(failed.error?.kind).toBe('server');
		expect(shownPage(controller)).toBe('All 1');
		expect(failed.requested.page).toBe(1);
		server().setFaults(NO_FAULTS);
		controller.key('r', KEY.plain);
		await until(store, s => s.shown?.page === 2 && s.error === null, 'page 2 after r');
	});

	it('a refused token goes to the app; a new client retries what failed, keeping the place', async () => {
		const {controller, store, events} = make({token: 'not-the-token-0000'});
		controller.start();
		await until(store, s => s.error !== null, 'the refusal');
		expect(events.authErrors.map(error => error.kind)).toEqual(['auth']);
		controller.setClient(createClient({baseUrl: server().baseUrl, token: server().token}));
		controller.retry();
		const state = await until(store, s => s.shown !== null && s.job !== null, 'the page with the new token');
		expect(state.error).toBeNull();
		expect(shownPage(controller)).toBe('All 1');
	});

	it('loads the counts of every status for the filter list', async () => {
		const {controller, store} = make();
		controller.start();
		controller.key('f', KEY.plain);
		expect(controller.state.mode).toBe('filter');
		const state = await until(store, s => Object.keys(s.counts).length === 6, 'six counts');
		expect(state.counts).toEqual({All: 250, Pending: 0, Valid: 178, Invalid: 49, Unknown: 23, Error: 0});
	});

	it('finds on the page: the selection jumps as the query is typed, n and N move, Esc clears', async () => {
		const {controller, store} = make();
		controller.start();
		await until(store, s => s.shown !== null);
		controller.key('/', KEY.plain);
		expect(controller.state.mode).toBe('find');
		controller.setFind('gmail');
		const first = controller.selected;
		expect(first?.email).toContain('gmail');
		controller.key('', KEY.enter);
		controller.key('n', KEY.plain);
		expect(controller.selected?.email).toContain('gmail');
		expect(controller.selected?.id).not.toBe(first?.id);
		controller.key('N', KEY.plain);
		expect(controller.selected?.id).toBe(first?.id);
		controller.key('/', KEY.plain);
		controller.key('', KEY.escape);
		expect(controller.state.find).toBe('');
		controller.key('n', KEY.plain);
		expect(controller.state.notice).toBe('Nothing to find: press / first.');
	});

	it('copies through its clipboard port and says so', async () => {
		const {controller, store, events} = make();
		controller.start();
		await until(store, s => s.shown !== null);
		controller.key('y', KEY.plain);
		controller.key('Y', KEY.plain);
		expect(events.copied[0]).toBe('jane@acme.com');
		expect(JSON.parse(events.copied[1] ?? '')).toMatchObject({id: 9881, email: 'jane@acme.com'});
		// The port's line, once it has said what was sent.
		await until(store, s => s.notice === 'Sent record 9881 as JSON.', 'the copy line');
	});

	it('exports the filter on screen to a CSV file, one export at a time', async () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-controller-export-'));
		const cwd = process.cwd();
		process.chdir(directory);
		try {
			const {controller, store} = make({filter: 'Invalid'});
			controller.start();
			await until(store, s => s.shown !== null && s.job !== null);
			controller.key('x', KEY.plain);
			controller.key('x', KEY.plain);
			expect(controller.state.notice).toBe('An export is already running.');
			await until(store, s => s.notice?.startsWith('Wrote') ?? false, 'the export');
			expect(controller.state.notice).toMatch(/^Wrote 49 records to .*ecore-job-42-Q1-Leads-Invalid\.csv$/);
			const lines = fs.readFileSync(path.join(directory, 'ecore-job-42-Q1-Leads-Invalid.csv'), 'utf8').trimEnd();
			expect(lines.split('\r\n')).toHaveLength(50);
		} finally {
			process.chdir(cwd);
			fs.rmSync(directory, {recursive: true, force: true});
		}
	});

	it('follows a running job only while on top, keeping the selection', async () => {
		const time = manualClock();
		const {controller, store, stats} = make({jobId: 44, followMs: 1000, clock: time, prefetch: false});
		controller.start();
		await until(
			store,
			s => s.shown !== null && s.job !== null && sameText(s.job.status, 'Processing'),
			'job 44 processing',
		);
		expect(time.running).toBe(1);
		controller.key('jj', KEY.plain);
		expect(stats.pages).toEqual([1]);
		time.advance(1000);
		// The page on screen is asked for again, and the selection stays on its row.
		expect(stats.pages).toEqual([1, 1]);
		await until(store, s => !s.loading, 'the refreshed page');
		expect(controller.state.selection).toBe(2);
		controller.pause();
		expect(time.running).toBe(0);
		controller.resume();
		expect(time.running).toBe(1);
		controller.dispose();
		expect(time.running).toBe(0);
	});

	it('asks the app for the breakdown, back and quit', async () => {
		const {controller, events} = make();
		controller.key('e', KEY.plain);
		controller.key('b', KEY.plain);
		controller.key('q', KEY.plain);
		controller.key('c', KEY.ctrl);
		expect(events).toMatchObject({breakdown: 1, back: 1, quit: 2});
	});

	it('R asks the app to re-validate the filter on screen, narrowed to the find when one is on', async () => {
		const {controller, store, events} = make({filter: 'Invalid'});
		controller.start();
		await until(store, s => s.shown !== null);
		controller.key('R', KEY.plain);
		controller.key('/', KEY.plain);
		controller.setFind('gmail');
		controller.key('', KEY.enter);
		controller.key('R', KEY.plain);
		expect(events.revalidated).toEqual([
			{status: 'Invalid', find: undefined},
			{status: 'Invalid', find: 'gmail'},
		]);
	});

	it('ignores a paste outside find, and says where pasting works', async () => {
		const {controller, events} = make();
		controller.key('quinn.q@example.com', KEY.plain);
		expect(events.quit).toBe(0);
		expect(controller.state.notice).toBe('Pasted text ignored here; press / to find.');
	});

	it('once disposed, aborts what is in flight and takes no more keys', async () => {
		server().setFaults({latencyMs: 200});
		const {controller, stats} = make({jobId: 7001});
		controller.start();
		expect(stats.signals.some(signal => !signal.aborted)).toBe(true);
		controller.dispose();
		expect(stats.signals.every(signal => signal.aborted)).toBe(true);
		const asked = stats.pages.length;
		controller.key('r', KEY.plain);
		controller.key('l', KEY.plain);
		expect(stats.pages).toHaveLength(asked);
		expect(controller.state.requested.page).toBe(1);
	});
});
