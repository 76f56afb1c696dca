// The terminal itself: resize storms (in-process, and the real CLI in tmux), every way out of the
// real CLI (q, Ctrl+C, SIGINT, SIGTERM, SIGHUP, an uncaught error, an unhandled rejection) leaving the
// alternate screen with the cursor shown and the expected exit code, and quitting while requests hang.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {KEYS} from '../helpers/render.js';
import {
	BASE_SEED,
	caseIndices,
	chaosCase,
	layoutProblems,
	mountApp,
	parseFrame,
	printSummary,
	randomFor,
	scale,
	settle,
	sleep,
	watchProcess,
} from './harness.js';
import {type Pane, startCli, startTmux, type TmuxServer} from '../helpers/tmux.js';
import {untilRequests} from '../helpers/server.js';

const RESIZE = 'resize storm';
const EXITS = 'exit paths';
const HANG = 'exit hygiene';

const watcher = watchProcess();
let server: DemoServer;

beforeAll(async () => {
	server = await startDemoServer();
});

afterAll(async () => {
	watcher.stop();
	await server.close();
	printSummary(RESIZE, EXITS, HANG);
});

/** Sizes a storm picks from: tiny, odd, huge, and the usual. */
const STORM_SIZES: ReadonlyArray<readonly [number, number]> = [
	[20, 5],
	[1, 1],
	[2, 2],
	[10, 3],
	[19, 40],
	[30, 8],
	[45, 12],
	[60, 16],
	[80, 24],
	[100, 30],
	[119, 30],
	[120, 30],
	[160, 50],
	[300, 100],
	[1000, 6],
	[5, 200],
];

/** Sizes a storm ends on; the layout must fit them exactly once settled. */
const SANE_SIZES: ReadonlyArray<readonly [number, number]> = [
	[80, 24],
	[80, 24],
	[20, 5],
	[60, 16],
	[100, 30],
	[130, 40],
];

describe(`resize storms in-process (seed ${BASE_SEED})`, () => {
	it(
		'never crash, and once settled the frame fits the terminal again',
		async () => {
			const storms = scale(6, 80);
			for (const index of caseIndices(storms)) {
				await chaosCase(
					RESIZE,
					async () => {
						const random = randomFor(RESIZE, index);
						const mounted = await mountApp({
							server,
							jobId: random.pick([42, 666]),
							pageSize: 25,
							columns: 80,
							rows: 24,
						});
						try {
							await settle(mounted);
							const steps = random.int(5, scale(25, 60));
							for (let step = 0; step < steps; step++) {
								const [columns, rows] = random.pick(STORM_SIZES);
								mounted.r.resize(columns, rows);
								if (random.chance(0.2)) {
									mounted.r.write(random.pick(['j', 'k', 'l', 'h', 'd', KEYS.tab, ']', '?', '?']));
								}

								if (random.chance(0.3)) {
									await sleep(random.int(0, 10));
								}

								if (random.chance(0.15) && columns >= 20) {
									// Settled at a size a layout can fit: it must.

									const frame = await settle(mounted);
									expect(
										layoutProblems(frame, columns, rows),
										`storm ${index} step ${step}, ${columns}×${rows}:\n${frame}`,
									).toEqual([]);
								}
							}

							const [columns, rows] = random.pick(SANE_SIZES);
							mounted.r.resize(columns, rows);
							const frame = await settle(mounted);
							const why = `storm ${index}, settled at ${columns}×${rows}:\n${frame}`;
							expect(layoutProblems(frame, columns, rows), why).toEqual([]);
							expect(mounted.quits(), why).toBe(0);
							const parsed = parseFrame(frame);
							if (columns < 40 || rows < 10) {
								// Too small to draw in: one line says so, and the browser waits, mounted, behind it.
								expect(frame, why).toContain(
									`Make the terminal at least 40×10 (it is ${columns}×${rows})`.slice(0, columns - 1),
								);
							} else {
								expect(parsed.page, why).toBeGreaterThanOrEqual(1);
							}

							if (rows >= 24 && !frame.includes('Keys —')) {
								// Counted without the row's left border, which a storm can leave out (found-bugs BUG 6).
								expect(frame.match(/›\d+ *│/g), why).toHaveLength(1);
							}
						} finally {
							mounted.unmount();
						}
					},
					index,
				);
			}

			expect(watcher.errors).toEqual([]);
		},
		scale(60_000, 600_000),
	);
});

/**
 * What the CLI wrote to stderr, less the show-cursor that Ink's restore-cursor (signal-exit) writes
 * there on every signal or error exit, terminal or not.
 */
function stderrText(pane: Pane): string {
	return pane.stderr().replace(/\u001b\[\?25h$/, '');
}

describe('the real CLI in tmux', () => {
	let tmux: TmuxServer;
	const panes: Pane[] = [];

	beforeAll(() => {
		tmux = startTmux();
	});

	afterAll(() => {
		tmux?.kill();
	});

	async function openJob42(options: Parameters<typeof startCli>[2] = {}, args = '--demo 42'): Promise<Pane> {
		const pane = startCli(tmux, args, options);
		panes.push(pane);
		await pane.waitFor(screen => /page 1 of \d+/.test(screen) && screen.includes('Record 9881'), {
			what: 'the first page',
		});
		return pane;
	}

	/** Leaves the way `leave` says; then the pane must be off the alternate screen, cursor shown, tty as before. */
	async function expectCleanExit(
		pane: Pane,
		code: number | number[],
		leave: () => void | Promise<void>,
	): Promise<{code: number; endedAt: number}> {
		expect(pane.state(), 'Ink runs on the alternate screen with the cursor hidden').toMatchObject({
			alternate: true,
			cursorVisible: false,
		});
		await leave();
		const exit = await pane.exited();
		const after = pane.screen();
		const why = `screen after exit:\n${after}\nstderr: ${pane.stderr()}`;
		expect(Array.isArray(code) ? code : [code], why).toContain(exit.code);
		expect(pane.state(), why).toMatchObject({alternate: false, cursorVisible: true});
		expect(after, why).not.toContain('Q1 Leads');
		const {before, after: sttyAfter} = pane.stty();
		expect(sttyAfter, 'terminal modes restored').toBe(before);
		return exit;
	}

	const signals = [
		{signal: 'SIGINT', code: 130},
		{signal: 'SIGTERM', code: 143},
		{signal: 'SIGHUP', code: 129},
	] as const;

	it.each(signals)('$signal restores the terminal and exits $code', async ({signal, code}) => {
		await chaosCase(EXITS, async () => {
			const pane = await openJob42();
			const pid = pane.pid();
			await expectCleanExit(pane, code, () => {
				process.kill(pid, signal);
			});
			expect(stderrText(pane)).toBe('');
		});
	});

	// No hook in the app throws on demand, so the fault is injected from outside: a module preloaded
	// with `node --import` throws from a timer (or rejects a promise) when the process gets SIGUSR2.
	const injected = [
		{
			name: 'an uncaught exception',
			preload:
				'data:text/javascript,process.on("SIGUSR2",()=>setTimeout(()=>{throw new Error("chaos: injected failure\\u001b[2J")}))',
			message: 'ecore-records: chaos: injected failure\\x1b[2J\n',
		},
		{
			name: 'an unhandled rejection',
			preload:
				'data:text/javascript,process.on("SIGUSR2",()=>{Promise.reject(new Error("chaos: injected rejection"))})',
			message: 'ecore-records: chaos: injected rejection\n',
		},
	];

	it.each(injected)('$name restores the terminal, exits 1 and says one sanitised line', async ({preload, message}) => {
		await chaosCase(EXITS, async () => {
			const pane = await openJob42({preload});
			const pid = pane.pid();
			await expectCleanExit(pane, 1, () => {
				process.kill(pid, 'SIGUSR2');
			});
			expect(stderrText(pane)).toBe(message);
		});
	});

	const help = (screen: string) => screen.includes('Keys — ? or Esc closes this help');
	it.each([
		{name: 'q', keys: ['q'], code: [0]},
		{name: 'Ctrl+C', keys: ['C-c'], code: [0, 130]},
		{name: 'q from the help', keys: ['?', 'q'], code: [0], first: help},
	])('$name quits cleanly', async ({keys, code, first}) => {
		await chaosCase(EXITS, async () => {
			const pane = await openJob42();
			await expectCleanExit(pane, code, async () => {
				const [before, last] = keys.length > 1 ? [keys[0]!, keys[1]!] : [undefined, keys[0]!];
				if (before !== undefined && first) {
					pane.send(before);
					await pane.waitFor(first, {what: `the screen after ${before}`});
				}

				pane.send(last);
			});
		});
	});

	describe('with requests in flight (the server hangs)', () => {
		let hanging: DemoServer;
		beforeAll(async () => {
			hanging = await startDemoServer();
		});

		afterAll(async () => {
			await hanging?.close();
		});

		const leaves = [
			{name: 'q', code: 0, leave: (pane: Pane) => pane.send('q')},
			{name: 'Ctrl+C', code: 0, leave: (pane: Pane) => pane.send('C-c')},
			{name: 'SIGTERM', code: 143, leave: (_pane: Pane, pid: number) => process.kill(pid, 'SIGTERM')},
		];

		/** Opens job 42 on the hanging server, gets two calls stuck, and leaves. */
		async function leaveWhileHanging(code: number, leave: (pane: Pane, pid: number) => void): Promise<void> {
			hanging.setFaults({malformed: null});
			const pane = await openJob42({env: {ECORE_API_TOKEN: hanging.token}}, `42 --base-url ${hanging.baseUrl}`);
			const pid = pane.pid();
			hanging.setFaults({malformed: 'hang'});
			hanging.resetStats();
			const stuck = () => hanging.requests.filter(entry => entry.status === 0);
			// A filter not cached yet, and a reload: two calls that will never be answered.
			pane.send('3');
			await untilRequests(hanging, () => stuck().length >= 1, 'the Invalid page request');
			await pane.waitFor(screen => screen.includes('Invalid'), {what: 'the Invalid filter loading'});
			pane.send('r');
			await untilRequests(hanging, () => stuck().length >= 2, 'the reload request');
			leave(pane, pid);
			const exit = await pane.exited();
			expect([code]).toContain(exit.code);
			expect(pane.state()).toMatchObject({alternate: false, cursorVisible: true});
			// It ended with its calls still hanging, not after their 15 s timeout: exited() gives up at 10 s,
			// and no call was answered or tried again.
			expect(hanging.requests.every(entry => entry.status === 0 && entry.completedAt === null)).toBe(true);
			expect(stuck().length).toBeGreaterThanOrEqual(2);
		}

		it.each(leaves)('$name exits while calls hang, without waiting for them', async ({code, leave}) => {
			await chaosCase(HANG, async () => {
				await leaveWhileHanging(code, leave);
			});
		});
	});

	// tmux cuts and grows its own screen at once on each resize, but batches what it tells the program
	// (250 ms apart, the last size after the one before it), so for a moment after a storm its screen
	// holds the cut lines while the program still draws for the size it last heard. The screen that
	// counts is the one once the last size has reached the program: exactly what a fresh start draws.
	it('a resize storm in a real terminal ends on the screen a fresh start draws', async () => {
		await chaosCase(RESIZE, async () => {
			const fresh = startCli(tmux, '--demo 42 --page 2');
			const pageTwo = (screen: string) => screen.includes('All · page 2 of 3') && screen.includes('Record 9981');
			const expected = await fresh.waitFor(pageTwo, {what: 'page 2 from a fresh start'});
			fresh.send('q');
			await fresh.exited();

			const pane = await openJob42();
			const random = randomFor(RESIZE, 10_000);
			const steps = scale(25, 120);
			for (let step = 0; step < steps; step++) {
				const [columns, rows] = random.pick(STORM_SIZES);
				pane.resize(columns, rows);

				await sleep(random.int(0, 30));
			}

			pane.resize(80, 24);
			// The last size and the key may be handled in either order.
			pane.send('Right');
			const fits = (text: string) => layoutProblems(text.replace(/\n+$/, ''), 80, 25).length === 0;
			expect(fits(expected), expected).toBe(true);
			await pane.waitFor(screen => screen === expected, {what: 'the screen a fresh start draws on page 2 at 80×24'});
			expect(pane.state()).toMatchObject({alternate: true, cursorVisible: false});
			pane.send('q');
			await pane.exited();
		});
	});
});
