// A small model of what the browse keys ask for: which filter and page should be on screen once the
// keys have settled. It follows the key map, not the implementation: → l PgDn next page, ← h PgUp
// previous, g Home first, G End last, 1–6 a filter from page 1, never page 0 or past the last page;
// ↓ j past the last row of a page the next page, ↑ k before the first row the previous one.
import {RECORD_FILTERS, type RecordFilter, type RecordsPage} from '../../source/api/types.js';
import {KEYS} from '../helpers/render.js';
import {FILTER_KEYS, type Mounted, parseFrame, type Random} from './harness.js';

export const RACE_FILTERS = RECORD_FILTERS;
export type Totals = Record<RecordFilter, number>;

export type RaceCommand = 'next' | 'prev' | 'first' | 'last' | 'filter' | 'move' | 'reload' | 'detail';

export interface RaceKey {
	readonly name: string;
	readonly key: string;
	readonly command: RaceCommand;
	readonly filter?: RecordFilter;
	/** A move's direction. */
	readonly delta?: 1 | -1;
}

const PAGE_KEYS: readonly RaceKey[] = [
	{name: '→', key: KEYS.right, command: 'next'},
	{name: 'l', key: 'l', command: 'next'},
	{name: 'PgDn', key: KEYS.pageDown, command: 'next'},
	{name: '←', key: KEYS.left, command: 'prev'},
	{name: 'h', key: 'h', command: 'prev'},
	{name: 'PgUp', key: KEYS.pageUp, command: 'prev'},
	{name: 'g', key: 'g', command: 'first'},
	{name: 'Home', key: KEYS.home, command: 'first'},
	{name: 'G', key: 'G', command: 'last'},
	{name: 'End', key: KEYS.end, command: 'last'},
];

const FILTER_KEY_LIST: readonly RaceKey[] = Object.entries(FILTER_KEYS).map(([key, filter]) => ({
	name: key,
	key,
	command: 'filter',
	filter,
}));

const OTHER_KEYS: readonly RaceKey[] = [
	{name: '↑', key: KEYS.up, command: 'move', delta: -1},
	{name: '↓', key: KEYS.down, command: 'move', delta: 1},
	{name: 'j', key: 'j', command: 'move', delta: 1},
	{name: 'k', key: 'k', command: 'move', delta: -1},
	{name: 'r', key: 'r', command: 'reload'},
	{name: 'd', key: 'd', command: 'detail'},
	{name: 'Tab', key: KEYS.tab, command: 'detail'},
];

/** Paging keys most of the time, filters often, moves, reloads and the detail toggle now and then. */
export function raceKey(random: Random): RaceKey {
	const roll = random.next();
	if (roll < 0.6) {
		return random.pick(PAGE_KEYS);
	}

	if (roll < 0.82) {
		return random.pick(FILTER_KEY_LIST);
	}

	return random.pick(OTHER_KEYS);
}

export interface Model {
	filter: RecordFilter;
	page: number;
	/** Whether the app already knows the page count of `filter` (a page of it has been shown). */
	known: boolean;
}

export function applyKey(model: Model, key: RaceKey, totals: Totals): void {
	const last = Math.max(1, totals[model.filter]);
	switch (key.command) {
		case 'next': {
			model.page = Math.min(last, model.page + 1);
			break;
		}

		case 'prev': {
			model.page = Math.max(1, model.page - 1);
			break;
		}

		case 'first': {
			model.page = 1;
			break;
		}

		case 'last': {
			model.page = last;
			break;
		}

		case 'filter': {
			model.known = model.known && key.filter === model.filter;
			model.filter = key.filter!;
			model.page = 1;
			break;
		}

		default: {
			break;
		}
	}
}

/**
 * Where a move from `row` of `page` lands: the next row, or past the end of the page the next page's
 * first row (the previous page's last going up), never before page 1 or past the last page. `page(n)`
 * is the filter's page n as the server has it.
 */
export async function moveFrom(
	place: {page: number; row: number},
	delta: 1 | -1,
	totalPages: number,
	page: (page: number) => Promise<RecordsPage>,
): Promise<{page: number; row: number}> {
	const rows = (await page(place.page)).results.length;
	if (delta > 0) {
		if (place.row < rows - 1) {
			return {page: place.page, row: place.row + 1};
		}

		return place.page < totalPages ? {page: place.page + 1, row: 0} : place;
	}

	if (place.row > 0) {
		return {page: place.page, row: place.row - 1};
	}

	return place.page > 1
		? {page: place.page - 1, row: Math.max(0, (await page(place.page - 1)).results.length - 1)}
		: place;
}

export interface PressOptions {
	readonly log: string[];
	/**
	 * The filter's pages as the server has them. A move can open another page, from the row it starts
	 * on, which depends on how fast pages came before it: the model waits for the screen to settle and
	 * reads the row there before a move.
	 */
	readonly page: (filter: RecordFilter, page: number) => Promise<RecordsPage>;
	readonly gap: () => Promise<void>;
	/**
	 * Before a paging key, wait until a page of the filter asked for is on screen. The app ignores
	 * paging keys until it knows the filter's page count; with this the model stays exact.
	 */
	readonly waitForKnown: boolean;
	/**
	 * Leave out a filter key that asks again for the view already asked for (same filter, page 1):
	 * while that page loads, the app then waits for ever (see found-bugs.test.tsx).
	 */
	readonly avoidRepeats?: boolean;
	/** Write several keys as one chunk, as a terminal does after a stall on a slow link. */
	readonly coalesce?: (key: RaceKey) => boolean;
}

const isPaging = (key: RaceKey) =>
	key.command === 'next' || key.command === 'prev' || key.command === 'first' || key.command === 'last';

export async function pressModelKeys(
	mounted: Mounted,
	model: Model,
	totals: Totals,
	keys: readonly RaceKey[],
	options: PressOptions,
): Promise<void> {
	let chunk = '';
	const flush = async () => {
		if (chunk !== '') {
			mounted.r.write(chunk);
			chunk = '';
			await options.gap();
		}
	};

	for (const key of keys) {
		if (options.avoidRepeats && key.command === 'filter' && key.filter === model.filter && model.page === 1) {
			options.log.push(`(skip ${key.name})`);
			continue;
		}

		if (options.waitForKnown && !model.known && isPaging(key)) {
			await flush();
			options.log.push('(wait)');

			await mounted.r
				.waitFor(frame => {
					const parsed = parseFrame(frame);
					return parsed.filter === model.filter && !parsed.loading && parsed.totalPages !== undefined;
				})
				.catch((error: unknown) => {
					throw new Error(
						`${model.filter} never showed (${mounted.client.pending} API calls running); keys: ${options.log.join(' ')}\n${String(error)}`,
					);
				});
			model.known = true;
		}

		if (key.command === 'move') {
			await flush();
			const settled = await mounted.r.waitFor(frame => {
				const parsed = parseFrame(frame);
				return parsed.filter === model.filter && parsed.page === model.page && !parsed.loading;
			});
			const parsed = parseFrame(settled);
			const selected = parsed.rows.find(row => row.selected)?.id;
			const ids = (await options.page(model.filter, model.page)).results.map(record => record.id);
			const row = selected === undefined ? -1 : ids.indexOf(selected);
			if (row >= 0) {
				const place = await moveFrom({page: model.page, row}, key.delta!, totals[model.filter], async page =>
					options.page(model.filter, page),
				);
				model.page = place.page;
			}

			options.log.push(`${key.name}(@${row})`);
			mounted.r.write(key.key);
			await options.gap();
			continue;
		}

		applyKey(model, key, totals);
		options.log.push(key.name);
		if (options.coalesce?.(key)) {
			chunk += key.key;
			continue;
		}

		await flush();
		mounted.r.write(key.key);

		await options.gap();
	}

	await flush();
}
