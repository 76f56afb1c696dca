// Server faults against the real app over loopback HTTP: for each one the app stays up, the last good
// page stays on screen, the header says what happened, r works once the fault clears, and the server
// sees no more requests than the client's retry limit allows for the one key pressed.
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {RecordFilter} from '../../source/api/types.js';
import {NO_FAULTS, startDemoServer, type DemoServer, type Faults} from '../../source/demo/server.js';
import {
	addLeaked,
	chaosCase,
	describeLeaks,
	findLeaks,
	FULL,
	leakedBytes,
	type Mounted,
	type MountOptions,
	mountApp,
	parseFrame,
	printSummary,
	settle,
	watchProcess,
} from './harness.js';
import {untilRequests} from '../helpers/server.js';

const CATEGORY = 'faults';
const WIDE = 300;
/** The client's default: three retries after the first attempt. */
const ATTEMPTS = 4;

interface FaultCase {
	readonly name: string;
	readonly faults: Partial<Faults>;
	readonly client?: MountOptions['client'];
	/** What the header must say. */
	readonly message: RegExp;
	/** Most requests one API call may make under this fault. */
	readonly attempts: number;
}

const CASES: readonly FaultCase[] = [
	{
		name: '503 burst',
		faults: {failEvery: 1, failStatus: 503},
		message: /server error \(503 Service Unavailable; tried 4 times\)/,
		attempts: ATTEMPTS,
	},
	{
		name: '500 Django error page',
		faults: {failEvery: 1, failStatus: 500},
		message: /server error \(500 Internal Server Error; tried 4 times\)/,
		attempts: ATTEMPTS,
	},
	{
		name: '502 proxy page',
		faults: {failEvery: 1, failStatus: 502},
		message: /server error \(502 Bad Gateway; tried 4 times\)/,
		attempts: ATTEMPTS,
	},
	{
		name: '504 gateway timeout',
		faults: {failEvery: 1, failStatus: 504},
		message: /server error \(504 Gateway Timeout; tried 4 times\)/,
		attempts: ATTEMPTS,
	},
	{
		name: '429 with Retry-After: 1',
		faults: {failEvery: 1, failStatus: 429, retryAfter: 1},
		// One retry keeps this case at one second; the bound is the same rule.
		client: {retry: {limit: 1}},
		message: /rate-limiting requests \(429\) and asked to wait 1 s \(tried 2 times\)/,
		attempts: 2,
	},
	{
		name: '429 with Retry-After: 86400',
		faults: {failEvery: 1, failStatus: 429, retryAfter: 86_400},
		message: /asked to wait 86400 s, longer than the 10 s this client waits/,
		attempts: 1,
	},
	{
		name: 'timeout (server hangs)',
		faults: {malformed: 'hang'},
		client: {timeoutMs: 300},
		message: /did not answer within 0\.3 s \(tried 4 times\)/,
		attempts: ATTEMPTS,
	},
	{
		name: 'body stops halfway',
		faults: {malformed: 'stop-halfway'},
		message: /connection to .* broke .*tried 4 times/,
		attempts: ATTEMPTS,
	},
	{
		name: 'connection reset',
		faults: {malformed: 'reset'},
		message: /connection to .* broke \(connection reset\)|broke \(the connection was closed mid-response\)/,
		attempts: ATTEMPTS,
	},
	{name: 'HTML error page', faults: {malformed: 'html'}, message: /not the expected records page/, attempts: 1},
	{name: 'empty body', faults: {malformed: 'empty'}, message: /not the expected records page/, attempts: 1},
	{
		name: 'JSON of the wrong shape',
		faults: {malformed: 'wrong-shape'},
		message: /not the expected records page/,
		attempts: 1,
	},
	{name: 'truncated JSON', faults: {malformed: 'truncated'}, message: /not the expected records page/, attempts: 1},
];

/** The key that meets the fault: a reload, a filter not yet cached, a page far away. */
const ACTIONS = [
	{name: 'r (reload)', key: 'r'},
	{name: '3 (Invalid filter)', key: '3'},
	{name: 'G (last page)', key: 'G'},
] as const;

let server: DemoServer;
const watcher = watchProcess();

beforeAll(async () => {
	server = await startDemoServer();
});

afterEach(() => {
	server.setFaults(NO_FAULTS);
	server.resetStats();
});

afterAll(async () => {
	watcher.stop();
	await server.close();
	printSummary(CATEGORY);
});

function counts(jobId: number) {
	const records = server.requests.filter(entry => entry.path.endsWith(`/jobs/${jobId}/records/`));
	const job = server.requests.filter(entry => entry.path.endsWith(`/jobs/${jobId}/`));
	return {records: records.length, job: job.length, total: server.requests.length};
}

/** The app on job 42, page 1 of All with page 2 prefetched, everything quiet. */
async function mountSettled(options: Partial<MountOptions> = {}): Promise<{mounted: Mounted; frame: string}> {
	// Wide enough for the whole message on the header's view line.
	const mounted = await mountApp({server, jobId: 42, pageSize: 20, columns: WIDE, rows: 16, ...options});
	const frame = await settle(mounted);
	expect(parseFrame(frame).rows.length).toBeGreaterThan(0);
	return {mounted, frame};
}

function expectNoLeaks(frame: string): void {
	const leaks = findLeaks(frame);
	addLeaked(CATEGORY, leakedBytes(frame, leaks));
	expect(leaks, describeLeaks(frame, leaks)).toEqual([]);
}

async function runFault(fault: FaultCase, action: (typeof ACTIONS)[number]): Promise<void> {
	const {mounted, frame: before} = await mountSettled({client: fault.client});
	try {
		const good = parseFrame(before);
		server.setFaults({...NO_FAULTS, ...fault.faults});
		server.resetStats();
		mounted.r.write(action.key);
		const failed = await mounted.r.waitFor(frame => parseFrame(frame).message !== '', 15_000);
		const frame = await settle(mounted, {timeoutMs: 15_000});
		const parsed = parseFrame(frame);
		const why = `${fault.name}, ${action.name}:\n${frame}`;

		expect(mounted.quits(), why).toBe(0);
		// The last good page is still there, and the header is back on it.
		expect(parsed.rows, why).toEqual(good.rows);
		expect({filter: parsed.filter, page: parsed.page, total: parsed.totalPages}, why).toEqual({
			filter: good.filter,
			page: good.page,
			total: good.totalPages,
		});
		expect(parsed.message, why).toMatch(fault.message);
		expect(parsed.message, why).toMatch(/^✖ .* {2}(r reload {2})?b back {2}q quit$/);
		expect(failed.includes('Nothing to show'), why).toBe(false);
		expectNoLeaks(frame);

		// No storm: one key, one records call (plus the job summary on reload), each within the retry limit.
		const seen = counts(42);
		expect(seen.records, why).toBeLessThanOrEqual(fault.attempts);
		expect(seen.records, why).toBeGreaterThanOrEqual(1);
		expect(seen.job, why).toBeLessThanOrEqual(action.key === 'r' ? fault.attempts : 0);
		expect(seen.total, why).toBe(seen.records + seen.job);

		// The fault clears; r retries what failed (the page change, or the reload) and the message goes.
		const expected: {filter: RecordFilter; page: number} =
			action.key === '3'
				? {filter: 'Invalid', page: 1}
				: action.key === 'G'
					? {filter: 'All', page: 13}
					: {filter: 'All', page: 1};
		server.setFaults(NO_FAULTS);
		server.resetStats();
		mounted.r.write('r');
		const recovered = parseFrame(await settle(mounted));
		expect({filter: recovered.filter, page: recovered.page, message: recovered.message}, why).toEqual({
			...expected,
			message: '',
		});
		if (action.key === 'r') {
			expect(
				recovered.rows.map(row => row.id),
				why,
			).toEqual(good.rows.map(row => row.id));
		}

		// The page, the job summary, and the neighbour prefetched.
		expect(counts(42).total, why).toBeLessThanOrEqual(3);

		// And the key that failed works again.
		mounted.r.write(action.key);
		const after = parseFrame(await settle(mounted));
		expect({filter: after.filter, page: after.page, message: after.message}, why).toEqual({...expected, message: ''});
		expect(after.rows.length, why).toBeGreaterThan(0);
	} finally {
		mounted.unmount();
	}
}

describe('server faults: the app stays up and keeps the last good page', () => {
	// CI: each fault meets one of the three keys in turn; full: every fault meets every key.
	const runs = CASES.flatMap((fault, index) =>
		(FULL ? ACTIONS : [ACTIONS[index % ACTIONS.length]!]).map(action => ({fault, action})),
	);

	it.each(runs.map(run => [`${run.fault.name} on ${run.action.name}`, run] as const))('%s', async (_name, run) => {
		await chaosCase(CATEGORY, async () => runFault(run.fault, run.action));
	});

	it('a burst shorter than the retry limit does not show at all', async () => {
		await chaosCase(CATEGORY, async () => {
			const {mounted, frame: before} = await mountSettled();
			try {
				// Every second request fails: each call fails once and succeeds on its retry.
				server.setFaults({...NO_FAULTS, failEvery: 2, failStatus: 503});
				server.resetStats();
				mounted.r.write('3');
				const parsed = parseFrame(await settle(mounted));
				expect(parsed.message).toBe('');
				expect({filter: parsed.filter, page: parsed.page}).toEqual({filter: 'Invalid', page: 1});
				expect(parsed.rows.map(row => row.id)).not.toEqual(parseFrame(before).rows.map(row => row.id));
				// Invalid page 1 and its prefetched page 2, two attempts at most each.
				expect(counts(42).records).toBeLessThanOrEqual(4);
			} finally {
				mounted.unmount();
			}
		});
	});

	it('a fault on the very first load says so, and r loads the page once it clears', async () => {
		await chaosCase(CATEGORY, async () => {
			server.setFaults({...NO_FAULTS, failEvery: 1, failStatus: 503});
			const mounted = await mountApp({server, jobId: 42, pageSize: 20, columns: WIDE, rows: 16});
			try {
				const frame = await settle(mounted, {timeoutMs: 15_000});
				const parsed = parseFrame(frame);
				expect(parsed.message, frame).toMatch(/server error \(503/);
				expect(frame).toContain('Nothing to show.');
				expect(mounted.quits()).toBe(0);
				// The first records call and the job summary, each within the limit.
				expect(counts(42).records).toBeLessThanOrEqual(ATTEMPTS);
				expect(counts(42).job).toBeLessThanOrEqual(ATTEMPTS);

				server.setFaults(NO_FAULTS);
				mounted.r.write('r');
				const recovered = parseFrame(await settle(mounted));
				expect(recovered.message).toBe('');
				expect(recovered.rows[0]).toEqual(expect.objectContaining({id: 9881, selected: true}));
			} finally {
				mounted.unmount();
			}
		});
	});

	it('mashing r while the server hangs costs one call per press, and each press aborts the one before', async () => {
		await chaosCase(CATEGORY, async () => {
			const presses = FULL ? 25 : 6;
			// No attempt ends on its own while the keys are pressed (the timeout only bounds a hang), so a
			// retry can only come from the app, not from a slow press: the counts below hold at any speed.
			const {mounted, frame: before} = await mountSettled({client: {timeoutMs: 60_000}});
			try {
				server.setFaults({...NO_FAULTS, malformed: 'hang'});
				server.resetStats();
				for (let press = 1; press <= presses; press++) {
					mounted.r.write('r');
					// The signal: this press's records call has reached the server.
					await untilRequests(server, () => counts(42).records >= press, `the records call of press ${press}`);
					await mounted.r.idle();
				}

				const seen = counts(42);
				expect(seen.records).toBe(presses);
				expect(seen.job).toBeLessThanOrEqual(presses);
				const parsed = parseFrame(mounted.r.frame());
				expect(parsed.rows).toEqual(parseFrame(before).rows);

				// The hung calls are never answered and would not time out for a minute: the app only goes
				// quiet if each press aborted the call before it, and this one aborts the last.
				server.setFaults(NO_FAULTS);
				mounted.r.write('r');
				const recovered = parseFrame(await settle(mounted));
				expect(recovered.message).toBe('');
				expect(recovered.rows).toEqual(parseFrame(before).rows);
			} finally {
				mounted.unmount();
			}
		});
	});

	it('nothing was thrown or rejected unhandled', () => {
		expect(watcher.errors).toEqual([]);
	});
});
