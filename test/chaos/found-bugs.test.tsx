// Bugs the chaos suite found (in the browser's store and views, and in Ink itself), each kept as the
// test that showed it, now passing: the behaviour wanted, stated once.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {NO_FAULTS, startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {KEYS} from '../helpers/render.js';
import {
	alignmentProblems,
	BASE_SEED,
	caseIndices,
	layoutProblems,
	type Mounted,
	mountApp,
	parseFrame,
	randomFor,
	scale,
	settle,
	sleep,
	Truth,
	watchProcess,
} from './harness.js';
import {applyKey, type Model, pressModelKeys, raceKey, RACE_FILTERS, type Totals} from './model.js';
import {startCli, startTmux, type TmuxServer} from '../helpers/tmux.js';

describe('bugs the chaos suite found, fixed: each stays as a regression test', () => {
	let server: DemoServer;
	const watcher = watchProcess();

	beforeAll(async () => {
		server = await startDemoServer();
	});

	afterAll(async () => {
		watcher.stop();
		await server.close();
	});

	async function withApp(
		options: Partial<Parameters<typeof mountApp>[0]>,
		run: (mounted: Mounted) => Promise<void>,
	): Promise<void> {
		const mounted = await mountApp({server, jobId: 42, pageSize: 20, columns: 100, rows: 30, ...options});
		try {
			await run(mounted);
		} finally {
			mounted.unmount();
			server.setFaults(NO_FAULTS);
			server.resetStats();
		}
	}

	/** The view a frame settles on, waiting out slow renders but not a stuck "loading". */
	async function settledView(
		mounted: Mounted,
	): Promise<{filter: string | undefined; page: number | undefined; loading: boolean; frame: string}> {
		const frame = await settle(mounted, {timeoutMs: 3000}).catch(() => mounted.r.frame());
		const parsed = parseFrame(frame);
		return {filter: parsed.filter, page: parsed.page, loading: parsed.loading, frame};
	}

	describe('BUG 1: asking again for the page being loaded leaves "loading…" for ever', () => {
		// RecordsController #load aborts the current controller, whose waiter was the only one on the page's
		// flight, so PageLoader.#wait aborts the flight; the same load() then calls loader.load(), which
		// finds that aborted flight still in #flights (its .finally has not run) and joins it. The join
		// rejects with kind 'aborted', which load() ignores: no 'loaded', no 'failed', loading stays true.
		// Fix (source/store/pageLoader.ts, load()): start a new flight when the found one is aborted,
		// `if (!flight || options.force || flight.controller.signal.aborted)`, and delete the flight from
		// #flights where #wait aborts it.
		it.each([
			{name: 'the same filter key twice (2 2)', keys: ['2', '2']},
			{name: 'the filter already asked for, during the first load (6)', keys: ['6'], atOnce: true},
			{name: 'away to a cached filter and back (5 4 5)', keys: ['5', '4', '5'], before: ['4']},
		])('$name', async ({keys, atOnce, before}) => {
			await withApp({}, async mounted => {
				if (!atOnce) {
					await settle(mounted);
				}

				for (const key of before ?? []) {
					mounted.r.write(key);

					await settle(mounted);
				}

				server.setFaults({...NO_FAULTS, latencyMs: 80});
				for (const key of keys) {
					mounted.r.write(key);
				}

				const view = await settledView(mounted);
				expect(view.loading, view.frame).toBe(false);
			});
		});
	});

	describe('BUG 2: paging keys typed before the page count of the filter is known are dropped', () => {
		// RecordsController #goTo returned when #totals is for another filter (or unset), so
		// "2 then →" typed ahead of a slow answer shows Valid page 1, not page 2; the same for → pressed
		// while the first page loads. Typed-ahead keys are the norm on a slow SSH link.
		// Fix idea: remember pending relative moves for the requested filter and apply them (clamped to
		// total_pages) when its first page arrives; or request page+1 optimistically and let the
		// existing invalid-page path settle on the last page.
		it('2 then → before Valid has answered', async () => {
			await withApp({}, async mounted => {
				await settle(mounted);
				server.setFaults({...NO_FAULTS, latencyMs: 100});
				mounted.r.write('2');
				await mounted.r.idle();
				mounted.r.write(KEYS.right);
				const view = await settledView(mounted);
				expect({filter: view.filter, page: view.page}, view.frame).toEqual({filter: 'Valid', page: 2});
			});
		});

		it('→ while the first page loads', async () => {
			server.setFaults({...NO_FAULTS, latencyMs: 100});
			await withApp({}, async mounted => {
				mounted.r.write(KEYS.right);
				const view = await settledView(mounted);
				expect({filter: view.filter, page: view.page}, view.frame).toEqual({filter: 'All', page: 2});
			});
		});
	});

	describe('races with keys back to back and typed ahead (the strict model)', () => {
		// Before BUGS 1 and 2 were fixed the races suite needed crutches (a millisecond between keys, no
		// repeated filter key, a wait for a filter's first page before paging); it runs without them now.
		// This is the small version that first showed both bugs, kept as their regression test.
		it('the screen ends on the page and filter last asked for', async () => {
			const truth = new Truth(await startDemoServer(), 42);
			const failures: string[] = [];
			for (const index of caseIndices(scale(10, 300))) {
				const random = randomFor('races strict', index);
				const pageSize = random.pick([10, 20, 25]);
				const totals = Object.fromEntries(
					await Promise.all(
						RACE_FILTERS.map(async filter => [filter, await truth.totalPages(filter, pageSize)] as const),
					),
				) as Totals;
				server.setFaults({...NO_FAULTS, latencyMs: random.int(0, 40), jitterMs: random.int(0, 60)});

				const mounted = await mountApp({server, jobId: 42, pageSize, columns: 100, rows: 30});
				const model: Model = {filter: 'All', page: 1, known: false};
				const log: string[] = [];
				try {
					await pressModelKeys(
						mounted,
						model,
						totals,
						Array.from({length: random.int(5, 25)}, () => raceKey(random)),
						{
							log,
							page: async (filter, page) => truth.page(filter, pageSize, page),
							gap: async () => (random.chance(0.5) ? undefined : sleep(random.int(1, 30))),
							waitForKnown: false,
							coalesce: () => random.chance(0.3),
						},
					);

					const view = await settledView(mounted);
					if (view.filter !== model.filter || view.page !== model.page || view.loading) {
						failures.push(
							`case ${index} (CHAOS_SEED=${BASE_SEED}): keys ${log.join(' ')} → expected ${model.filter} p${model.page}, got ${view.filter} p${view.page}${view.loading ? ' (still loading)' : ''}`,
						);
					}
				} finally {
					mounted.unmount();
				}
			}

			expect(failures).toEqual([]);
			// applyKey is the model; keep the import honest for the type checker.
			expect(typeof applyKey).toBe('function');
		}, 300_000);
	});

	describe('BUG 3: r after a failed page change reloads the old page instead of retrying the change', () => {
		// The header says "✖ r to retry", but the 'failed' action reverts `requested` to the shown page
		// (store/records.ts 'failed', RecordsController #fail), so r reloads All page 1 and the Invalid filter
		// the person asked for is forgotten. Fix idea: keep the failed request as `retry` in the state
		// and make r load it while an error is shown.
		it('3 fails with 503; the server recovers; r shows Invalid page 1', async () => {
			await withApp({columns: 300}, async mounted => {
				await settle(mounted);
				server.setFaults({...NO_FAULTS, failEvery: 1, failStatus: 503});
				mounted.r.write('3');
				await mounted.r.waitFor(frame => parseFrame(frame).message !== '', 10_000);
				await settle(mounted, {timeoutMs: 10_000});
				server.setFaults(NO_FAULTS);
				mounted.r.write('r');
				const view = await settledView(mounted);
				expect({filter: view.filter, page: view.page}, view.frame).toEqual({filter: 'Invalid', page: 1});
			});
		});
	});

	describe('BUG 4: on an 80-column terminal the error message is cut before it says what happened', () => {
		// Header.tsx puts the whole sentence after the view on one truncated line; at 80 columns a reset
		// reads "✖ r to retry · The connection to 127.0.0.1:35…" and an HTML page "The server sent a
		// response tha…". Fix idea: give the error its own (wrapped) line while it is shown, or lead
		// with the short cause ("connection reset", "503 Service Unavailable", "not JSON").
		it.each([
			{name: 'connection reset', faults: {malformed: 'reset'}, cause: /reset|broke/},
			{name: 'body stops halfway', faults: {malformed: 'stop-halfway'}, cause: /mid-response|broke|closed/},
			{name: 'HTML page', faults: {malformed: 'html'}, cause: /HTML|not (the expected|JSON)/},
			{name: 'wrong shape', faults: {malformed: 'wrong-shape'}, cause: /not the expected|shape/},
			{name: '503', faults: {failEvery: 1, failStatus: 503}, cause: /503/},
		] as const)('$name', async ({faults, cause}) => {
			await withApp({columns: 80, rows: 24}, async mounted => {
				await settle(mounted);
				server.setFaults({...NO_FAULTS, ...faults});
				mounted.r.write('3');
				await mounted.r.waitFor(frame => parseFrame(frame).message !== '', 10_000);
				expect(parseFrame(mounted.r.frame()).message).toMatch(cause);
			});
		});
	});

	describe('BUG 6: a resize storm leaves the table misaligned (in-process)', () => {
		// After this exact sequence, back at 80×24, the heading row and the selected row lose their
		// │ separators (and the email column grows by one): a fresh mount at 80×24 is fine. Found by the
		// resize storm; suspected stale Yoga layout in the memoised RecordsTable rows (ui/RecordsTable
		// FixedTable / DataCell under memo) after widths that collapse columns to nothing.
		it('80×24 → 20×5 → 10×3 → 30×8 → 45×12 → 119×6 → 80×24', async () => {
			await withApp({columns: 80, rows: 24}, async mounted => {
				await settle(mounted);
				for (const [columns, rows] of [
					[20, 5],
					[10, 3],
					[30, 8],
					[45, 12],
					[119, 6],
					[80, 24],
				] as const) {
					mounted.r.resize(columns, rows);

					await settle(mounted);
				}

				const frame = mounted.r.frame();
				expect(alignmentProblems(frame), frame).toEqual([]);
			});
		});
	});

	describe('BUG 7: below 20 columns lines are wider than the terminal', () => {
		// ui/layout.ts computeLayout clamps columns to at least 20, so at 10×3 the frame is 20 columns
		// wide; a real terminal wraps those lines and Ink's line count is off from then on.
		it('10×3', async () => {
			await withApp({columns: 10, rows: 3}, async mounted => {
				const frame = await settle(mounted);
				expect(layoutProblems(frame, 10, 3), frame).toEqual([]);
			});
		});
	});

	describe('BUG 8: job summary calls are never aborted, so r pressed during an outage piles them up', () => {
		// RecordsController #loadJob called client.getJob(jobId) with no signal on every reload; the records
		// call is aborted by the next r, the job call is not: 8 presses leave 8 job calls (each retrying
		// up to 4 times) in flight. Fix: give loadJob an AbortController, aborted by the next loadJob.
		it('8 presses of r while the server hangs leave at most 2 calls in flight', async () => {
			await withApp({client: {timeoutMs: 5000}}, async mounted => {
				await settle(mounted);
				server.setFaults({...NO_FAULTS, malformed: 'hang'});
				for (let press = 0; press < 8; press++) {
					mounted.r.write('r');
					await mounted.r.idle();
				}

				expect(mounted.client.pending).toBeLessThanOrEqual(2);
			});
		});
	});

	describe('BUG 9 (design): pasting text that contains q quits', () => {
		// Keys in one read are split into presses (RecordsController.key), so a paste is typed: any q in it
		// quits and digits change the filter. A read longer than any key (keys/input.ts PASTE_LENGTH), as
		// a paste is with or without bracketed-paste markers, is taken whole and ignored outside find.
		it('a bracketed paste of an address with a q in it', async () => {
			await withApp({}, async mounted => {
				await settle(mounted);
				mounted.r.write('\u001b[200~quinn.q@example.com\u001b[201~');
				await mounted.r.idle();
				expect(mounted.quits()).toBe(0);
			});
		});
	});

	describe('BUG 11: a long paste into the find bar wraps it over the rest of the screen', () => {
		// Found by key fuzz (CHAOS_SEED=970312183 CHAOS_CASE=18 CHAOS=full): / then a 1,942-character paste
		// made the find bar 16 lines tall, so the frame ran past the terminal.
		it('/ then 2,000 characters pasted: the frame keeps its height and width', async () => {
			await withApp({columns: 130, rows: 40}, async mounted => {
				await settle(mounted);
				mounted.r.write('/');
				// A person pastes well after the bar opened: waitFor returns once its input's effect has run.
				await mounted.r.waitFor('email or ec_id');
				mounted.r.write('x'.repeat(2000));
				await mounted.r.waitFor(frame => frame.includes('xxxxxxxxxx'));
				const frame = await settle(mounted);
				expect(layoutProblems(frame, 130, 40), frame).toEqual([]);
				expect(alignmentProblems(frame), frame).toEqual([]);
				// The find bar is the last line, one line tall; the table and the detail pane are all still there.
				const lines = frame.split('\n');
				expect(lines.at(-1), frame).toMatch(/^\/ …x+/);
				expect(
					lines.filter(line => /^x{20}/.test(line)),
					frame,
				).toEqual([]);
				expect(parseFrame(frame).rows, frame).toHaveLength(20);
				expect(frame).toContain('Record 9881');
			});
		});
	});

	describe('BUG 5 in-process: keys Ink 6.8 cannot name with Ctrl, whole or split across reads', () => {
		// The harness hands Ink its stdin through terminal/inkStdin as main.tsx does; the real CLI is
		// tested below in tmux.
		it.each([
			['Ctrl+F1', ['\u001b[1;5P']],
			['Ctrl+F3 (also a cursor position report for row 1, column 5)', ['\u001b[1;5R']],
			['a colour code (31 carries the Ctrl bit)', ['\u001b[31m']],
			['ESC [5 in one read, Q in the next', ['\u001b[5', 'Q']],
		])('%s', async (_name, writes) => {
			await withApp({}, async mounted => {
				await settle(mounted);
				expect(() => {
					for (const data of writes) {
						mounted.r.write(data);
					}
				}).not.toThrow();
				mounted.r.write('j');
				await mounted.r.waitFor(frame => parseFrame(frame).rows[1]?.selected === true);
			});
		});
	});

	describe('in a real terminal (tmux)', () => {
		let tmux: TmuxServer;
		beforeAll(() => {
			tmux = startTmux();
		});

		afterAll(() => {
			tmux?.kill();
		});

		// BUG 5: Ink 6.8 parse-keypress leaves `name` undefined for ESC[1;5P (Ctrl+F1) and other
		// Ctrl-modified keys it has no name for, and use-input throws on `input.startsWith` from the stdin
		// listener (vadimdemedes/ink#901, fixed by #902 in Ink 7, which needs Node 22): the CLI exits 1
		// with "Cannot read properties of undefined (reading 'startsWith')". Ctrl+F1–F4 do it in xterm and
		// tmux, and so would a cursor position report for row 1 column 5. The workaround is ready:
		// source/terminal/inkStdin.ts (tested in test/terminal/inkStdin.test.tsx); main.tsx needs
		// `stdin: inkStdin(process.stdin)` in the render options, next to `stdout: inkStdout(...)`.
		it('BUG 5: Ctrl+F1 does not end the program', async () => {
			const pane = startCli(tmux, '--demo 42');
			await pane.waitFor(screen => screen.includes('Record 9881'), {what: 'the first page'});
			pane.send('C-F1');
			// The key after it is read and drawn: the program lived through Ctrl+F1.
			pane.send('Right');
			await pane.waitFor(screen => screen.includes('page 2 of 3'), {what: 'page 2, after Ctrl+F1'});
			expect(pane.state(), pane.stderr()).toMatchObject({alternate: true, cursorVisible: false});
			pane.send('q');
			expect((await pane.exited()).code).toBe(0);
		});

		it('BUG 10: after 80×24 → 60×16 → 80×24 the screen is what a fresh start draws (no blank or stale lines)', async () => {
			// Deterministic: the header's view line ("All · page 1 of 3 · 250 records") stays blank after
			// growing back, until something on that line changes. Ink 6.8 clears only when the width
			// shrinks (ink.js resized()) and then diffs lines against its own last frame, not against what
			// the terminal shows after it cut lines on the shrink; inkStdout's +1 cursor fix assumes the
			// previous frame ended on a newline. Random storms also leave older, wider frames' lines (the
			// detail pane drawn one column right, cut with …). Fix idea: on 'resize', clear the screen and
			// redraw in full (instance.clear() or ESC[2J ESC[H before the next frame), debounced.
			const whole = (screen: string) =>
				screen.includes('“Q1 Leads”') && screen.includes('page 1 of 3') && screen.includes('Record 9881');
			const fresh = startCli(tmux, '--demo 42');
			const expected = await fresh.waitFor(whole, {what: 'the first page, whole'});
			fresh.send('q');
			await fresh.exited();

			const pane = startCli(tmux, '--demo 42');
			await pane.waitFor(whole, {what: 'the first page, whole'});
			pane.resize(60, 16);
			// Drawn for 60 columns: the table's top border ends on the screen (at 80 it would be cut).
			await pane.waitFor(screen => /^┌.*┐$/m.test(screen) && screen.split('\n').every(line => line.length <= 60), {
				what: 'the screen drawn at 60×16',
			});
			pane.resize(80, 24);
			// Before the fix the view line stayed blank until something on it changed: this times out.
			await pane.waitFor(screen => screen === expected, {what: 'the screen a fresh start draws', timeoutMs: 5000});
			pane.send('q');
			await pane.exited();
		});
	});

	it('nothing was thrown or rejected unhandled', () => {
		expect(watcher.errors).toEqual([]);
	});
});
