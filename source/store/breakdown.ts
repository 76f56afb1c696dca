// The error breakdown: every Error record of a job, counted by what they have in common (message,
// its pattern, validator, cached), so a person sees why records failed before reading any one of them. Fetching
// goes through api/pages.ts's sliding window (at most `concurrency` requests in flight, pages consumed
// in API order); grouping is pure and the screen's state is a pure reducer, both tested without a network.

import {ApiError, describeError, isApiError, type ApiErrorKind} from '../api/errors.js';
import {pagesOf} from '../api/pages.js';
import type {ApiClient, JobRecord, RecordFilter} from '../api/types.js';
import {rawText, untrusted, type Untrusted} from '../text/untrusted.js';
import {patternOf} from './patterns.js';
import {scrollFor} from './records.js';

/**
 * `pattern` groups messages that differ only in their variable parts (hosts, ports, numbers…, see
 * patterns.ts): `SMTP connection refused by {host}:{port}` holds every host's refusal.
 */
export type Grouping = 'message' | 'pattern' | 'validator' | 'cached';

/** The order `cycleGrouping` goes through. */
export const GROUPINGS: readonly Grouping[] = ['message', 'pattern', 'validator', 'cached'];

/** What a grouping is called on screen (column heading and grouping tabs). */
export const GROUPING_TITLES: Readonly<Record<Grouping, string>> = {
	message: 'error message',
	pattern: 'pattern',
	validator: 'validator',
	cached: 'cached',
};

export const NO_MESSAGE_LABEL = '(no error message)';
export const NO_VALIDATOR_LABEL = '(none)';

export interface Group {
	/** Tells groups apart even when a label collides with a placeholder (a real message "(none)"). */
	key: string;
	/** Text from the API (or a placeholder). */
	label: Untrusted;
	/** Exact, whatever was kept. */
	count: number;
	/** The group's records in API order, as far as `maxRecordsKept` allowed: may be fewer than `count`. */
	records: JobRecord[];
}

export interface BreakdownProgress {
	/** Records fetched so far. */
	done: number;
	/** Error records the job holds, as the latest page said (never below `done`). */
	total: number;
	/** The API is rate-limiting (429): nothing is asked of it for this long, in ms, from when this was told. */
	waitMs?: number;
}

export interface Breakdown {
	/** Error records counted: the sum of every grouping's counts. */
	total: number;
	/** Some records were counted but not kept (`maxRecordsKept` reached). */
	truncated: boolean;
	/** Each sorted by count, largest first, then by label. */
	groups: Record<Grouping, Group[]>;
}

/** Records (shared by every grouping) held for showing a group's records; counting goes on past it. */
export const DEFAULT_MAX_RECORDS_KEPT = 50_000;

/** The status whose records the breakdown groups. */
export const BREAKDOWN_STATUS = 'Error' satisfies RecordFilter;

export function nextGrouping(grouping: Grouping): Grouping {
	return GROUPINGS[(GROUPINGS.indexOf(grouping) + 1) % GROUPINGS.length] ?? 'message';
}

/** The group a record falls in under a grouping. Keys are JSON so `null` and the text "null" differ. */
export function groupOf(record: JobRecord, grouping: Grouping): {key: string; label: Untrusted} {
	switch (grouping) {
		case 'message': {
			const value = record.error_message;
			return {key: JSON.stringify(value), label: value ?? untrusted(NO_MESSAGE_LABEL)};
		}

		case 'pattern': {
			return patternGroupOf(record.error_message);
		}

		case 'validator': {
			const value = record.validator_used;
			return {key: JSON.stringify(value), label: value ?? untrusted(NO_VALIDATOR_LABEL)};
		}

		case 'cached': {
			return {key: JSON.stringify(record.is_cached), label: untrusted(record.is_cached ? 'cached' : 'not cached')};
		}
	}
}

/**
 * The pattern group of an error message. The label is built from the API's text, so it stays Untrusted
 * (sanitised where it is shown, as the message is).
 */
function patternGroupOf(message: Untrusted | null): {key: string; label: Untrusted} {
	if (message === null) {
		return {key: 'null', label: untrusted(NO_MESSAGE_LABEL)};
	}

	const pattern = patternOf(rawText(message));
	return {key: JSON.stringify(pattern.key), label: untrusted(pattern.label)};
}

/**
 * The variants of a pattern group: the message groups whose messages have its pattern, largest first.
 * Computed from the message grouping, so a variant is exactly the group Enter shows under `message`.
 */
export function variantsOf(breakdown: Breakdown, pattern: Group): Group[] {
	return breakdown.groups.message.filter(group => {
		// A message group's label is its message, except the group of records without one.
		const message = group.key === 'null' ? null : group.label;
		return patternGroupOf(message).key === pattern.key;
	});
}

function byCountThenLabel(a: Group, b: Group): number {
	if (a.count !== b.count) {
		return b.count - a.count;
	}

	// Code-unit order, not locale order: the same data gives the same order on every machine.
	const left = rawText(a.label);
	const right = rawText(b.label);
	return left < right ? -1 : left > right ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Counts records into the three groupings as they arrive; keeps at most `maxRecordsKept` records. */
export class BreakdownBuilder {
	private readonly maps: Record<Grouping, Map<string, Group>> = {
		message: new Map(),
		pattern: new Map(),
		validator: new Map(),
		cached: new Map(),
	};

	private counted = 0;
	private kept = 0;

	constructor(private readonly maxRecordsKept: number = DEFAULT_MAX_RECORDS_KEPT) {}

	add(records: readonly JobRecord[]): void {
		for (const record of records) {
			// One record is kept in every grouping or in none, so a group's records and the
			// other groupings' records stay the same set.
			const keep = this.kept < this.maxRecordsKept;
			if (keep) {
				this.kept++;
			}

			for (const grouping of GROUPINGS) {
				const {key, label} = groupOf(record, grouping);
				const map = this.maps[grouping];
				let group = map.get(key);
				if (!group) {
					group = {key, label, count: 0, records: []};
					map.set(key, group);
				}

				group.count++;
				if (keep) {
					group.records.push(record);
				}
			}
		}

		this.counted += records.length;
	}

	get total(): number {
		return this.counted;
	}

	result(): Breakdown {
		const sorted = (grouping: Grouping) =>
			[...this.maps[grouping].values()].map(group => ({...group, records: [...group.records]})).sort(byCountThenLabel);
		return {
			total: this.counted,
			truncated: this.kept < this.counted,
			groups: {
				message: sorted('message'),
				pattern: sorted('pattern'),
				validator: sorted('validator'),
				cached: sorted('cached'),
			},
		};
	}
}

/** Groups records already in hand (pure). */
export function groupRecords(records: readonly JobRecord[], options: {maxRecordsKept?: number} = {}): Breakdown {
	const builder = new BreakdownBuilder(options.maxRecordsKept);
	builder.add(records);
	return builder.result();
}

export interface LoadBreakdownOptions {
	client: ApiClient;
	jobId: number;
	signal?: AbortSignal;
	concurrency?: number;
	pageSize?: number;
	maxRecordsKept?: number;
	onProgress?: (progress: BreakdownProgress) => void;
}

function cancelled(): ApiError {
	return new ApiError('aborted', 'The error breakdown was cancelled.');
}

/** Fetches every Error record of a job and groups them. Rejects with an ApiError. */
export async function loadBreakdown(options: LoadBreakdownOptions): Promise<Breakdown> {
	const {client, jobId, signal, onProgress} = options;
	const maxRecordsKept = options.maxRecordsKept ?? DEFAULT_MAX_RECORDS_KEPT;
	if (!Number.isInteger(maxRecordsKept) || maxRecordsKept < 0) {
		throw new RangeError(`maxRecordsKept must be a non-negative integer, got ${maxRecordsKept}`);
	}

	const {pageSize, concurrency} = options;
	const builder = new BreakdownBuilder(maxRecordsKept);
	let total = 0;
	const report = (waitMs?: number) => {
		const progress = {done: builder.total, total: Math.max(total, builder.total)};
		onProgress?.(waitMs === undefined ? progress : {...progress, waitMs});
	};

	const pages = pagesOf({
		client,
		jobId,
		status: BREAKDOWN_STATUS,
		pageSize,
		concurrency,
		signal,
		onWait: wait => {
			report(wait?.waitMs);
		},
	});
	try {
		// A job that shrinks while it is read keeps what exists; one still processing is followed to its new end.
		for await (const page of pages) {
			builder.add(page.results);
			total = page.count;
			report();
		}

		return builder.result();
	} catch (error) {
		if (signal?.aborted) {
			throw cancelled();
		}

		// Only page 1 can answer this here (on later pages pagesOf takes it as the job shrinking): no Error records.
		if (isApiError(error) && error.kind === 'invalid-page') {
			return builder.result();
		}

		throw describeError(error, {resource: 'records', jobId});
	}
}

// ---------------------------------------------------------------------------------------------------
// The screen's state

export interface BreakdownError {
	readonly kind: ApiErrorKind;
	readonly message: string;
	readonly retryable: boolean;
}

/**
 * A fetch behind groups already on screen (a cached breakdown of a job still running, or `r`): the groups
 * stay, and its failure is a message beside them, never in their place.
 */
export type BreakdownRefresh =
	| {readonly kind: 'running'; readonly progress: BreakdownProgress | null}
	| {readonly kind: 'failed'; readonly error: BreakdownError};

export type BreakdownLoad =
	| {readonly kind: 'loading'; readonly progress: BreakdownProgress | null}
	| {readonly kind: 'error'; readonly error: BreakdownError}
	| {readonly kind: 'ready'; readonly breakdown: Breakdown; readonly refresh?: BreakdownRefresh};

/** A pattern opened with Enter: its variants are listed, under a first row for the whole pattern. */
export interface PatternDrill {
	/** The pattern group (as the pattern grouping holds it). */
	readonly pattern: Group;
	/** Where the pattern list was, restored on the way back. */
	readonly back: {readonly selection: number; readonly scrollTop: number};
}

export interface BreakdownViewState {
	/** Id of the latest load: answers carrying another id are stale and dropped. */
	readonly latestId: number;
	readonly load: BreakdownLoad;
	readonly grouping: Grouping;
	/** The pattern whose variants are listed, or null for the grouping's own groups. */
	readonly drill: PatternDrill | null;
	/** Index of the selected row within the rows shown (visibleGroups). */
	readonly selection: number;
	/** First visible group row. */
	readonly scrollTop: number;
	readonly helpVisible: boolean;
	/** Page of the help shown (wraps around; the view knows how many there are). */
	readonly helpPage: number;
	/** A passing remark (a paste that was ignored), until the next key. */
	readonly notice: string | null;
}

export type BreakdownViewAction =
	| {type: 'started'; id: number}
	/** A load that keeps the groups on screen while it runs (a plain 'started' when there are none). */
	| {type: 'refreshing'; id: number}
	| {type: 'progress'; id: number; progress: BreakdownProgress}
	| {type: 'loaded'; id: number; breakdown: Breakdown}
	| {type: 'failed'; id: number; error: BreakdownError}
	| {type: 'move'; delta: number; viewportRows: number}
	| {type: 'cycleGrouping'}
	| {type: 'drill'; pattern: Group}
	| {type: 'undrill'}
	| {type: 'help'; visible: boolean}
	| {type: 'helpPage'; delta: number}
	| {type: 'notice'; text: string | null};

export const initialBreakdownViewState: BreakdownViewState = {
	latestId: 0,
	load: {kind: 'loading', progress: null},
	grouping: 'message',
	drill: null,
	selection: 0,
	scrollTop: 0,
	helpVisible: false,
	helpPage: 0,
	notice: null,
};

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

/**
 * The rows the screen shows right now (none while loading or after an error): the grouping's groups, or
 * an opened pattern's own group (row 0: all its records) followed by its variants.
 */
export function visibleGroups(state: BreakdownViewState): readonly Group[] {
	if (state.load.kind !== 'ready') {
		return [];
	}

	const {breakdown} = state.load;
	return state.drill
		? [state.drill.pattern, ...variantsOf(breakdown, state.drill.pattern)]
		: breakdown.groups[state.grouping];
}

/** The grouping the selected row belongs to: an opened pattern's first row is the pattern, the others messages. */
export function selectedGrouping(state: BreakdownViewState): Grouping {
	return state.drill ? (state.selection === 0 ? 'pattern' : 'message') : state.grouping;
}

export function breakdownViewReducer(state: BreakdownViewState, action: BreakdownViewAction): BreakdownViewState {
	switch (action.type) {
		case 'started': {
			return {...state, latestId: action.id, load: {kind: 'loading', progress: null}};
		}

		case 'refreshing': {
			return state.load.kind === 'ready'
				? {...state, latestId: action.id, load: {...state.load, refresh: {kind: 'running', progress: null}}}
				: breakdownViewReducer(state, {type: 'started', id: action.id});
		}

		case 'progress': {
			if (action.id !== state.latestId) {
				return state;
			}

			return state.load.kind === 'ready'
				? {...state, load: {...state.load, refresh: {kind: 'running', progress: action.progress}}}
				: {...state, load: {kind: 'loading', progress: action.progress}};
		}

		case 'loaded': {
			if (action.id !== state.latestId) {
				return state;
			}

			// A reload keeps the place in the list as far as the new groups allow, an opened pattern included
			// (looked up again by its key: its records and counts are the new ones).
			const pattern = state.drill
				? action.breakdown.groups.pattern.find(group => group.key === state.drill?.pattern.key)
				: undefined;
			const drill = state.drill && pattern ? {...state.drill, pattern} : null;
			const loaded: BreakdownViewState = {...state, load: {kind: 'ready', breakdown: action.breakdown}, drill};
			// A pattern that is gone leaves its variants for the pattern list, where it was.
			const place = state.drill && !drill ? state.drill.back : state;
			const count = visibleGroups(loaded).length;
			const selection = clamp(place.selection, 0, Math.max(0, count - 1));
			return {...loaded, selection, scrollTop: Math.min(place.scrollTop, selection)};
		}

		case 'failed': {
			if (action.id !== state.latestId) {
				return state;
			}

			// The last good groups stay on screen; the failure is said beside them.
			return state.load.kind === 'ready'
				? {...state, load: {...state.load, refresh: {kind: 'failed', error: action.error}}}
				: {...state, load: {kind: 'error', error: action.error}};
		}

		case 'move': {
			const count = visibleGroups(state).length;
			if (count === 0) {
				return state;
			}

			const selection = clamp(state.selection + action.delta, 0, count - 1);
			return {...state, selection, scrollTop: scrollFor(selection, state.scrollTop, action.viewportRows, count)};
		}

		case 'cycleGrouping': {
			return {...state, grouping: nextGrouping(state.grouping), drill: null, selection: 0, scrollTop: 0};
		}

		case 'drill': {
			return {
				...state,
				drill: {pattern: action.pattern, back: {selection: state.selection, scrollTop: state.scrollTop}},
				selection: 0,
				scrollTop: 0,
			};
		}

		case 'undrill': {
			return state.drill ? {...state, drill: null, ...state.drill.back} : state;
		}

		case 'help': {
			return {...state, helpVisible: action.visible, helpPage: 0};
		}

		case 'helpPage': {
			return {...state, helpPage: state.helpPage + action.delta};
		}

		case 'notice': {
			return state.notice === action.text ? state : {...state, notice: action.text};
		}
	}
}
