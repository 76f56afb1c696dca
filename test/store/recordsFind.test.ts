// Find across the whole filter and paging by moving, in the records controller without React, against
// the demo server on loopback: keys go in through the controller's key handler, as Ink hands them over.
import {afterEach, describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import type {ApiClient, RecordFilter} from '../../source/api/types.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {PLAIN_KEY} from '../../source/keys/input.js';
import {RecordsController, type RecordsOptions} from '../../source/store/recordsController.js';
import type {RecordsState} from '../../source/store/records.js';
import type {ReadableStore} from '../../source/store/store.js';
import {recordsViewport} from '../../source/ui/RecordsScreen.js';
import {observedClient} from '../helpers/client.js';
import {serveDemoPerFile, withDemoServer} from '../helpers/server.js';
import {rawText} from '../helpers/text.js';
import {untilState, untilTrue} from '../helpers/until.js';

const server = serveDemoPerFile();
const controllers: RecordsController[] = [];

afterEach(() => {
	for (const controller of controllers.splice(0)) {
		controller.dispose();
	}

	server().setFaults(NO_FAULTS);
});

const KEY = {
	enter: {...PLAIN_KEY, return: true},
	escape: {...PLAIN_KEY, escape: true, meta: true},
	down: {...PLAIN_KEY, downArrow: true},
	up: {...PLAIN_KEY, upArrow: true},
} as const;

const until = async (
	store: ReadableStore<RecordsState>,
	predicate: (state: RecordsState) => boolean,
	what: string,
	timeoutMs = 15_000,
) =>
	untilState(store, predicate, what, {
		timeoutMs,
		describe: ({find, findProgress, shown, selection, notice}) =>
			JSON.stringify({find, findProgress, page: shown?.page, selection, notice}),
	});

function make(
	options: Partial<RecordsOptions> = {},
	api = createClient({baseUrl: server().baseUrl, token: server().token}),
) {
	const {client, stats} = observedClient(api);
	const controller = new RecordsController(
		{jobId: 42, pageSize: 100, filter: 'All', page: 1, ...options},
		{
			client,
			viewport: state => recordsViewport(state, {columns: 100, rows: 30}),
			copy: async () => 'copied',
			loadExporter: async () => import('../../source/export/export.js'),
			navigation: {back() {}, breakdown() {}, revalidate() {}, quit() {}, authError() {}},
		},
	);
	controllers.push(controller);
	controller.start();
	return {
		controller,
		stats,
		store: controller.store,
		key: (input: string, key = PLAIN_KEY) => controller.key(input, key),
	};
}

/** Records requests the server saw for a job and filter, as page and page size, in order. */
function asked(jobId: number, filter: RecordFilter, since = 0): Array<{page: number; size: number}> {
	return (
		server()
			.requests.slice(since)
			// Pages of records, not the one-record count probes of the filter list's counts.
			.filter(
				entry =>
					entry.path.endsWith(`/jobs/${jobId}/records/`) &&
					(entry.query['status'] ?? 'All') === filter &&
					entry.query['page_size'] !== '1',
			)
			.map(entry => ({page: Number(entry.query['page'] ?? 1), size: Number(entry.query['page_size'] ?? 100)}))
	);
}

/** The pages of `size` records asked for, as page numbers, in order. */
function pagesAsked(jobId: number, filter: RecordFilter, since = 0, size = 100): number[] {
	return asked(jobId, filter, since)
		.filter(request => request.size === size)
		.map(request => request.page);
}

/** 1, 2, … n. */
const upTo = (n: number) => Array.from({length: n}, (_, index) => index + 1);

const selectedEmail = (state: RecordsState) => {
	const email = state.shown?.data.results[state.selection]?.email;
	return email === undefined ? undefined : rawText(email);
};

describe('find across the whole filter', () => {
	it('Enter goes to a match many pages on, and no page is asked for twice', async () => {
		const client = createClient({baseUrl: server().baseUrl, token: server().token});
		const target = (await client.getRecords(7001, {status: 'Error', page: 37, page_size: 100})).results[42]!;
		const start = server().requests.length;
		const {store, key} = make({jobId: 7001, filter: 'Error'});
		await until(store, state => state.shown !== null, 'page 1');
		key('/');
		key(rawText(target.email));
		const searched = await until(store, state => state.findProgress?.running === false, 'the whole filter searched');
		expect(searched.findProgress).toMatchObject({matches: 1, problem: undefined});
		const records = searched.findProgress!.records;
		expect(searched.findProgress?.searched).toBe(records);
		// Still on page 1 until Enter.
		expect(searched.shown?.page).toBe(1);
		key('', KEY.enter);
		const found = await until(store, state => state.shown?.page === 37 && !state.loading, 'page 37');
		expect(selectedEmail(found)).toBe(rawText(target.email));
		expect(found.mode).toBe('browse');
		// The find read the filter once, in the API's largest pages; the pages shown each came once.
		expect(pagesAsked(7001, 'Error', start, 1000).sort((a, b) => a - b)).toEqual(upTo(Math.ceil(records / 1000)));
		const shown = pagesAsked(7001, 'Error', start);
		expect(shown).toContain(37);
		expect(new Set(shown).size).toBe(shown.length);
	});

	it('n and N go through the matches on every page, and say when they pass the end', async () => {
		const {store, key, controller} = make({jobId: 42});
		await until(store, state => state.shown !== null, 'page 1');
		key('/gmail');
		await until(store, state => state.findProgress?.running === false, 'the search');
		const total = store.getState().findProgress!.matches;
		expect(total).toBeGreaterThan(5);
		key('', KEY.enter);
		const seen: string[] = [];
		const pages = new Set<number>();
		for (let index = 0; index < total; index++) {
			const state = store.getState();
			expect(selectedEmail(state)?.toLowerCase()).toContain('gmail');
			seen.push(`${state.shown?.page}:${state.selection}`);
			pages.add(state.shown!.page);
			key('n');
			await until(
				store,
				next => `${next.shown?.page}:${next.selection}` !== seen.at(-1) && !next.loading,
				'the next match',
			);
		}

		// Every match once, on all three pages, then back to the first.
		expect(new Set(seen).size).toBe(total);
		expect([...pages].sort()).toEqual([1, 2, 3]);
		expect(`${store.getState().shown?.page}:${store.getState().selection}`).toBe(seen[0]);
		expect(store.getState().notice).toBe('Past the last match: back to the first.');
		// N from the first match goes back round to the last, on page 3.
		controller.jumpToMatch(-1);
		await until(
			store,
			state => `${state.shown?.page}:${state.selection}` === seen.at(-1) && !state.loading,
			'the last match',
		);
	});

	it('says when nothing in the filter matches', async () => {
		const {store, key} = make({jobId: 42});
		await until(store, state => state.shown !== null, 'page 1');
		key('/zzzz-nobody');
		await until(store, state => state.findProgress?.running === false, 'the search');
		key('', KEY.enter);
		expect(store.getState().notice).toBe('No record matches “zzzz-nobody”.');
		expect(store.getState().findProgress?.matches).toBe(0);
	});

	it('Enter before the search reaches the match goes there when it does', async () => {
		server().setFaults({latencyMs: 30});
		const client = createClient({baseUrl: server().baseUrl, token: server().token});
		const target = (await client.getRecords(7001, {status: 'Error', page: 20, page_size: 100})).results[7]!;
		const {store, key} = make({jobId: 7001, filter: 'Error'});
		await until(store, state => state.shown !== null, 'page 1');
		key(`/${rawText(target.email)}`);
		key('', KEY.enter);
		expect(store.getState().findProgress?.running).toBe(true);
		const found = await until(store, state => state.shown?.page === 20 && !state.loading, 'page 20');
		expect(selectedEmail(found)).toBe(rawText(target.email));
	});

	it('Esc stops the search: nothing more is asked for', async () => {
		server().setFaults({latencyMs: 40});
		const {store, key, stats} = make({jobId: 7001, filter: 'All'});
		await until(store, state => state.shown !== null, 'page 1');
		key('/');
		key('nobody-at-all');
		await until(store, state => (state.findProgress?.searched ?? 0) >= 2000, 'a few pages searched');
		const before = stats.pages.length;
		const signals = [...stats.signals];
		key('', KEY.escape);
		expect(store.getState().find).toBe('');
		expect(store.getState().findProgress).toBeNull();
		// Every request of the search is cancelled: the prefetch of page 2 and the filter list's one-record
		// count probe are not the search's.
		expect(signals.filter(signal => !signal.aborted).length).toBeLessThanOrEqual(2);
		// Something asked for after Esc, and answered: the only records requests since then are its own.
		key('G');
		await until(store, state => state.shown?.page === state.shown?.data.total_pages && !state.loading, 'the last page');
		const last = store.getState().shown!.data.total_pages;
		// The page before it is prefetched once the last is on screen.
		await untilTrue(() => stats.pages.length - before >= 2, 'the page before the last prefetched');
		expect(stats.pages.slice(before)).toEqual([last, last - 1]);
	});

	it('keeps what is typed right after /, in the same read', () => {
		const {controller, key} = make({jobId: 42, initialPage: undefined});
		key('/gmail');
		expect(controller.state.mode).toBe('find');
		expect(controller.state.find).toBe('gmail');
	});

	it('after Enter, Esc clears the find, and / starts a new one', async () => {
		const {store, key} = make({jobId: 42});
		await until(store, state => state.shown !== null, 'page 1');
		key('/gmail');
		key('', KEY.enter);
		expect(store.getState().find).toBe('gmail');
		key('', KEY.escape);
		expect(store.getState().find).toBe('');
		key('/yahoo');
		key('', KEY.enter);
		expect(store.getState().find).toBe('yahoo');
		key('/');
		expect(store.getState().find).toBe('');
	});

	it('edits the query with Backspace, Ctrl+W and Ctrl+U', async () => {
		const {store, key} = make({jobId: 42});
		await until(store, state => state.shown !== null, 'page 1');
		key('/jane acme');
		key('', {...PLAIN_KEY, backspace: true});
		expect(store.getState().find).toBe('jane acm');
		key('w', {...PLAIN_KEY, ctrl: true});
		expect(store.getState().find).toBe('jane ');
		key('u', {...PLAIN_KEY, ctrl: true});
		expect(store.getState().find).toBe('');
		// Typed ahead in one read, as their control bytes.
		key('abc def\u0017x');
		expect(store.getState().find).toBe('abc x');
		key('y\u0015z');
		expect(store.getState().find).toBe('z');
	});
});

describe("find in the API's largest pages", () => {
	it('reads 18,000 records at a 5-row page in pages of 1,000, and Enter lands on the right page and row', async () => {
		const api = createClient({baseUrl: server().baseUrl, token: server().token});
		const {count} = await api.getRecords(7001, {status: 'Invalid', page: 1, page_size: 1});
		const bigPages = Math.ceil(count / 1000);
		// The filter's last record: on the last page of 1,000, and on view page ceil(count / 5).
		const target = (await api.getRecords(7001, {status: 'Invalid', page: bigPages, page_size: 1000})).results.at(-1)!;
		const start = server().requests.length;
		const {store, key} = make({jobId: 7001, filter: 'Invalid', pageSize: 5});
		await until(store, state => state.shown !== null, 'page 1');
		key(`/${rawText(target.email)}`);
		const searched = await until(store, state => state.findProgress?.running === false, 'the whole filter searched');
		// At most ceil(count / 1000) requests of 1,000 records, each page once; of 5-record pages only page 1
		// and its neighbour (prefetched), not the 3,632 of the filter.
		expect(pagesAsked(7001, 'Invalid', start, 5).length).toBeLessThanOrEqual(2);
		expect(pagesAsked(7001, 'Invalid', start, 1000).sort((a, b) => a - b)).toEqual(upTo(bigPages));
		expect(asked(7001, 'Invalid', start).every(request => request.size === 5 || request.size === 1000)).toBe(true);
		expect(searched.findProgress).toMatchObject({matches: 1, searched: count, records: count, problem: undefined});
		key('', KEY.enter);
		const last = Math.ceil(count / 5);
		const found = await until(store, state => state.shown?.page === last && !state.loading, `page ${last}`);
		expect(found.selection).toBe((count - 1) % 5);
		expect(selectedEmail(found)).toBe(rawText(target.email));
		// The page of the match comes through the page cache: asked for once, with its neighbour prefetched.
		const small = pagesAsked(7001, 'Invalid', start, 5);
		expect(small).toContain(last);
		expect(small.length).toBeLessThanOrEqual(4);
		expect(pagesAsked(7001, 'Invalid', start, 1000)).toHaveLength(bigPages);
	});

	it('at a page size of 1,000 reads through the page cache: no page asked for twice', async () => {
		const start = server().requests.length;
		const {store, key} = make({jobId: 7001, filter: 'Invalid', pageSize: 1000});
		await until(store, state => state.shown !== null && !state.loading, 'page 1');
		// Page 2 is prefetched: the find takes it from there.
		await until(store, () => pagesAsked(7001, 'Invalid', start, 1000).includes(2), 'page 2 prefetched');
		key('/nobody-at-all');
		const searched = await until(store, state => state.findProgress?.running === false, 'the search');
		const pages = Math.ceil(searched.findProgress!.records / 1000);
		expect(searched.findProgress?.searched).toBe(searched.findProgress?.records);
		expect(pagesAsked(7001, 'Invalid', start, 1000).sort((a, b) => a - b)).toEqual(upTo(pages));
	});

	it('asks for nothing when the page on screen is the whole filter', async () => {
		const {store, key} = make({jobId: 42, pageSize: 1000});
		await until(store, state => state.shown !== null && !state.loading, 'page 1');
		const start = server().requests.length;
		key('/gmail');
		const searched = await until(store, state => state.findProgress?.running === false, 'the search');
		expect(searched.findProgress?.matches).toBeGreaterThan(0);
		expect(asked(42, 'All', start)).toEqual([]);
	});

	it('a page that fails stops the find, which says why, keeps what it read, and n goes among it', async () => {
		const api = createClient({baseUrl: server().baseUrl, token: server().token, retry: {limit: 0}});
		// Record 1,500 of the filter: read with the second page of 1,000; view page 16, row 0.
		const target = (await api.getRecords(7001, {status: 'All', page: 2, page_size: 1000})).results[500]!;
		const {store, key} = make({jobId: 7001, filter: 'All'}, api);
		await until(store, state => state.shown !== null && !state.loading, 'page 1');
		// The find's third request (its third page of 1,000) answers 500.
		server().setFaults({failEvery: 3, failStatus: 500});
		key(`/${rawText(target.email)}`);
		const stopped = await until(store, state => state.findProgress?.running === false, 'the find to stop');
		server().setFaults(NO_FAULTS);
		expect(stopped.findProgress?.problem).toMatch(/500/);
		expect(stopped.findProgress?.matches).toBe(1);
		// Pages 1 and 2 at least (pages 2 to 5 are asked for at once: the failure may be any of 3 to 5).
		expect(stopped.findProgress?.searched).toBeGreaterThanOrEqual(2000);
		expect(stopped.findProgress?.searched).toBeLessThan(stopped.findProgress!.records);
		key('', KEY.enter);
		const found = await until(store, state => state.shown?.page === 16 && !state.loading, 'page 16');
		expect(found.selection).toBe(0);
		expect(selectedEmail(found)).toBe(rawText(target.email));
		// n goes round what was read, back to the same match: nothing past the failure is in the way.
		key('n');
		expect(store.getState().notice).toBe('Past the last match: back to the first.');
		expect(store.getState().selection).toBe(0);
	});

	it('a 429 asking for a longer wait than a person would sit through stops the find and says so', async () => {
		const {store, key} = make({jobId: 7001, filter: 'All'});
		await until(store, state => state.shown !== null && !state.loading, 'page 1');
		server().setFaults({failEvery: 2, failStatus: 429, retryAfter: 120});
		key('/nobody-at-all');
		const stopped = await until(store, state => state.findProgress?.running === false, 'the find to stop');
		server().setFaults(NO_FAULTS);
		expect(stopped.findProgress?.problem).toMatch(/\(429\) and asked to wait 2 min/);
		expect(stopped.findProgress?.searched).toBeLessThan(stopped.findProgress!.records);
		key('', KEY.enter);
		expect(store.getState().notice).toMatch(/^No record matches “nobody-at-all” in what the find read: .*429/);
	});

	it('reads only what a running job added since its last find, when the filter grows', async () => {
		await withDemoServer({port: 0}, async target => {
			target.setJobSize(7001, 3000);
			const {store, key} = make(
				{jobId: 7001, filter: 'All'},
				createClient({baseUrl: target.baseUrl, token: target.token}),
			);
			await until(store, state => state.shown !== null && !state.loading, 'page 1');
			key('/nobody-at-all');
			await until(store, state => state.findProgress?.running === false, 'the first search');
			const since = target.requests.length;
			target.setJobSize(7001, 5000);
			// The last page, asked for now, says the filter has 5,000 records.
			key('', KEY.enter);
			key('G');
			const grown = await until(
				store,
				state => state.findProgress?.running === false && state.findProgress.records === 5000,
				'the records added searched',
			);
			expect(grown.findProgress?.searched).toBe(5000);
			const read = target.requests
				.slice(since)
				.filter(entry => entry.path.endsWith('/jobs/7001/records/') && entry.query['page_size'] === '1000')
				.map(entry => Number(entry.query['page']));
			expect(read.sort((a, b) => a - b)).toEqual([4, 5]);
		});
	});

	it('lands on the match as the page now is when records moved while the find read', async () => {
		const api = createClient({baseUrl: server().baseUrl, token: server().token});
		// A record of page 1 moved to another status after the page was shown and before the find read:
		// every later record is one place earlier in the find's pages than on the pages shown afterwards.
		const moved: ApiClient = {
			...api,
			async getRecords(jobId, query, options) {
				const page = await api.getRecords(jobId, query, options);
				return query?.page_size === 1000 ? {...page, results: page.results.slice(1)} : page;
			},
		};
		const target = (await api.getRecords(42, {status: 'All', page: 2, page_size: 100})).results[50]!;
		const {store, key} = make({jobId: 42, pageSize: 100}, moved);
		await until(store, state => state.shown !== null && !state.loading, 'page 1');
		key(`/${rawText(target.email)}`);
		await until(store, state => state.findProgress?.running === false, 'the search');
		key('', KEY.enter);
		const found = await until(
			store,
			state => state.shown?.page === 2 && !state.loading && selectedEmail(state) === rawText(target.email),
			'the match on page 2',
		);
		expect(found.selection).toBe(50);
	});
});

describe('paging by moving', () => {
	it('↓ on the last row opens the next page at its first row; ↑ on the first, the previous at its last', async () => {
		const {store, key} = make({jobId: 42});
		await until(store, state => state.shown !== null, 'page 1');
		for (let index = 0; index < 99; index++) {
			key('j');
		}

		expect(store.getState().selection).toBe(99);
		key('', KEY.down);
		const second = await until(store, state => state.shown?.page === 2, 'page 2');
		expect(second.selection).toBe(0);
		key('k');
		const first = await until(store, state => state.shown?.page === 1, 'page 1 again');
		expect(first.selection).toBe(99);
		expect(recordsViewport(first, {columns: 100, rows: 30}).tableRows).toBeLessThan(100);
	});

	it('is instant when the next page was prefetched, and stops at the ends of the filter', async () => {
		const {store, key, stats} = make({jobId: 42});
		await until(store, state => state.shown !== null, 'page 1');
		key('k');
		expect(store.getState().shown?.page).toBe(1);
		expect(store.getState().selection).toBe(0);
		key('G');
		const last = await until(store, state => state.shown?.page === 3 && !state.loading, 'page 3');
		const rows = last.shown!.data.results.length;
		for (let index = 0; index < rows + 3; index++) {
			key('j');
		}

		expect(store.getState().shown?.page).toBe(3);
		expect(store.getState().selection).toBe(rows - 1);
		// Page 2 was prefetched while page 3 loaded: going back up past the first row is in the same call.
		await untilTrue(() => stats.pages.includes(2) && stats.inFlight === 0, 'page 2 prefetched');
		key('g');
		const first = await until(store, state => state.shown?.page === 1 && !state.loading, 'page 1');
		// Paging keeps the row: the 50th, from page 3.
		expect(first.selection).toBe(rows - 1);
		while (store.getState().selection < 99) {
			key('j');
		}

		expect(store.getState().shown?.page).toBe(1);
		key('j');
		// Prefetched: on screen in the same call, no wait.
		expect(store.getState().shown?.page).toBe(2);
		expect(store.getState().selection).toBe(0);
	});

	it('moves typed while the next page is on its way wait for it, in order', async () => {
		server().setFaults({latencyMs: 40});
		const {store, key} = make({jobId: 42, prefetch: false});
		await until(store, state => state.shown !== null, 'page 1');
		while (store.getState().selection < 99) {
			key('j');
		}

		// The first opens page 2; the other two are for page 2's rows, not page 1's.
		key('jjj');
		expect(store.getState().shown?.page).toBe(1);
		expect(store.getState().selection).toBe(99);
		await until(store, state => state.shown?.page === 2 && state.selection === 2, 'row 3 of page 2');
		key('kkkk');
		await until(store, state => state.shown?.page === 1 && state.selection === 98, 'row 99 of page 1');
	});
});
