// Hostile text in every field (job 666 serves the corpus as email, ec_id, error_message and the list
// name) shown through every view and through the non-TTY output: not one control byte, C1 code or
// bidi control reaches the terminal, and the table's columns stay aligned.
import {spawnSync} from 'node:child_process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {JobRecord} from '../../source/api/types.js';
import {createClient} from '../../source/api/client.js';
import {plain, rawText, type Plain} from '../helpers/text.js';
import {HOSTILE_PAYLOADS} from '../../source/demo/hostile.js';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {
	addLeaked,
	alignmentProblems,
	chaosCase,
	describeLeaks,
	findLeaks,
	foreignSequences,
	FULL,
	layoutProblems,
	leakedBytes,
	type Mounted,
	mountApp,
	parseFrame,
	printSummary,
	scale,
	settle,
	watchProcess,
	withoutAllowedSequences,
} from './harness.js';
import {CLI, NODE, ROOT, startCli, startTmux} from '../helpers/tmux.js';

const VIEWS = 'hostile views';
const OUTPUT = 'hostile output';
const TERMINAL = 'hostile bytes';

let server: DemoServer;
let records: Array<Plain<JobRecord>> = [];
let listName = '';
const watcher = watchProcess();

beforeAll(async () => {
	server = await startDemoServer();
	const client = createClient({baseUrl: server.baseUrl, token: server.token});
	records = plain((await client.getRecords(666, {page_size: 1000})).results);
	listName = rawText((await client.getJob(666)).list_name);
});

afterAll(async () => {
	watcher.stop();
	await server.close();
	printSummary(VIEWS, OUTPUT, TERMINAL);
});

describe('the corpus', () => {
	it('has at least 30 payloads, each served as email, ec_id and error_message, with a hostile list name', () => {
		expect(HOSTILE_PAYLOADS.length).toBeGreaterThanOrEqual(30);
		for (const {name, text} of HOSTILE_PAYLOADS) {
			expect(
				records.some(record => record.email === text || record.email === `${text}@hostile.example`),
				`${name} as email`,
			).toBe(true);
			expect(
				records.some(record => record.ec_id === text),
				`${name} as ec_id`,
			).toBe(true);
			expect(
				records.some(record => record.error_message === text),
				`${name} as error_message`,
			).toBe(true);
		}

		expect(findLeaks(listName).length).toBeGreaterThan(0);
		expect(records.some(record => findLeaks(record.validator_used ?? '').length > 0)).toBe(true);
	});
});

/** Every check a frame of hostile data must pass; returns the frame. */
function checkFrame(mounted: Mounted, context: string): string {
	const frame = mounted.r.frame();
	const {columns, rows} = mounted.r.size;
	const leaks = findLeaks(frame);
	addLeaked(VIEWS, leakedBytes(frame, leaks));
	const why = `${context} at ${columns}×${rows}:\n${frame}`;
	expect(leaks, `${why}\n${describeLeaks(frame, leaks)}`).toEqual([]);
	expect(alignmentProblems(frame), why).toEqual([]);
	expect(layoutProblems(frame, columns, rows), why).toEqual([]);
	return frame;
}

/** Waits for the frame to show `id` selected; the hostile job answers at once. */
async function selected(mounted: Mounted, id: number): Promise<void> {
	await mounted.r.waitFor(frame => parseFrame(frame).rows.some(row => row.selected && row.id === id), 5000);
}

/** Scrolls the detail pane down to its end, checking every frame; at most `limit` steps. */
async function scrollDetail(mounted: Mounted, context: string, limit: number): Promise<number> {
	let steps = 0;
	while (
		steps < limit &&
		/ ↓/.test(
			mounted.r
				.frame()
				.split('\n')
				.find(line => line.includes('Record ')) ?? '',
		)
	) {
		mounted.r.write(']');
		// A scroll step may draw the same frame (a run of identical wrapped lines): wait until it is handled, not for a change.
		await settle(mounted);
		checkFrame(mounted, `${context}, detail scrolled ${++steps}`);
	}

	return steps;
}

interface WalkOptions {
	readonly columns: number;
	readonly rows: number;
	readonly pageSize: number;
	/** Records whose detail pane is scrolled to the end. */
	readonly scroll: (record: Plain<JobRecord>, index: number) => boolean;
	/** Which records to visit (all by default). */
	readonly visit?: (index: number) => boolean;
}

async function walk(options: WalkOptions): Promise<void> {
	const mounted = await mountApp({
		server,
		jobId: 666,
		pageSize: options.pageSize,
		columns: options.columns,
		rows: options.rows,
	});
	try {
		await settle(mounted);
		checkFrame(mounted, 'first frame');
		const pages = Math.ceil(records.length / options.pageSize);
		for (let page = 1; page <= pages; page++) {
			const onPage = records.slice((page - 1) * options.pageSize, page * options.pageSize);
			for (const [offset, record] of onPage.entries()) {
				const index = (page - 1) * options.pageSize + offset;
				if (offset > 0) {
					mounted.r.write('j');
				}

				if (options.visit && !options.visit(index)) {
					continue;
				}

				await chaosCase(VIEWS, async () => {
					await selected(mounted, record.id);
					const context = `record ${record.id} (page ${page})`;
					checkFrame(mounted, context);
					if (options.scroll(record, index)) {
						await scrollDetail(mounted, context, FULL ? 2000 : 15);
					}
				});
			}

			if (page < pages) {
				// ↓ on the last row opens the next page at its first row.
				mounted.r.write('j');
				await mounted.r.waitFor(frame => parseFrame(frame).page === page + 1 && !parseFrame(frame).loading, 5000);
				await selected(mounted, records[page * options.pageSize]!.id);
			}
		}

		// The other views, over the last page of hostile rows.
		for (const [keys, what] of [
			[['f'], 'filter list'],
			[['\u001b'], 'filter list closed'],
			[['?'], 'help'],
			[['?'], 'help closed'],
			[['d'], 'detail hidden'],
			[['d'], 'detail shown'],
			[['5'], 'Error filter'],
		] as const) {
			await chaosCase(VIEWS, async () => {
				await mounted.r.press(...keys);
				await settle(mounted);
				checkFrame(mounted, what);
			});
		}
	} finally {
		mounted.unmount();
	}
}

const longText = (record: Plain<JobRecord>) => (record.error_message?.length ?? 0) > 200 || record.email.length > 200;

describe('every record through the table, the detail pane, the header, the filter list and the help', () => {
	it(
		'side by side (130 columns), every record, long ones scrolled to the end',
		async () => {
			await walk({
				columns: 130,
				rows: FULL ? 40 : 28,
				pageSize: 25,
				// CI scrolls the long ones 15 lines and a sample of the rest; the full run scrolls every record to its end.
				scroll: (record, index) => FULL || longText(record) || index % 13 === 0,
			});
		},
		scale(120_000, 1_800_000),
	);

	it(
		'stacked (80×24)',
		async () => {
			await walk({
				columns: 80,
				rows: 24,
				pageSize: 10,
				scroll: (record, index) => FULL || (longText(record) && index % 2 === 0),
				visit: index => FULL || index % 3 === 0,
			});
		},
		scale(120_000, 900_000),
	);

	it(
		'compact (60×16)',
		async () => {
			await walk({
				columns: 60,
				rows: 16,
				pageSize: 50,
				scroll: record => FULL && longText(record),
				visit: index => FULL || index % 4 === 0,
			});
		},
		scale(120_000, 900_000),
	);

	it('nothing was thrown or rejected unhandled', () => {
		expect(watcher.errors).toEqual([]);
	});
});

describe('the non-TTY output (node dist/cli.js 666 --demo | …)', () => {
	const runs = [
		['666', '--demo'],
		['666', '--demo', '--page-size', '1000'],
		['666', '--demo', '--status', 'Error', '--page-size', '1000'],
		['666', '--demo', '--page', '2', '--page-size', '7'],
	];

	it.each(runs.map(args => [args.join(' '), args] as const))(
		'%s: no control bytes, one record per line, fields aligned',
		async (_name, args) => {
			await chaosCase(OUTPUT, async () => {
				const result = spawnSync(NODE, [CLI, ...args], {
					cwd: ROOT,
					encoding: 'utf8',
					env: {...process.env, NO_COLOR: '', FORCE_COLOR: ''},
					timeout: 20_000,
				});
				expect(result.status, result.stderr).toBe(0);
				expect(result.stderr).toBe('');
				const leaks = findLeaks(result.stdout);
				addLeaked(OUTPUT, leakedBytes(result.stdout, leaks));
				expect(leaks, describeLeaks(result.stdout, leaks)).toEqual([]);
				const lines = result.stdout.replace(/\n$/, '').split('\n');
				const fields = lines.map(line => line.split('\t').length);
				expect(new Set(fields), 'every line has the same number of fields').toEqual(new Set([fields[0]]));
				// The header and one line per record of the page.
				const pageSize = Number(args[args.indexOf('--page-size') + 1] ?? 100);
				expect(lines.length).toBeGreaterThan(1);
				expect(lines.length).toBeLessThanOrEqual(pageSize + 1);
			});
		},
	);
});

/** The CLI's default page size, which the walk below follows. */
const PAGE_SIZE = 100;

describe('the bytes the real CLI writes to a terminal (tmux, colours on)', () => {
	it('only the sequences Ink draws with: no OSC, DCS, C1, bidi or stray C0, title and modes untouched', async () => {
		await chaosCase(TERMINAL, async () => {
			const tmux = startTmux();
			try {
				const pane = startCli(tmux, '--demo 666', {columns: 130, rows: 40});
				await pane.waitFor(screen => /page 1 of \d+/.test(screen) && screen.includes('Record 66601'), {
					what: 'the first page',
				});
				const modes = '#{pane_title}|#{mouse_any_flag}|#{insert_flag}|#{origin_flag}|#{wrap_flag}|#{keypad_flag}';
				const before = tmux.run('display', '-p', '-t', pane.session, modes);
				// Every record, a few detail scrolls each, through all the pages; then the other views. `l`
				// keeps the row (clamped to the new page), so each page is walked from where it opens.
				const walk: Array<readonly [string, number]> = [];
				let row = 0;
				for (let start = 0; start < records.length; start += PAGE_SIZE) {
					const page = records.slice(start, start + PAGE_SIZE);
					if (start > 0) {
						row = Math.min(row, page.length - 1);
						walk.push(['l', page[row]!.id]);
					}

					const down = row === 0;
					for (let step = 1; step < page.length; step++) {
						row += down ? 1 : -1;
						walk.push([down ? 'j' : 'k', page[row]!.id]);
					}
				}

				// Each key once the last one is drawn: keys sent faster than that arrive in one read, and a read
				// longer than a paste (16 characters) is ignored as one.
				for (const [index, [key, id]] of walk.entries()) {
					pane.send(key);
					if (index % 7 === 0) {
						pane.send(']', ']', ']');
					}

					await pane.waitFor(screen => screen.includes(`›${id}`), {what: `record ${id} selected`});
				}

				// The other views, each key once its screen shows. G and ] may change nothing on screen here:
				// the help opened after them says they were read (keys are handled in order).
				const help = (screen: string) => screen.includes('Keys — ? or Esc closes this help');
				const steps: ReadonlyArray<readonly [string, (screen: string) => boolean, string]> = [
					['f', screen => screen.includes('Esc/f cancel'), 'the filter menu'],
					['Escape', screen => screen.includes('/ find'), 'the records footer'],
					['?', help, 'the help'],
					['?', screen => !help(screen), 'the help closed'],
					['d', screen => !screen.includes('Record '), 'the detail pane hidden'],
					['d', screen => screen.includes('Record '), 'the detail pane shown'],
					['5', screen => screen.includes('Error · page 1 of'), 'the Error filter'],
					['G', () => true, 'G sent'],
					[']', () => true, '] sent'],
					[']', () => true, '] sent'],
					['?', help, 'the help, after G ] ]'],
					['?', screen => !help(screen), 'the help closed'],
				];
				for (const [key, shows, what] of steps) {
					pane.send(key);
					await pane.waitFor(shows, {what});
				}

				const after = tmux.run('display', '-p', '-t', pane.session, modes);
				expect(pane.state()).toMatchObject({alternate: true, cursorVisible: false});
				pane.send('q');
				expect((await pane.exited()).code).toBe(0);

				const output = pane.raw().toString('utf8');
				expect(output.length).toBeGreaterThan(10_000);
				// Colours were on: the output does use sequences, and only allowed ones.
				expect(output).toContain('\u001b[');
				const foreign = foreignSequences(output);
				const rest = withoutAllowedSequences(output);
				const leaks = findLeaks(rest, {allowCr: true});
				addLeaked(TERMINAL, leakedBytes(rest, leaks) + foreign.length);
				expect(foreign).toEqual([]);
				expect(leaks, describeLeaks(rest, leaks)).toEqual([]);
				expect(output).not.toContain('\uFFFD');
				expect(after).toBe(before);
				expect(pane.state()).toMatchObject({alternate: false, cursorVisible: true});
			} finally {
				tmux.kill();
			}
		});
	}, 60_000);
});
