// A second `e` on the same job (issue 14), as a person meets it in the app: the groups are there in the
// first frame, with nothing fetched again for a finished job.
import {describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {BreakdownCache, DEFAULT_CACHED_BREAKDOWNS} from '../../source/store/breakdownCache.js';
import {BreakdownController} from '../../source/store/breakdownController.js';
import {BreakdownScreen, breakdownRows} from '../../source/ui/BreakdownScreen.js';
import {KeyInput} from '../../source/ui/KeyInput.js';
import {createTheme} from '../../source/terminal/theme.js';
import {appOnDemo, demoClient} from '../helpers/app.js';
import {renderAt, type Rendered} from '../helpers/render.js';
import {serveDemoPerFile} from '../helpers/server.js';

const server = serveDemoPerFile();
const controllers: BreakdownController[] = [];
// The breakdown screen rendered alone (below).
let view: Rendered | undefined;
const openApp = appOnDemo(server, {}, demo => {
	for (const controller of controllers.splice(0)) controller.dispose();
	view?.unmount();
	view = undefined;
	demo.setFaults(NO_FAULTS);
	demo.resetStats();
});

const groupsShown = /Why records failed — job 7001 · [\d,]+ Error records/;

describe('e a second time on a finished job', () => {
	it('draws the groups in its first frame and asks the API for nothing', async () => {
		const client = demoClient(server());
		const view = await openApp({jobId: 7001, client});
		// The job's summary (its name in the header) is in before `e` is pressed: it says the job is finished.
		await view.waitFor(frame => /All · page 1 of/.test(frame) && frame.includes('Enterprise CRM export'));
		await view.press('e');
		const first = await view.waitFor(frame => groupsShown.test(frame) && frame.includes('Share'), 15_000);
		await view.press('b');
		await view.waitFor(/All · page 1 of/);
		server().resetStats();
		const drawn = view.frames.length;

		await view.press('e');
		await view.idle();
		const frames = view.frames.slice(drawn);
		// Straight from the records to the groups: no frame saying they are being fetched.
		expect(frames.length).toBeGreaterThan(0);
		expect(frames.every(frame => !frame.includes('Fetching'))).toBe(true);
		expect(frames[0]).toMatch(groupsShown);
		expect(view.frame()).toContain(first.match(groupsShown)?.[0]);
		expect(view.frame()).not.toContain('updating');
		await client.getJob(7001);
		expect(server().requests.filter(request => request.path.includes('/records'))).toEqual([]);
	});
});

describe('e a second time on a job still running', () => {
	async function open(cache: BreakdownCache) {
		const size = {columns: 100, rows: 20};
		const controller = new BreakdownController(
			{jobId: 7001},
			{
				client: createClient({baseUrl: server().baseUrl, token: server().token, retry: {limit: 0}}),
				viewportRows: () => breakdownRows(size),
				cache,
				jobFinished: () => false,
				navigation: {choose() {}, close() {}, quit() {}, authError() {}, revalidate() {}},
			},
		);
		controllers.push(controller);
		controller.start();
		view?.unmount();
		view = await renderAt(
			<>
				<KeyInput onKey={controller.key} />
				<BreakdownScreen controller={controller} size={size} theme={createTheme({})} />
			</>,
			size.columns,
			size.rows,
		);
		return view;
	}

	it('shows the groups while it updates them, and says so; a failed update keeps them, with r to retry', async () => {
		expect(DEFAULT_CACHED_BREAKDOWNS).toBe(4);
		const cache = new BreakdownCache();
		let screen = await open(cache);
		const first = await screen.waitFor(frame => groupsShown.test(frame) && frame.includes('Share'), 15_000);
		const topGroup = first.split('\n').find(line => line.startsWith('›'));

		server().setFaults({latencyMs: 150});
		screen = await open(cache);
		const updating = await screen.waitFor(/· updating/);
		expect(updating.split('\n').find(line => line.startsWith('›'))).toBe(topGroup);
		await screen.waitFor(frame => groupsShown.test(frame) && !frame.includes('updating'), 15_000);

		server().setFaults({failEvery: 1, failStatus: 500});
		screen = await open(cache);
		const failed = await screen.waitFor('not updated, r to retry', 15_000);
		expect(failed.split('\n').find(line => line.startsWith('›'))).toBe(topGroup);
		server().setFaults(NO_FAULTS);
		await screen.press('r');
		await screen.waitFor(
			frame => groupsShown.test(frame) && !frame.includes('not updated') && !frame.includes('updating'),
			15_000,
		);
	});

	it('a refresh that cannot succeed by asking again offers no r', async () => {
		const cache = new BreakdownCache();
		let screen = await open(cache);
		await screen.waitFor(frame => groupsShown.test(frame) && frame.includes('Share'), 15_000);
		// A 404 is the API's last word: asked again, it says the same.
		server().setFaults({failEvery: 1, failStatus: 404});
		screen = await open(cache);
		const failed = await screen.waitFor('not updated', 15_000);
		expect(failed).toMatch(/not updated: \S/);
		expect(failed).not.toContain('r to retry');
	});
});

describe('the breakdown made to wait by a 429', () => {
	it('says so on its progress line, and counts the wait down once a second', async () => {
		server().setFaults({failEvery: 2, failStatus: 429, retryAfter: 300});
		const size = {columns: 120, rows: 20};
		const controller = new BreakdownController(
			{jobId: 7001},
			{
				client: createClient({baseUrl: server().baseUrl, token: server().token, retry: {limit: 0}}),
				viewportRows: () => breakdownRows(size),
				navigation: {choose() {}, close() {}, quit() {}, authError() {}, revalidate() {}},
			},
		);
		controllers.push(controller);
		controller.start();
		view = await renderAt(<BreakdownScreen controller={controller} size={size} theme={createTheme({})} />, 120, 20);
		const frame = await view.waitFor('rate limited', 15_000);
		expect(frame).toMatch(/Fetching Error records… [\d,]+ \/ 6,200 .*· rate limited: waiting 300 s/);
		await view.waitFor('waiting 298 s', 5000);
		// Only ever down, a second at a time (a second can be passed over when the machine stalls longer).
		const waits = view.frames.flatMap(each => /waiting (\d+) s/.exec(each)?.[1] ?? []).map(Number);
		const shown = waits.filter((wait, index) => wait !== waits[index - 1]);
		expect(shown[0]).toBe(300);
		expect(shown.at(-1)).toBe(298);
		expect(shown.every((wait, index) => index === 0 || wait < shown[index - 1]!)).toBe(true);
	});
});
