// Figure 2: bytes written to the terminal per key, incremental rendering (as shipped) against Ink's full
// redraw, and whether anything after the first frame clears the whole screen (a visible flash over SSH).
// The same keys give the key → frame times at 120×40.
import type {RecordFilter} from '../source/api/types.js';
import {type BenchContext, firstIds, KEYS, type Mounted, mountApp, sleep, stripAnsi} from './harness.js';
import {bytes, max, median, ms, p95, printTable, type Target} from './report.js';

const JOB = 7001;
const PAGE_SIZE = 100;
const COLUMNS = 120;
const ROWS = 40;
const MOVES = 60;
const PAGES = 30;
/** Keys 1–6 pick Pending … All; cycled, so later changes find the first page cached. */
const FILTER_KEYS: ReadonlyArray<readonly [string, RecordFilter]> = [
	['5', 'Error'],
	['6', 'All'],
	['1', 'Pending'],
	['2', 'Valid'],
	['3', 'Invalid'],
	['4', 'Unknown'],
];
const FILTER_CHANGES = 30;
const TARGETS = {move: 1024, page: 6 * 1024, frameP50: 16, frameP95: 33};
// ansi-escapes' clearTerminal is ESC[2J ESC[3J ESC[H (ESC[2J ESC[0f on Windows): these two catch it.
const CLEARS = ['\u001B[2J', '\u001B[3J'];

/**
 * The header line once a filter's first page is in: the first row can be the same record under two
 * filters, and then the incremental frame does not rewrite it.
 */
const loadedHeader = (filter: RecordFilter) => (text: string) =>
	text.includes(`${filter} · page 1 of`) && !text.includes('loading');

interface Run {
	readonly firstFrame: number;
	readonly visibleRows: number;
	readonly moveInView: Sample[];
	readonly moveScrolling: Sample[];
	readonly page: Sample[];
	readonly filter: Sample[];
	readonly clearsAfterFirst: number;
}

interface Sample {
	readonly bytes: number;
	/** Of which escape sequences (cursor moves, colours, erase-line). */
	readonly escapes: number;
	/** Key → the write that shows what the key asked for, in ms. */
	readonly ms: number;
}

/**
 * Bytes of everything a key caused: from the keypress until the expected text is out and all is quiet.
 * The quiet also outlasts Ink's 30 fps throttle, so the next key is drawn at once.
 */
async function measure(app: Mounted, key: string, expect: string | ((text: string) => boolean)): Promise<Sample> {
	const {at, from} = app.press(key);
	const shown = await app.waitForText(expect, from);
	await app.settle(50);
	const writes = app.writes.slice(from);
	const total = writes.reduce((sum, write) => sum + write.bytes, 0);
	const text = writes.reduce((sum, write) => sum + Buffer.byteLength(stripAnsi(write.text)), 0);
	return {bytes: total, escapes: total - text, ms: shown.at - at};
}

async function run(context: BenchContext, incrementalRendering: boolean, expected: Expected): Promise<Run> {
	const app = mountApp({
		client: context.client,
		jobId: JOB,
		pageSize: PAGE_SIZE,
		columns: COLUMNS,
		rows: ROWS,
		incrementalRendering,
	});
	try {
		const first = await app.waitForText(`›${expected.pageOne[0]}`);
		await app.settle(100);
		const firstFrame = first.bytes;

		// How many record rows fit: the page-one ids that have appeared once the screen is drawn.
		const screen = stripAnsi(app.writes.map(write => write.text).join(''));
		const visibleRows = expected.pageOne.filter(id => screen.includes(` ${id} `) || screen.includes(`›${id} `)).length;

		// Paging keeps the selected row index, so pages and filters go first, with the first row selected.
		const page: Sample[] = [];
		for (let next = 2; next <= PAGES + 1; next++) {
			// Time for the next page's prefetch to land, so no loading frame is drawn.
			await sleep(40);
			page.push(await measure(app, KEYS.right, `›${expected.pageFirst[next]}`));
		}

		const filter: Sample[] = [];
		for (let change = 0; change < FILTER_CHANGES; change++) {
			const [key, name] = FILTER_KEYS[change % FILTER_KEYS.length]!;
			filter.push(await measure(app, key, loadedHeader(name)));
		}

		// Back to page one of All (a filter change starts at the top) for the moves.
		await measure(app, '6', loadedHeader('All'));
		const moveInView: Sample[] = [];
		const moveScrolling: Sample[] = [];
		for (let index = 1; index <= MOVES && index < expected.pageOne.length; index++) {
			const size = await measure(app, KEYS.down, `›${expected.pageOne[index]}`);
			(index < visibleRows ? moveInView : moveScrolling).push(size);
		}

		// The first frame is the first write with content (the loading screen); only it may clear.
		const firstFrameIndex = app.writes.findIndex(write => stripAnsi(write.text).trim().length > 0);
		const clearsAfterFirst = app.writes
			.slice(firstFrameIndex + 1)
			.filter(write => CLEARS.some(clear => write.text.includes(clear))).length;
		return {firstFrame, visibleRows, moveInView, moveScrolling, page, filter, clearsAfterFirst};
	} finally {
		app.unmount();
	}
}

interface Expected {
	readonly pageOne: number[];
	readonly pageFirst: number[];
}

export async function bytesPerKey(context: BenchContext): Promise<Target[]> {
	const {client} = context;
	const pageOne = (await client.getRecords(JOB, {status: 'All', page: 1, page_size: PAGE_SIZE})).results.map(
		record => record.id,
	);
	const expected: Expected = {pageOne, pageFirst: await firstIds(client, JOB, 'All', PAGE_SIZE, PAGES + 1)};
	const incremental = await run(context, true, expected);
	const full = await run(context, false, expected);

	const sizes = (samples: Sample[]) => samples.map(sample => sample.bytes);
	const row = (label: string, pick: (run: Run) => Sample[]) => {
		const mine = pick(incremental);
		const theirs = sizes(pick(full));
		const escapes = median(mine.map(sample => sample.escapes / sample.bytes));
		return [
			`${label} (${mine.length})`,
			bytes(median(sizes(mine))),
			bytes(max(sizes(mine))),
			`${Math.round(100 * escapes)} %`,
			bytes(median(theirs)),
			`${Math.round((100 * median(sizes(mine))) / median(theirs))} %`,
		];
	};

	printTable(
		`Figure 2 — bytes written per key (job ${JOB}, ${PAGE_SIZE} rows/page, ${COLUMNS}×${ROWS}, ${incremental.visibleRows} record rows on screen)`,
		['key', 'incremental p50', 'incremental max', 'of it escapes', 'full redraw p50', 'incr./full'],
		[
			row('↓ within the view', run => run.moveInView),
			row('↓ scrolling the table', run => run.moveScrolling),
			row('→ next page (prefetched)', run => run.page),
			row('1–6 filter change', run => run.filter),
		],
		[
			`the write that first shows records: ${bytes(incremental.firstFrame)} incremental (over the loading frame), ${bytes(full.firstFrame)} full redraw`,
			`writes after the first frame that clear the screen (ESC[2J / ESC[3J / clearTerminal): ` +
				`${incremental.clearsAfterFirst} incremental, ${full.clearsAfterFirst} full redraw`,
			'full redraw = the same app with incrementalRendering: false (baseline); bytes include the synchronized-update markers',
			'"of it escapes" = the share of the incremental bytes that are escape sequences (colours, cursor moves, erase-line)',
		],
	);

	const times = (samples: Sample[]) => samples.map(sample => sample.ms);
	const timeRow = (label: string, pick: (run: Run) => Sample[]) => [
		`${label} (${pick(incremental).length})`,
		ms(median(times(pick(incremental)))),
		ms(p95(times(pick(incremental)))),
		ms(median(times(pick(full)))),
		ms(p95(times(pick(full)))),
	];
	printTable(
		`Figure 2b — key → frame written, the same keys (${COLUMNS}×${ROWS}, ${PAGE_SIZE} rows/page, API in-process, no latency)`,
		['key', 'p50', 'p95', 'full redraw p50', 'full redraw p95'],
		[
			timeRow('↓ within the view', run => run.moveInView),
			timeRow('↓ scrolling the table', run => run.moveScrolling),
			timeRow('→ next page (prefetched)', run => run.page),
			timeRow('1–6 filter change', run => run.filter),
		],
		['from the key written to stdin to the write that shows the row, page or header it asked for'],
	);
	const moves = times([...incremental.moveInView, ...incremental.moveScrolling]);
	const pages = times(incremental.page);
	const frameTarget = (name: string, values: number[]): Target[] => [
		{
			figure: 2,
			name: `key → frame, ${name}, ${COLUMNS}×${ROWS} (p50)`,
			target: `≤ ${TARGETS.frameP50} ms`,
			measured: ms(median(values)),
			met: median(values) <= TARGETS.frameP50,
		},
		{
			figure: 2,
			name: `key → frame, ${name}, ${COLUMNS}×${ROWS} (p95)`,
			target: `≤ ${TARGETS.frameP95} ms`,
			measured: ms(p95(values)),
			met: p95(values) <= TARGETS.frameP95,
		},
	];

	return [
		...frameTarget('↓', moves),
		...frameTarget('→ (prefetched)', pages),
		{
			figure: 2,
			name: 'bytes per selection move ↓ within the view (p50)',
			target: `≤ ${bytes(TARGETS.move)}`,
			measured: bytes(median(sizes(incremental.moveInView))),
			met: median(sizes(incremental.moveInView)) <= TARGETS.move,
		},
		{
			figure: 2,
			name: 'bytes per selection move ↓ that scrolls (p50)',
			target: `≤ ${bytes(TARGETS.move)}`,
			measured: bytes(median(sizes(incremental.moveScrolling))),
			met: median(sizes(incremental.moveScrolling)) <= TARGETS.move,
		},
		{
			figure: 2,
			name: 'bytes per page change → (p50)',
			target: `≤ ${bytes(TARGETS.page)}`,
			measured: bytes(median(sizes(incremental.page))),
			met: median(sizes(incremental.page)) <= TARGETS.page,
		},
		{
			figure: 2,
			name: 'full clears after the first frame',
			target: 'none',
			measured: String(incremental.clearsAfterFirst),
			met: incremental.clearsAfterFirst === 0,
		},
	];
}
