// The job list's controller without React, against the demo server on loopback.
import {afterEach, describe, expect, it} from 'vitest';
import type {ApiError} from '../../source/api/errors.js';
import {createClient} from '../../source/api/client.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {sameText} from '../../source/text/untrusted.js';
import {Pending, sendFirst} from '../../source/store/first.js';
import {jobMatches} from '../../source/store/jobs.js';
import {JobsController, type JobsOptions} from '../../source/store/jobsController.js';
import {serveDemoPerFile} from '../helpers/server.js';
import {KEY, until} from './until.js';

const server = serveDemoPerFile();
const controllers: JobsController[] = [];

afterEach(() => {
	for (const controller of controllers.splice(0)) {
		controller.dispose();
	}

	server().setFaults(NO_FAULTS);
});

/** The demo's 17 jobs, newest first. */
const ORDER = [45, 44, 7001, 666, 43, 42, 41, 39, 38, 36, 35, 31, 28, 24, 19, 12, 7];

function make(options: Partial<JobsOptions> & {token?: string} = {}) {
	const events = {opened: [] as number[], quits: 0, authErrors: [] as ApiError[]};
	const client = createClient({baseUrl: server().baseUrl, token: options.token ?? server().token, retry: {limit: 0}});
	const listed: Array<{page?: number; page_size?: number}> = [];
	const watched = {
		...client,
		listJobs: (query: Parameters<typeof client.listJobs>[0], requestOptions: Parameters<typeof client.listJobs>[1]) => {
			listed.push({page: query?.page, page_size: query?.page_size});
			return client.listJobs(query, requestOptions);
		},
	};
	const controller = new JobsController(
		{pageSize: 6, ...options},
		{
			client: watched,
			navigation: {
				open: jobId => events.opened.push(jobId),
				quit: () => events.quits++,
				authError: error => events.authErrors.push(error),
			},
		},
	);
	controllers.push(controller);
	return {controller, events, listed, store: controller.store};
}

const ids = (controller: JobsController) => controller.state.data?.results.map(job => job.id);

describe('the job list controller', () => {
	it('adopts the first page asked for at start-up: in the first state when it came, never asked again', async () => {
		const early = createClient({baseUrl: server().baseUrl, token: server().token});
		const first = {
			kind: 'jobs',
			pageSize: 6,
			page: new Pending(early.listJobs({status: 'All', page: 1, page_size: 6})),
		} as const;
		await first.page.promise;
		const {controller, store, listed} = make({first});
		expect(ids(controller)).toEqual(ORDER.slice(0, 6));
		controller.start();
		await until(store, s => !s.loading);
		controller.key('l', KEY.plain);
		await until(store, s => s.place.page === 2 && !s.loading);
		expect(listed).toEqual([{page: 2, page_size: 6}]);
	});

	it('joins a first page still on its way, and ignores one asked for at another page size', async () => {
		server().setFaults({latencyMs: 50});
		const early = createClient({baseUrl: server().baseUrl, token: server().token});
		const joined = make({first: sendFirst(early, {kind: 'jobs', pageSize: 6})});
		joined.controller.start();
		await until(joined.store, s => s.data !== null && !s.loading);
		expect(ids(joined.controller)).toEqual(ORDER.slice(0, 6));
		expect(joined.listed).toEqual([]);

		const other = make({pageSize: 5, first: sendFirst(early, {kind: 'jobs', pageSize: 6})});
		expect(other.controller.state.data).toBeNull();
		other.controller.start();
		await until(other.store, s => s.data !== null && !s.loading);
		expect(ids(other.controller)).toEqual(ORDER.slice(0, 5));
	});

	it('lists the first page newest first; keys page, select and open', async () => {
		const {controller, store, events} = make();
		controller.start();
		await until(store, s => s.data !== null && !s.loading);
		expect(ids(controller)).toEqual(ORDER.slice(0, 6));
		expect(controller.state.data?.total_pages).toBe(3);
		controller.key('G', KEY.plain);
		await until(store, s => s.place.page === 3 && !s.loading);
		expect(ids(controller)).toEqual(ORDER.slice(12));
		controller.key('l', KEY.plain);
		expect(controller.state.place.page).toBe(3);
		controller.key('jjjjjjjj', KEY.plain);
		expect(controller.state.place.selection).toBe(4);
		controller.key('', KEY.enter);
		expect(events.opened).toEqual([7]);
	});

	it('keeps a selection moved while the next page loads', async () => {
		const {controller, store} = make();
		controller.start();
		await until(store, s => s.data !== null && !s.loading);
		controller.key('lj', KEY.plain);
		const state = await until(store, s => s.place.page === 2 && !s.loading);
		expect(state.place.selection).toBe(1);
	});

	it('cycles the status filter with f, from page 1', async () => {
		const {controller, store} = make();
		controller.start();
		await until(store, s => s.data !== null && !s.loading);
		controller.key('lf', KEY.plain);
		const state = await until(store, s => s.place.filter === 'Uploading' && !s.loading);
		expect(state.place).toEqual({filter: 'Uploading', page: 1, selection: 0});
		expect(state.data?.results.every(job => sameText(job.status, 'Uploading'))).toBe(true);
	});

	it('opens on the page of a job to select, reading List Jobs a hundred at a time to find it', async () => {
		const {controller, store, listed} = make({select: 19});
		controller.start();
		const state = await until(store, s => s.data !== null && !s.loading);
		expect(state.place).toEqual({filter: 'All', page: 3, selection: 2});
		expect(state.data?.results[2]?.id).toBe(19);
		// Page 1 at the list's size, the position in one page of 100, then the job's page.
		expect(listed).toEqual([
			{page: 1, page_size: 6},
			{page: 1, page_size: 100},
			{page: 3, page_size: 6},
		]);
	});

	it('selects a job on the first page without looking further, and a job that is gone leaves page 1', async () => {
		const first = make({select: 42});
		first.controller.start();
		const found = await until(first.store, s => s.data !== null && !s.loading);
		expect(found.place).toEqual({filter: 'All', page: 1, selection: 5});
		expect(first.listed).toHaveLength(1);

		const gone = make({select: 123_456});
		gone.controller.start();
		const missing = await until(gone.store, s => s.data !== null && !s.loading);
		expect(missing.place).toEqual({filter: 'All', page: 1, selection: 0});
	});

	it('asks again when back on top, keeping the selected job', async () => {
		const {controller, store, listed} = make();
		controller.start();
		await until(store, s => s.data !== null && !s.loading);
		controller.key('jj', KEY.plain);
		controller.pause();
		controller.resume();
		expect(controller.state.loading).toBe(true);
		const state = await until(store, s => !s.loading);
		expect(listed).toHaveLength(2);
		expect(state.data?.results[state.place.selection]?.id).toBe(ORDER[2]);
	});

	it('says what failed, keeps the list, and r retries; a refused token goes to the app', async () => {
		const {controller, store} = make();
		controller.start();
		await until(store, s => s.data !== null && !s.loading);
		server().setFaults({failEvery: 1, failStatus: 500});
		controller.key('r', KEY.plain);
		const failed = await until(store, s => s.error !== null);
		expect(failed.error?.kind).toBe('server');
		expect(ids(controller)).toEqual(ORDER.slice(0, 6));
		server().setFaults(NO_FAULTS);
		controller.key('r', KEY.plain);
		await until(store, s => s.error === null && !s.loading);

		const refused = make({token: 'not-the-token-0000'});
		refused.controller.start();
		await until(refused.store, s => s.error !== null);
		expect(refused.events.authErrors.map(error => error.kind)).toEqual(['auth']);
		refused.controller.setClient(createClient({baseUrl: server().baseUrl, token: server().token}));
		refused.controller.retry();
		await until(refused.store, s => s.data !== null && s.error === null);
	});

	it('help opens and closes; q quits; a paste is ignored', () => {
		const {controller, events} = make();
		controller.key('?', KEY.plain);
		expect(controller.state.help).toBe(true);
		controller.key('', KEY.escape);
		expect(controller.state.help).toBe(false);
		controller.key('a paste with q and 1 in it', KEY.plain);
		expect(events.quits).toBe(0);
		controller.key('q', KEY.plain);
		expect(events.quits).toBe(1);
	});
});

describe('finding a job (/)', () => {
	const matchIds = (controller: JobsController) => {
		const find = controller.state.find;
		return find ? jobMatches(find.jobs, find.query).map(job => job.id) : [];
	};

	it('reads every page of List Jobs; an exact id comes first, and Enter waits for the page that has it', async () => {
		// Five jobs a request: job 7, the oldest, is on the fourth page, and 7001 (an id starting with 7) on the first.
		const {controller, store, events, listed} = make({findPageSize: 5});
		controller.start();
		await until(store, s => s.data !== null && !s.loading);
		controller.key('/7', KEY.plain);
		expect(controller.mode).toBe('pickerFind');
		controller.key('', KEY.enter);
		expect(events.opened).toEqual([]);
		await until(store, s => s.find?.reading === false, 'every page read');
		expect(events.opened).toEqual([7]);
		expect(matchIds(controller).slice(0, 2)).toEqual([7, 7001]);
		expect(listed.filter(query => query.page_size === 5).map(query => query.page)).toEqual([1, 2, 3, 4]);
	});

	it('reads List Jobs in the largest pages it allows (100), whatever the size of a page on screen', async () => {
		const {controller, store, listed} = make();
		controller.start();
		await until(store, s => s.data !== null && !s.loading);
		const before = listed.length;
		controller.key('/7', KEY.plain);
		await until(store, s => s.find?.reading === false, 'every page read');
		// The demo's 17 jobs: one request of 100, not three of the list's 6.
		expect(listed.slice(before)).toEqual([{page: 1, page_size: 100}]);
	});

	it('matches list names case-insensitively; ↓ chooses another match, which Enter opens at once', async () => {
		const {controller, store, events} = make();
		controller.start();
		controller.key('/', KEY.plain);
		controller.key('q1 LEA', KEY.plain);
		await until(store, s => s.find?.reading === false);
		expect(matchIds(controller)).toEqual([42]);
		controller.key('w', KEY.ctrl);
		expect(controller.state.find?.query).toBe('q1 ');
		controller.key('u', KEY.ctrl);
		expect(controller.state.find?.query).toBe('');
		expect(matchIds(controller)).toEqual(ORDER);
		controller.key('', KEY.down);
		controller.key('', KEY.enter);
		expect(events.opened).toEqual([ORDER[1]]);
	});

	it('Esc clears the find: the list as it was, j and q keys again; / starts from an empty field', async () => {
		const {controller, store, events} = make();
		controller.start();
		await until(store, s => s.data !== null && !s.loading);
		controller.key('j', KEY.plain);
		const place = controller.state.place;
		controller.key('/jqk', KEY.plain);
		expect(controller.state.find?.query).toBe('jqk');
		expect(events.quits).toBe(0);
		controller.key('', KEY.escape);
		expect(controller.state.find).toBeNull();
		expect(controller.state.place).toEqual(place);
		controller.key('/', KEY.plain);
		expect(controller.state.find?.query).toBe('');
	});

	it('Enter with no match opens nothing and says so; keys typed after it are not run', async () => {
		const {controller, store, events} = make();
		controller.start();
		controller.key('/zzz-no-such-list\rq', KEY.plain);
		await until(store, s => s.find?.notice !== null && s.find?.notice !== undefined, 'the notice');
		expect(controller.state.find?.notice).toContain('zzz-no-such-list');
		expect(events.opened).toEqual([]);
		expect(events.quits).toBe(0);
	});
});
