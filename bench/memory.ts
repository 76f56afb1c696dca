// Figure 5: resident memory of the app at its first frame and after paging through 200 pages of the
// 120,000-record job, in a process of its own (see child.ts), beside a bare Node process: once against
// the API in this process (as the real service is elsewhere), once with it inside (as `--demo` runs).
import {bundle, childEnv, runChild} from './child.js';
import {type BenchContext, firstIds} from './harness.js';
import {megabytes, printTable, type Target} from './report.js';

const JOB = 7001;
const PAGES = 200;
const TARGETS = {firstFrame: 100 * 2 ** 20, afterPaging: 150 * 2 ** 20};

type Usage = NodeJS.MemoryUsage;

interface Result {
	readonly pages: number;
	readonly loaded: Usage;
	readonly firstFrame: Usage;
	readonly afterPaging: Usage;
	readonly peak: number | null;
}

const FLOOR = `
gc();
process.stdout.write('BENCH_RESULT ' + JSON.stringify(process.memoryUsage()) + '\\n');
`;

export async function memory(context: BenchContext): Promise<Target[]> {
	const child = await bundle(context.root, 'bench/memoryChild.ts');
	const ids = JSON.stringify(await firstIds(context.client, JOB, 'All', 100, PAGES + 1));
	let remote: Result;
	let demo: Result;
	let floor: Usage;
	try {
		const api = {BENCH_BASE_URL: context.server.baseUrl, BENCH_TOKEN: context.server.token};
		// Side by side to save time: each resident set is its own process's.
		[remote, demo, floor] = await Promise.all([
			runChild<Result>(['--expose-gc', child.file], {env: childEnv(context.env, {BENCH_IDS: ids, ...api}), cwd: context.root}),
			runChild<Result>(['--expose-gc', child.file], {env: childEnv(context.env, {BENCH_IDS: ids}), cwd: context.root}),
			runChild<Usage>(['--expose-gc', '-e', FLOOR], {env: childEnv(context.env), cwd: context.root}),
		]);
	} finally {
		await child.dispose();
	}

	const row = (label: string, usage: Usage) => [
		label,
		megabytes(usage.rss),
		megabytes(usage.heapUsed),
		megabytes(usage.heapTotal),
		megabytes(usage.external),
		megabytes(usage.rss - usage.heapTotal - usage.external),
	];
	printTable(
		`Figure 5 — resident memory after a full GC (job ${JOB}, 100 rows/page, 120×40, → every 35 ms plus the frame)`,
		['point', 'RSS', 'JS heap used', 'JS heap total', 'external (wasm, buffers)', 'rest (code, stacks, malloc)'],
		[
			row('baseline: bare node --expose-gc', floor),
			row('app bundle loaded, nothing rendered', remote.loaded),
			row('first frame with records', remote.firstFrame),
			row(`after paging through ${remote.pages} pages`, remote.afterPaging),
			['peak (VmHWM)', megabytes(remote.peak ?? Number.NaN), '', '', '', ''],
			row('--demo (API in the app process): first frame', demo.firstFrame),
			row(`--demo: after ${demo.pages} pages`, demo.afterPaging),
			['--demo: peak (VmHWM)', megabytes(demo.peak ?? Number.NaN), '', '', '', ''],
		],
		['rows without --demo: the app alone, its API in another process as the real service would be'],
	);
	return [
		{
			figure: 5,
			name: 'RSS at the first frame',
			target: `≤ ${megabytes(TARGETS.firstFrame)}`,
			measured: `${megabytes(remote.firstFrame.rss)} (--demo ${megabytes(demo.firstFrame.rss)})`,
			met: remote.firstFrame.rss <= TARGETS.firstFrame,
		},
		{
			figure: 5,
			name: `RSS after ${remote.pages} pages`,
			target: `≤ ${megabytes(TARGETS.afterPaging)}`,
			measured: `${megabytes(remote.afterPaging.rss)} (--demo ${megabytes(demo.afterPaging.rss)})`,
			met: remote.afterPaging.rss <= TARGETS.afterPaging,
		},
	];
}
