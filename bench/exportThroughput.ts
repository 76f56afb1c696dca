// Figure 6: export throughput and peak memory for the 120,000-record job, each format with the export's
// sliding window against one page at a time. The export runs in a process of its own (its RSS is its own);
// the demo API stays in this one, as a remote API would be elsewhere.
import {DEFAULT_EXPORT_CONCURRENCY, EXPORT_FORMATS, type ExportFormat} from '../source/export/export.js';
import {bundle, childEnv, runChild} from './child.js';
import type {BenchContext} from './harness.js';
import {bytes, count, megabytes, ms, printTable, type Target} from './report.js';

const JOB = 7001;
/** The window exists for a remote API: one format again with this much latency per request. */
const REMOTE_LATENCY_MS = 50;
const TARGETS = {recordsPerSecond: 50_000, peak: 150 * 2 ** 20};

interface Result {
	readonly records: number;
	readonly elapsedMs: number;
	readonly bytes: number;
	readonly peak: number | null;
	readonly sampled: number;
}

interface Run extends Result {
	readonly format: ExportFormat;
	readonly concurrency: number;
	readonly latencyMs: number;
	readonly perSecond: number;
	readonly peakRss: number;
}

export async function exportThroughput(context: BenchContext): Promise<Target[]> {
	const child = await bundle(context.root, 'bench/exportChild.ts');
	const runs: Run[] = [];
	const exportOnce = async (format: ExportFormat, concurrency: number, latencyMs: number) => {
		context.server.setFaults({latencyMs, jitterMs: 0});
		const result = await runChild<Result>([child.file], {
			env: childEnv(context.env, {
				BENCH_BASE_URL: context.server.baseUrl,
				BENCH_TOKEN: context.server.token,
				BENCH_FORMAT: format,
				BENCH_CONCURRENCY: String(concurrency),
				BENCH_JOB: String(JOB),
			}),
			cwd: context.root,
		});
		runs.push({
			...result,
			format,
			concurrency,
			latencyMs,
			perSecond: result.records / (result.elapsedMs / 1000),
			peakRss: result.peak ?? result.sampled,
		});
	};

	try {
		for (const latencyMs of [0, REMOTE_LATENCY_MS]) {
			for (const format of latencyMs === 0 ? EXPORT_FORMATS : (['csv'] as const)) {
				for (const concurrency of [DEFAULT_EXPORT_CONCURRENCY, 1]) {
					await exportOnce(format, concurrency, latencyMs);
				}
			}
		}
	} finally {
		context.server.setFaults({latencyMs: 0, jitterMs: 0});
		await child.dispose();
	}

	printTable(
		`Figure 6 — export of job ${JOB} (all records, 1,000 a page) to a Writable that drops the bytes`,
		['format', 'API latency', 'pages in flight', 'records', 'time', 'records/s', 'output', 'peak RSS'],
		runs.map(run => [
			run.format,
			`${run.latencyMs} ms`,
			run.concurrency === 1 ? '1 (baseline)' : String(run.concurrency),
			count(run.records),
			ms(run.elapsedMs),
			count(run.perSecond),
			bytes(run.bytes),
			megabytes(run.peakRss),
		]),
		[
			'baseline = concurrency 1: each page fetched only after the previous one is written; peak RSS = VmHWM of the export process',
		],
	);

	const shipped = runs.filter(run => run.concurrency === DEFAULT_EXPORT_CONCURRENCY && run.latencyMs === 0);
	const slowest = Math.min(...shipped.map(run => run.perSecond));
	const biggest = Math.max(...runs.map(run => run.peakRss));
	return [
		{
			figure: 6,
			name: 'export throughput, slowest format (0 ms API)',
			target: `≥ ${count(TARGETS.recordsPerSecond)} records/s`,
			measured: `${count(slowest)} records/s`,
			met: slowest >= TARGETS.recordsPerSecond,
		},
		{
			figure: 6,
			name: 'export peak RSS, largest of all runs',
			target: `≤ ${megabytes(TARGETS.peak)}`,
			measured: megabytes(biggest),
			met: biggest <= TARGETS.peak,
		},
	];
}
