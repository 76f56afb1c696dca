// Random key sequences against random server latency: once the keys settle, the screen shows the
// page and filter last asked for (worked out by a small model of the key map), with the selection on
// a visible row of that page, and nothing was thrown or rejected on the way.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {KEYS} from '../helpers/render.js';
import {
	BASE_SEED,
	caseIndices,
	chaosCase,
	FULL,
	mountApp,
	parseFrame,
	printSummary,
	type Random,
	randomFor,
	reproduce,
	scale,
	settle,
	sleep,
	Truth,
	watchProcess,
} from './harness.js';
import {type Model, moveFrom, pressModelKeys, raceKey, RACE_FILTERS, type RaceKey, type Totals} from './model.js';

const CATEGORY = 'races';
const SEQUENCES = scale(30, 1000);
// Sequences run side by side, each with a server of its own (latency is a server-wide setting).
const LANES = FULL ? 4 : 2;

let truthServer: DemoServer;
const truths = new Map<number, Truth>();
const watcher = watchProcess();

beforeAll(async () => {
	truthServer = await startDemoServer();
});

afterAll(async () => {
	watcher.stop();
	await truthServer.close();
	printSummary(CATEGORY);
});

function truth(jobId: number): Truth {
	let value = truths.get(jobId);
	if (!value) {
		value = new Truth(truthServer, jobId);
		truths.set(jobId, value);
	}

	return value;
}

async function totalsFor(jobId: number, pageSize: number): Promise<Totals> {
	const entries = await Promise.all(
		RACE_FILTERS.map(async filter => [filter, await truth(jobId).totalPages(filter, pageSize)] as const),
	);
	return Object.fromEntries(entries) as Totals;
}

/**
 * A gap between keys: often none (keys typed ahead of a slow link arrive back to back), mostly a
 * few ms, sometimes longer.
 */
export async function gap(random: Random): Promise<void> {
	const roll = random.next();
	if (roll < 0.35) {
		return;
	}

	await sleep(roll < 0.7 ? random.int(1, 5) : roll < 0.95 ? random.int(6, 40) : random.int(60, 200));
}

async function runSequence(server: DemoServer, index: number): Promise<void> {
	const random = randomFor(CATEGORY, index);
	const jobId = random.pick([42, 42, 42, 7001]);
	const pageSize = random.pick([5, 10, 20, 25, 50, 100]);
	const totals = await totalsFor(jobId, pageSize);
	const filter = random.pick(RACE_FILTERS);
	const page = random.chance(0.6) ? 1 : random.int(1, totals[filter]);
	const [columns, rows] = random.pick([
		[100, 30],
		[130, 40],
		[80, 24],
	] as const);
	server.setFaults({latencyMs: random.int(0, 40), jitterMs: random.int(0, 80)});

	const context = `sequence ${index}: job ${jobId}, page size ${pageSize}, start ${filter} p${page}, ${columns}×${rows}; ${reproduce(CATEGORY, index)}`;
	const mounted = await mountApp({server, jobId, pageSize, filter, page, columns, rows});
	const log: string[] = [];
	try {
		const model: Model = {filter, page, known: false};
		if (random.chance(0.5)) {
			await mounted.r.waitFor(frame => {
				const parsed = parseFrame(frame);
				return parsed.totalPages !== undefined && !parsed.loading;
			});
			model.known = true;
		}

		const count = random.int(5, scale(15, 40));
		const keys: RaceKey[] = Array.from({length: count}, () => raceKey(random));
		await pressModelKeys(mounted, model, totals, keys, {
			log,
			page: async (filter, page) => truth(jobId).page(filter, pageSize, page),
			gap: async () => gap(random),
			waitForKnown: false,
			// Now and then several keys in one read, as after a stall on a slow link.
			coalesce: () => random.chance(0.15),
		});

		// Renders can lag the keys on a loaded machine: wait for what the model says, then for quiet,
		// then check that it is still so (nothing late came back to change it).
		await mounted.r
			.waitFor(text => {
				const shown = parseFrame(text);
				return shown.filter === model.filter && shown.page === model.page && !shown.loading;
			}, 10_000)
			.catch(() => undefined);
		const frame = await settle(mounted);
		const keyCount = log.length;
		const parsed = parseFrame(frame);
		const why = `${context}\nkeys: ${log.join(' ')}\nframe:\n${frame}`;
		expect(mounted.quits(), why).toBe(0);
		expect({filter: parsed.filter, page: parsed.page, totalPages: parsed.totalPages}, why).toEqual({
			filter: model.filter,
			page: model.page,
			totalPages: totals[model.filter],
		});
		expect(parsed.message, why).toBe('');

		const expected = await truth(jobId).page(model.filter, pageSize, model.page);
		const ids = expected.results.map(record => record.id);
		const shown = parsed.rows.map(row => row.id);
		const selected = parsed.rows.filter(row => row.selected);
		if (ids.length === 0) {
			expect(shown, why).toEqual([]);
			return;
		}

		// The visible rows are a consecutive run of the expected page, with exactly one of them selected.
		const first = ids.indexOf(shown[0] ?? -1);
		expect(first, why).toBeGreaterThanOrEqual(0);
		expect(shown, why).toEqual(ids.slice(first, first + shown.length));
		expect(selected, why).toHaveLength(1);

		// Then the selection follows moves exactly, onto the next or previous page past the ends of this one.
		let place = {page: model.page, row: ids.indexOf(selected[0]!.id)};
		const moves = random.int(1, scale(3, 6));
		for (let move = 0; move < moves; move++) {
			const down = random.chance(0.5);
			const steps = random.int(1, 4);
			for (let step = 0; step < steps; step++) {
				log.push(down ? 'j' : 'k');
				mounted.r.write(random.chance(0.5) ? (down ? 'j' : 'k') : down ? KEYS.down : KEYS.up);

				await gap(random);
				place = await moveFrom(place, down ? 1 : -1, totals[model.filter], async page =>
					truth(jobId).page(model.filter, pageSize, page),
				);
			}
		}

		const expectedId = (await truth(jobId).page(model.filter, pageSize, place.page)).results[place.row]?.id;
		await mounted.r
			.waitFor(text => {
				const shown = parseFrame(text);
				return shown.page === place.page && shown.rows.some(row => row.selected && row.id === expectedId);
			}, 5000)
			.catch(() => undefined);
		const after = parseFrame(await settle(mounted));
		const nowSelected = after.rows.filter(row => row.selected);
		const then = `${why}\nthen: ${log.slice(keyCount).join(' ')}\nafter moves:\n${after.lines.join('\n')}`;
		expect(after.page, then).toBe(place.page);
		expect(nowSelected, then).toEqual([expect.objectContaining({id: expectedId})]);
	} finally {
		mounted.unmount();
	}
}

describe(`races: ${SEQUENCES} random key sequences with random latency (seed ${BASE_SEED})`, () => {
	it(
		'the screen ends on the page, filter and selection last asked for',
		async () => {
			const servers = await Promise.all(Array.from({length: LANES}, async () => startDemoServer()));
			try {
				const queue = caseIndices(SEQUENCES);
				await Promise.all(
					servers.map(async server => {
						for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
							try {
								await chaosCase(CATEGORY, async () => runSequence(server, index), index);
							} catch (error) {
								// The other lanes stop too: their servers close when this test ends.
								queue.length = 0;
								throw error;
							}
						}
					}),
				);
			} finally {
				await Promise.all(servers.map(async server => server.close()));
			}

			expect(watcher.errors).toEqual([]);
		},
		scale(60_000, 1_800_000),
	);
});
