// Figure 1: keypress (→) to the frame that shows the next page, with the neighbouring pages prefetched
// (the app's default) against fetching each page only when asked (`prefetch={false}`).
import type {DemoServer} from '../source/demo/server.js';
import {type BenchContext, firstIds, KEYS, mountApp, sleep} from './harness.js';
import {median, ms, p95, printTable, type Target} from './report.js';

const JOB = 7001;
const PAGE_SIZE = 100;
const PRESSES = 30;
const LATENCIES = [0, 300] as const;
const TARGET_MS = 35;

/**
 * Resolves once the API has answered the latest requests and the answers have been read, or after a
 * second: a request the app aborted is never answered.
 */
async function answered(server: DemoServer): Promise<void> {
	const deadline = performance.now() + 1000;
	while (server.requests.slice(-4).some(request => request.status === 0) && performance.now() < deadline) {
		await sleep(5);
	}

	await sleep(20);
}

async function run(context: BenchContext, ids: number[], latencyMs: number, prefetch: boolean): Promise<number[]> {
	const {server, client} = context;
	server.setFaults({latencyMs, jitterMs: 0});
	// The request log starts empty: a prefetch an earlier run aborted is never answered.
	server.resetStats();
	const app = mountApp({client, jobId: JOB, pageSize: PAGE_SIZE, prefetch, columns: 120, rows: 40});
	const samples: number[] = [];
	try {
		await app.waitForText(String(ids[1]));
		for (let page = 1; page <= PRESSES; page++) {
			// A person reads the page first; that is when the prefetch lands. The cold run waits too, only
			// long enough for Ink's 30 fps throttle to be idle again.
			await sleep(prefetch ? latencyMs + 40 : 60);
			await answered(server);
			const {at, from} = app.press(KEYS.right);
			const frame = await app.waitForText(String(ids[page + 1]), from);
			samples.push(frame.at - at);
		}
	} finally {
		app.unmount();
		server.setFaults({latencyMs: 0, jitterMs: 0});
	}

	return samples;
}

export async function pageLatency(context: BenchContext): Promise<Target[]> {
	const ids = await firstIds(context.client, JOB, 'All', PAGE_SIZE, PRESSES + 1);
	const rows: string[][] = [];
	const targets: Target[] = [];
	for (const latencyMs of LATENCIES) {
		const prefetched = await run(context, ids, latencyMs, true);
		const cold = await run(context, ids, latencyMs, false);
		rows.push([`${latencyMs} ms`, ms(median(prefetched)), ms(p95(prefetched)), ms(median(cold)), ms(p95(cold))]);
		if (latencyMs === 300) {
			targets.push({
				figure: 1,
				name: 'next page, prefetched, 300 ms API (p50)',
				target: `≤ ${TARGET_MS} ms`,
				measured: `${ms(median(prefetched))} (cold ${ms(median(cold))})`,
				met: median(prefetched) <= TARGET_MS,
			});
		}
	}

	printTable(
		`Figure 1 — keypress → next page written (job ${JOB}, ${PAGE_SIZE} rows/page, 120×40, ${PRESSES} × → per cell)`,
		['API latency', 'prefetched p50', 'prefetched p95', 'cold p50', 'cold p95'],
		rows,
		['prefetched = the app as shipped; cold = prefetch={false}, each page fetched on the keypress (baseline)'],
	);
	return targets;
}
