// The app's stack of screens without React, against the demo server on loopback: what each way back
// returns to, the job list built for a job opened by id, and the 401 flow through the token screen.
import {afterEach, describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import {verifyToken} from '../../source/commands/token.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {EXIT, type ExitCode} from '../../source/exit.js';
import {Navigator, REFUSED_WHILE_BROWSING, type AppOptions, type Screen} from '../../source/store/navigator.js';
import {createValueStore} from '../../source/store/store.js';
import {breakdownRows} from '../../source/ui/BreakdownScreen.js';
import {jobsPageSize} from '../../source/ui/layout.js';
import {recordsViewport} from '../../source/ui/RecordsScreen.js';
import {serveDemoPerFile} from '../helpers/server.js';
import {KEY, until} from './until.js';

const server = serveDemoPerFile();
const navigators: Navigator[] = [];

afterEach(() => {
	for (const navigator of navigators.splice(0)) {
		navigator.dispose();
	}

	server().setFaults(NO_FAULTS);
	server().setTokens([server().token]);
});

const clientFor = (token: string) => createClient({baseUrl: server().baseUrl, token, retry: {limit: 0}});

function make(options: Partial<AppOptions> & {rows?: number} = {}) {
	const quits: ExitCode[] = [];
	const saved: string[] = [];
	const navigator = new Navigator(
		{
			client: clientFor(server().token),
			jobId: 42,
			pageSize: 100,
			filter: 'All',
			page: 1,
			token: {
				createClient: clientFor,
				verify: async token => verifyToken({createClient, baseUrl: server().baseUrl, token}),
				save: token => saved.push(token),
				baseUrl: server().baseUrl,
			},
			...options,
		},
		{
			size: createValueStore({columns: 100, rows: options.rows ?? 30}),
			geometry: {records: recordsViewport, breakdownRows, jobsPageSize},
			copy: async () => 'Sent.',
			loadExporter: async () => import('../../source/export/export.js'),
			quit: code => quits.push(code),
		},
	);
	navigators.push(navigator);
	navigator.start();
	return {navigator, quits, saved};
}

type ControllerOf<K extends Screen['kind']> = Extract<Screen, {kind: K}>['controller'];

/** The controller of the screen on top, which must be of `kind`. */
function top<K extends Screen['kind']>(navigator: Navigator, kind: K): ControllerOf<K> {
	const screen = navigator.top;
	expect(screen?.kind).toBe(kind);
	return screen?.controller as ControllerOf<K>;
}

const kinds = (navigator: Navigator) => navigator.stack.map(screen => screen.kind);

describe('the navigation stack', () => {
	it('e pushes the breakdown over the records; b pops back to the same records, exactly as they were', async () => {
		const {navigator} = make({jobId: 7001});
		const records = top(navigator, 'records');
		await until(records.store, s => s.shown !== null);
		navigator.key('5', KEY.plain);
		await until(records.store, s => s.shown?.filter === 'Error' && !s.loading);
		navigator.key('ll', KEY.plain);
		await until(records.store, s => s.shown?.page === 3 && !s.loading);
		navigator.key('jj]', KEY.plain);
		const before = records.state;
		navigator.key('e', KEY.plain);
		expect(kinds(navigator)).toEqual(['records', 'breakdown']);
		const breakdown = top(navigator, 'breakdown');
		await until(breakdown.store, s => s.load.kind === 'ready', 'the breakdown');
		navigator.key('b', KEY.plain);
		expect(kinds(navigator)).toEqual(['records']);
		expect(top(navigator, 'records')).toBe(records);
		expect(records.state).toBe(before);
	});

	it('a group’s records go on top of the breakdown, and b returns to the breakdown as it was', async () => {
		const {navigator} = make({jobId: 7001});
		navigator.key('e', KEY.plain);
		const breakdown = top(navigator, 'breakdown');
		await until(breakdown.store, s => s.load.kind === 'ready', 'the breakdown');
		navigator.key('jj', KEY.plain);
		const before = breakdown.state;
		expect(before.selection).toBe(2);
		navigator.key('', KEY.enter);
		expect(kinds(navigator)).toEqual(['records', 'breakdown', 'records']);
		const group = top(navigator, 'records');
		const chosen = before.load.kind === 'ready' ? before.load.breakdown.groups.message[2] : undefined;
		expect(group.group?.label).toBe(chosen?.label);
		await until(group.store, s => s.shown !== null);
		navigator.key('b', KEY.plain);
		expect(top(navigator, 'breakdown')).toBe(breakdown);
		expect(breakdown.state).toBe(before);
	});

	it('b from a job opened by id builds the job list on the page that holds the job, with it selected', async () => {
		// 14 rows: six jobs a page; job 19 is the 15th job, on page 3.
		const {navigator} = make({jobId: 19, rows: 14});
		navigator.key('b', KEY.plain);
		expect(kinds(navigator)).toEqual(['jobs']);
		const jobs = top(navigator, 'jobs');
		const state = await until(jobs.store, s => s.data !== null && !s.loading, 'the job list');
		expect(state.place).toEqual({filter: 'All', page: 3, selection: 2});
		expect(state.data?.results[2]?.id).toBe(19);
		navigator.key('', KEY.enter);
		expect(top(navigator, 'records').jobId).toBe(19);
	});

	it('Enter on the job list pushes the job; b pops back to the same page and job', async () => {
		const {navigator} = make({jobId: undefined, rows: 14});
		const jobs = top(navigator, 'jobs');
		await until(jobs.store, s => s.data !== null && !s.loading);
		navigator.key('lj', KEY.plain);
		const on = await until(jobs.store, s => s.place.page === 2 && !s.loading);
		const job = on.data?.results[1]?.id;
		navigator.key('', KEY.enter);
		expect(top(navigator, 'records').jobId).toBe(job);
		navigator.key('b', KEY.plain);
		expect(top(navigator, 'jobs')).toBe(jobs);
		// Asked for again on the way back (job statuses move), on the same page and job.
		const back = await until(jobs.store, s => !s.loading);
		expect(back.place).toEqual({filter: 'All', page: 2, selection: 1});
	});

	it('a 401 puts the token screen on top; a good token goes to every screen, which retries, and pops it', async () => {
		const {navigator, saved} = make({jobId: undefined});
		const jobs = top(navigator, 'jobs');
		await until(jobs.store, s => s.data !== null && !s.loading);
		navigator.key('', KEY.enter);
		const records = top(navigator, 'records');
		await until(records.store, s => s.shown !== null && !s.loading);
		navigator.key('5', KEY.plain);
		await until(records.store, s => s.shown?.filter === 'Error' && !s.loading);

		const NEW = 'new-token-0123456789abcdef';
		server().setTokens([NEW]);
		navigator.key('r', KEY.plain);
		await until(navigator.store, s => s.stack.at(-1)?.kind === 'token', 'the token screen');
		expect(kinds(navigator)).toEqual(['jobs', 'records', 'token']);
		const token = top(navigator, 'token');
		expect(token.reason).toBe(REFUSED_WHILE_BROWSING);
		// Keys go to the token screen now, not to the records below it: q is typed, and Ctrl+U clears it.
		navigator.key('q', KEY.plain);
		expect(kinds(navigator)).toHaveLength(3);
		expect(token.state.value).toBe('q');
		navigator.key('u', KEY.ctrl);
		expect(token.state.value).toBe('');

		navigator.key(NEW, KEY.plain);
		navigator.key('', KEY.enter);
		await until(navigator.store, s => s.stack.length === 2, 'the token screen gone');
		expect(saved).toEqual([NEW]);
		expect(top(navigator, 'records')).toBe(records);
		const after = await until(records.store, s => s.error === null && !s.loading, 'the records with the new token');
		expect(after.shown?.filter).toBe('Error');
		// The job list below has the new client too.
		navigator.key('b', KEY.plain);
		await until(jobs.store, s => !s.loading && s.error === null, 'the job list with the new token');
	});

	it('a second e on a finished job shows the groups kept from the first, and asks the API nothing', async () => {
		const {navigator} = make({jobId: 7001});
		const records = top(navigator, 'records');
		await until(records.store, s => s.shown !== null && s.job !== null && !s.loading, 'the records and the job');
		navigator.key('e', KEY.plain);
		const first = top(navigator, 'breakdown');
		await until(first.store, s => s.load.kind === 'ready', 'the groups');
		navigator.key('b', KEY.plain);
		navigator.key('e', KEY.plain);
		const second = top(navigator, 'breakdown');
		expect(second).not.toBe(first);
		expect(second.state.load).toEqual(first.state.load);
		// No load started: the job had finished when the groups were fetched.
		expect(second.state.latestId).toBe(0);
	});

	it('starts on the token screen without a token, then opens the job asked for', async () => {
		const {navigator} = make({client: undefined, jobId: 42});
		const token = top(navigator, 'token');
		expect(token.reason).toBeUndefined();
		navigator.key(`${server().token}\n`, KEY.plain);
		await until(navigator.store, s => s.stack[0]?.kind === 'records', 'the records');
		const records = top(navigator, 'records');
		await until(records.store, s => s.shown?.data.results[0]?.id === 9881);
	});

	it('Esc on the token screen quits with the auth exit code; q elsewhere with 0', () => {
		const first = make({client: undefined});
		first.navigator.key('', KEY.escape);
		expect(first.quits).toEqual([EXIT.auth]);
		const second = make();
		second.navigator.key('q', KEY.plain);
		expect(second.quits).toEqual([EXIT.ok]);
	});

	it('disposes a screen as it is popped: it takes no more keys', () => {
		const {navigator} = make({jobId: 7001});
		navigator.key('e', KEY.plain);
		const breakdown = top(navigator, 'breakdown');
		navigator.key('b', KEY.plain);
		const state = breakdown.state;
		breakdown.key('gr', KEY.plain);
		expect(breakdown.state).toBe(state);
	});
});
