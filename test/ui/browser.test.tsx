import {afterEach, describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {App} from '../../source/app.js';
import {createClient} from '../../source/api/client.js';
import {observedClient} from '../helpers/client.js';
import {untilTrue} from '../helpers/until.js';
import type {RecordFilter} from '../../source/api/types.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {sendFirst} from '../../source/store/first.js';
import {pastEndNotice} from '../../source/store/records.js';
import {createTheme} from '../../source/terminal/theme.js';
import {KEYS, renderAt, type Rendered} from '../helpers/render.js';
import {demoJson, serveDemoPerFile} from '../helpers/server.js';

const server = serveDemoPerFile();
let view: Rendered | undefined;

afterEach(() => {
	view?.unmount();
	view = undefined;
	server().setFaults(NO_FAULTS);
	server().setTokens([server().token]);
});

async function open(
	options: {
		jobId?: number;
		filter?: RecordFilter;
		page?: number;
		pageSize?: number;
		columns?: number;
		rows?: number;
		env?: NodeJS.ProcessEnv;
		token?: string;
	} = {},
) {
	let quit = 0;
	// One quick retry, and no short time limit: a slow answer on a busy machine is still an answer.
	const {client, stats} = observedClient(
		createClient({
			baseUrl: server().baseUrl,
			token: options.token ?? server().token,
			retry: {limit: 1, backoffBaseMs: 5},
		}),
	);
	view = await renderAt(
		<App
			client={client}
			jobId={options.jobId ?? 42}
			pageSize={options.pageSize ?? 100}
			filter={options.filter ?? 'All'}
			page={options.page ?? 1}
			theme={createTheme(options.env ?? {})}
			onQuit={() => {
				quit++;
			}}
		/>,
		options.columns ?? 80,
		options.rows ?? 24,
	);
	return {view, stats, quits: () => quit};
}

const lines = (frame: string) => frame.split('\n');
const selectedRow = (frame: string) => lines(frame).find(line => line.includes('›'));

describe('the first screen asked for while the program started', () => {
	const sent = () =>
		server().requests.map(({path, query}) => {
			const search = new URLSearchParams(query).toString();
			return search ? `${path}?${search}` : path;
		});

	it('answered before the screen: page and summary in the very first frame, from one request', async () => {
		const client = createClient({baseUrl: server().baseUrl, token: server().token});
		server().resetStats();
		const first = sendFirst(client, {kind: 'records', jobId: 42, filter: 'All', page: 1, pageSize: 100});
		await Promise.all([first.page.promise, first.job.promise]);
		view = await renderAt(
			<App
				client={client}
				jobId={42}
				pageSize={100}
				filter="All"
				page={1}
				theme={createTheme({})}
				first={first}
				onQuit={() => undefined}
			/>,
			80,
			24,
		);
		const frame = view.frames.find(each => each.trim() !== '');
		expect(frame).toContain('›9881');
		expect(frame).toContain('Q1 Leads');
		// Page 1 came inline with the summary: it is never asked for; page 2 once (prefetched), nothing twice.
		await view.press(KEYS.right);
		await view.waitFor('page 2 of 3');
		expect(sent().slice(0, 2)).toEqual([
			'/backend/api/v1/email-validation/jobs/42/',
			'/backend/api/v1/email-validation/jobs/42/records/?status=All&page=2&page_size=100',
		]);
		expect(sent().filter(request => request.includes('page=1&'))).toEqual([]);
		expect(new Set(sent()).size).toBe(sent().length);
	});

	it('still on its way when the screen opens: joined, and its rows drawn when it answers', async () => {
		server().setFaults({latencyMs: 300});
		const client = createClient({baseUrl: server().baseUrl, token: server().token});
		server().resetStats();
		const first = sendFirst(client, {kind: 'records', jobId: 42, filter: 'Error', page: 1, pageSize: 100});
		view = await renderAt(
			<App
				client={client}
				jobId={42}
				pageSize={100}
				filter="Error"
				page={1}
				theme={createTheme({})}
				first={first}
				onQuit={() => undefined}
			/>,
			80,
			24,
		);
		expect(view.frames.join('\n')).not.toContain('Q1 Leads');
		await view.waitFor(frame => frame.includes('Q1 Leads') && frame.includes('Error · page 1'));
		server().setFaults(NO_FAULTS);
		expect(sent().slice(0, 2).sort()).toEqual([
			'/backend/api/v1/email-validation/jobs/42/',
			'/backend/api/v1/email-validation/jobs/42/records/?status=Error&page=1&page_size=100',
		]);
		expect(new Set(sent()).size).toBe(sent().length);
	});
	it('draws the rows it waited for before it asks for the page after them', async () => {
		server().setFaults({latencyMs: 150});
		const real = createClient({baseUrl: server().baseUrl, token: server().token});
		let frames: readonly string[] = [];
		// For each page asked for: were page 1's rows on the terminal already?
		const rowsOnScreen: Array<[number, boolean]> = [];
		const client = {
			...real,
			async getRecords(...args: Parameters<typeof real.getRecords>) {
				rowsOnScreen.push([args[1]?.page ?? 1, frames.some(frame => frame.includes('›9881'))]);
				return real.getRecords(...args);
			},
		};
		view = await renderAt(
			<App
				client={client}
				jobId={42}
				pageSize={100}
				filter="All"
				page={1}
				theme={createTheme({})}
				onQuit={() => undefined}
			/>,
			80,
			24,
		);
		frames = view.frames;
		await view.waitFor('›9881');
		await untilTrue(() => rowsOnScreen.length > 0, 'page 2 prefetched');
		expect(rowsOnScreen).toEqual([
			[1, false],
			[2, true],
		]);
	});
});

describe('records browser at 80×24', () => {
	it('shows header, at least 8 rows, the detail pane and the footer, within the terminal', async () => {
		const {view} = await open();
		const frame = await view.waitFor('Q1 Leads');
		expect(frame).toContain('Job 42');
		expect(frame).toContain('All · page 1 of 3 · 250 records');
		expect(frame).toContain('Record 9881');
		expect(frame).toContain('q quit');
		const rows = lines(frame).filter(line => /│ [ ›]\d+/.test(line));
		expect(rows.length).toBeGreaterThanOrEqual(8);
		expect(lines(frame).length).toBeLessThanOrEqual(23);
		for (const line of lines(frame)) {
			expect(stringWidth(line)).toBeLessThanOrEqual(80);
		}
	});

	it('pages with the arrows, h/l, PgUp/PgDn, Home/End and g/G, never past the ends', async () => {
		const {view} = await open();
		await view.waitFor('page 1 of 3');
		await view.press(KEYS.left);
		await view.press('h');
		expect(view.frame()).toContain('page 1 of 3');
		await view.press(KEYS.right);
		await view.waitFor('page 2 of 3');
		await view.press('l');
		await view.waitFor('page 3 of 3');
		await view.press(KEYS.right, 'l', KEYS.pageDown);
		await view.waitFor(frame => frame.includes('page 3 of 3') && !frame.includes('loading'));
		expect(view.frame()).toContain('10081');
		await view.press(KEYS.pageUp);
		await view.waitFor('page 2 of 3');
		await view.press('g');
		await view.waitFor('page 1 of 3');
		await view.press('G');
		await view.waitFor('page 3 of 3');
		await view.press(KEYS.home);
		await view.waitFor('page 1 of 3');
		await view.press(KEYS.end);
		await view.waitFor('page 3 of 3');
		const pages = server()
			.requests.filter(request => request.path.endsWith('/records/'))
			.map(request => request.query.page);
		expect(pages).not.toContain('0');
		expect(pages).not.toContain('4');
	});

	it('moves the selection with ↑/↓ and j/k, the window scrolling, the detail pane following', async () => {
		const {view} = await open();
		await view.waitFor('Record 9881');
		await view.press(KEYS.down, 'j');
		await view.waitFor('Record 9883');
		expect(selectedRow(view.frame())).toContain('9883');
		await view.press('k');
		await view.waitFor('Record 9882');
		for (let index = 0; index < 12; index++) {
			await view.press('j');
		}

		await view.waitFor('Record 9894');
		expect(selectedRow(view.frame())).toContain('9894');
		expect(view.frame()).not.toContain(' 9881 ');
		await view.press(KEYS.up);
		await view.waitFor('Record 9893');
	});

	it('switches filters with 1–6 and through the select, reloading from page 1', async () => {
		// The demo builds a job's per-status index on the first filtered request (~260 ms for 7001's 120,000
		// records, in this process); the header's Error count is such a request, and this client waits 0.3 s.
		await demoJson(server(), 'email-validation/jobs/7001/records/?status=Error&page_size=1');
		const {view} = await open({jobId: 7001});
		await view.waitFor(/All · page 1 of [\d,]+ · 120,000 records/);
		await view.press('l');
		await view.waitFor('page 2 of');
		await view.press('5');
		const errors = await view.waitFor(/Error · page 1 of [\d,]+ · [\d,]+ records/);
		expect(selectedRow(errors)).toContain('Error');
		expect(errors).toMatch(/error {6}\S/);
		await view.press('3');
		await view.waitFor(/Invalid · page 1 of/);
		await view.press('f');
		await view.waitFor('Status filter');
		await view.press(KEYS.down, KEYS.enter);
		await view.waitFor(/Unknown · page 1 of/);
		expect(view.frame()).not.toContain('Status filter');
		await view.press('s');
		await view.waitFor('Status filter');
		await view.press(KEYS.escape);
		await view.waitFor(frame => !frame.includes('Status filter'));
		expect(view.frame()).toContain('Unknown · page 1 of');
		await view.press('f');
		await view.waitFor('Status filter');
		await view.press('f');
		await view.waitFor(frame => !frame.includes('Status filter'));
		await view.press('6');
		await view.waitFor(/All · page 1 of/);
	});

	it('says so for a filter with no records and for an empty job', async () => {
		const {view} = await open();
		await view.waitFor('page 1 of 3');
		await view.press('5');
		await view.waitFor('No Error records in this job.');
		expect(view.frame()).toContain('Error · page 1 of 1 · 0 records');
		await view.press(KEYS.down, KEYS.right);
		expect(view.frame()).toContain('Error · page 1 of 1');
		view.unmount();
		const empty = await open({jobId: 43});
		await empty.view.waitFor('This job has no records.');
	});

	it('toggles the help overlay listing every key', async () => {
		const {view} = await open();
		await view.waitFor('Record 9881');
		await view.press('?');
		const help = await view.waitFor('Keys');
		expect(help).toContain('Last page');
		expect(help).toContain('Pending…All (5 = Error)');
		expect(help).toContain('Copy the email');
		await view.press('?');
		await view.waitFor(frame => !frame.includes('Last page'));
	});

	it('quits with q', async () => {
		const {view, quits} = await open();
		await view.waitFor('Record 9881');
		await view.press('q');
		expect(quits()).toBe(1);
	});

	it('marks the selected row without colour when NO_COLOR is set', async () => {
		const {view} = await open({env: {NO_COLOR: '1'}});
		const frame = await view.waitFor('Record 9881');
		expect(selectedRow(frame)).toContain('9881');
		expect(frame).not.toContain('\u001b[3');
	});

	it('puts the detail pane beside the table on a wide terminal and keeps within 200×60', async () => {
		const {view} = await open({columns: 200, rows: 60});
		const frame = await view.waitFor('Record 9881');
		const row = lines(frame).find(line => line.includes('jane@acme.com') && line.includes('│ ›9881'));
		expect(row).toBeDefined();
		expect(lines(frame).some(line => line.includes('›9881') && line.includes('Record 9881'))).toBe(false);
		expect(lines(frame).length).toBeLessThanOrEqual(59);
		const tableRows = lines(frame).filter(line => /│ [ ›]\d+/.test(line));
		expect(tableRows.length).toBeGreaterThan(40);
	});

	it('follows a resize', async () => {
		const {view} = await open();
		await view.waitFor('Record 9881');
		view.resize(120, 40);
		await view.waitFor(frame => lines(frame).length > 30);
		view.resize(80, 24);
		await view.waitFor(frame => lines(frame).length <= 23);
	});
});

describe('errors and races', () => {
	it('keeps the last good page on an error, says r retries, and recovers', async () => {
		const {view} = await open();
		await view.waitFor('page 1 of 3');
		server().setFaults({failEvery: 1, failStatus: 503});
		// Page 2 is prefetched by now; page 3 is not.
		await view.press('G');
		const failed = await view.waitFor(/^✖ .*r reload/m);
		expect(failed).toContain('9881');
		expect(failed).toContain('page 1 of 3');
		server().setFaults({failEvery: 0});
		await view.press('r');
		await view.waitFor(frame => !/^✖/m.test(frame));
		await view.press('G');
		await view.waitFor('page 3 of 3');
	});

	it('says the job was not found', async () => {
		const {view} = await open({jobId: 99});
		await view.waitFor(/not found/i);
	});

	it('says the token was refused', async () => {
		const {view} = await open({token: 'wrong-token-0000'});
		const frame = await view.waitFor(/refused/i);
		expect(frame).not.toContain('wrong-token-0000');
	});

	it('moves to the last page when the page asked for is past the end, and says so as the printed page does', async () => {
		const {view} = await open({page: 20, pageSize: 20, columns: 120});
		await view.waitFor('page 13 of 13');
		expect(view.frame()).toContain(pastEndNotice(20, 13));
	});

	it('shows only the page asked for last when paging faster than the network', async () => {
		// As above: the demo's per-status index for 7001 is built before this client's short waits begin.
		await demoJson(server(), 'email-validation/jobs/7001/records/?status=Error&page_size=1');
		server().setFaults({latencyMs: 120, jitterMs: 100});
		const {view, stats} = await open({jobId: 7001});
		await view.waitFor(/page 1 of/, 8000);
		await view.press('l', 'l', 'l', 'h', 'l', 'l');
		await view.waitFor(frame => frame.includes('page 5 of') && !frame.includes('loading'), 8000);
		// Every page asked for on the way has been answered or given up, and the app has handled that.
		await untilTrue(() => stats.inFlight === 0, 'every page request to settle');
		await view.idle();
		expect(stats.pages.length).toBeGreaterThan(1);
		expect(view.frame()).toContain('page 5 of');
	});
});

describe('hostile text', () => {
	it('shows escape sequences as visible text and emits none', async () => {
		const {view} = await open({jobId: 666, env: {NO_COLOR: '1'}, columns: 200, rows: 60});
		const frame = await view.waitFor(/page 1 of/);
		expect(frame).toContain('\\x1b');
		for (let index = 0; index < 30; index++) {
			await view.press('j', ']');
		}

		await view.press('?', '?', 'f', KEYS.escape);
		for (const text of view.frames) {
			expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
		}
	});
});

describe('keys that arrive together', () => {
	it('treats each character of one read as its own key press', async () => {
		const {view} = await open();
		await view.waitFor('Record 9881');
		await view.press('jjjj');
		await view.waitFor('Record 9885');
		await view.press('ll');
		await view.waitFor('page 3 of 3');
		await view.press('f5');
		await view.waitFor('Error · page 1 of 1');
		expect(view.frame()).not.toContain('Status filter');
	});
});
