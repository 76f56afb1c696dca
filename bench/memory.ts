// Figure 5: resident memory of the app at its first frame and after paging through 200 pages of the
// 120,000-record job, in a process of its own (see child.ts), beside a bare Node process: once against
// the API in this process (as the real service is elsewhere), once with it inside (as `--demo` runs).
import {bundle, childEnv, runChild} from './child.js';
import {type BenchContext, firstIds} from './harness.js';
import {median, megabytes, printTable, type Target} from './report.js';

const JOB = 7001;
const PAGES = 200;
const TARGETS = {firstFrame: 100 * 2 ** 20, afterPaging: 150 * 2 ** 20};
const RUNS = 3;

/** The sample whose `key` is the median (lower middle for an even count), whole, so its parts add up. */
function medianBy<T>(samples: readonly T[], key: (sample: T) => number): T {
	const sorted = [...samples].sort((a, b) => key(a) - key(b));
	return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

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
	const remotes: Result[] = [];
	const demos: Result[] = [];
	const floors: Usage[] = [];
	try {
		const api = {BENCH_BASE_URL: context.server.baseUrl, BENCH_TOKEN: context.server.token};
		// One process at a time (a neighbour's threads and GC move a resident set by tens of MB), and
		// RUNS rounds, of which each point shows the median.
		for (let run = 0; run < RUNS; run++) {
			remotes.push(
				await runChild<Result>(['--expose-gc', child.file], {
					env: childEnv(context.env, {BENCH_IDS: ids, ...api}),
					cwd: context.root,
				}),
			);
			demos.push(
				await runChild<Result>(['--expose-gc', child.file], {
					env: childEnv(context.env, {BENCH_IDS: ids}),
					cwd: context.root,
				}),
			);
			floors.push(await runChild<Usage>(['--expose-gc', '-e', FLOOR], {env: childEnv(context.env), cwd: context.root}));
		}
	} finally {
		await child.dispose();
	}

	const floor = medianBy(floors, usage => usage.rss);
	const remote = {
		pages: remotes[0]!.pages,
		loaded: medianBy(
			remotes.map(result => result.loaded),
			usage => usage.rss,
		),
		firstFrame: medianBy(
			remotes.map(result => result.firstFrame),
			usage => usage.rss,
		),
		afterPaging: medianBy(
			remotes.map(result => result.afterPaging),
			usage => usage.rss,
		),
		peak: median(remotes.map(result => result.peak ?? Number.NaN)),
	};
	const demo = {
		pages: demos[0]!.pages,
		firstFrame: medianBy(
			demos.map(result => result.firstFrame),
			usage => usage.rss,
		),
		afterPaging: medianBy(
			demos.map(result => result.afterPaging),
			usage => usage.rss,
		),
		peak: median(demos.map(result => result.peak ?? Number.NaN)),
	};
	const spread = (pick: (result: Result) => number) => remotes.map(result => megabytes(pick(result))).join(', ');

	const row = (label: string, usage: Usage) => [
		label,
		megabytes(usage.rss),
		megabytes(usage.heapUsed),
		megabytes(usage.heapTotal),
		megabytes(usage.external),
		megabytes(usage.rss - usage.heapTotal - usage.external),
	];
	printTable(
		`Figure 5 — resident memory after a full GC (job ${JOB}, 100 rows/page, 120×40, → every 35 ms plus the frame; median of ${RUNS} runs)`,
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
		[
			'rows without --demo: the app alone, its API in another process as the real service would be',
			`each run's RSS, first frame: ${spread(result => result.firstFrame.rss)}; after paging: ${spread(result => result.afterPaging.rss)}`,
		],
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
