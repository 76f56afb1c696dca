// State of the records screen: a pure reducer with a typed action union. Effects (fetching,
// aborting, prefetching, following) live in recordsController.ts; views only read this state.
import type {ApiErrorKind} from '../api/errors.js';
import {RECORD_FILTERS, type Job, type JobRecord, type RecordFilter, type RecordsPage} from '../api/types.js';
import {rawText, sameText} from '../text/untrusted.js';
import {fractionOf} from '../format.js';
import {editField, type FieldEdit} from './field.js';

/** The modes the records screen reads keys in. */
export type RecordsMode = 'browse' | 'filter' | 'find' | 'help';

export interface ViewError {
	readonly kind: ApiErrorKind;
	readonly message: string;
	/** Whether `r` can help (ApiError.retryable): the screens offer it only then. */
	readonly retryable: boolean;
}

export interface Shown {
	readonly filter: RecordFilter;
	readonly page: number;
	readonly data: RecordsPage;
}

export interface RecordsState {
	readonly jobId: number;
	readonly pageSize: number;
	/** What the user asked for last; may differ from `shown` while it loads. */
	readonly requested: {readonly filter: RecordFilter; readonly page: number};
	/** Id of the latest request: answers carrying another id are stale and dropped. */
	readonly latestId: number;
	/** The last good page: stays on screen while the next one loads or after an error. */
	readonly shown: Shown | null;
	readonly loading: boolean;
	readonly error: ViewError | null;
	/** A passing remark that is not an error (e.g. "moved to the last page"). */
	readonly notice: string | null;
	readonly job: Job | null;
	/** Index of the selected record within the shown page. */
	readonly selection: number;
	/** First visible row of the page (the table window scrolls with the selection). */
	readonly scrollTop: number;
	readonly mode: RecordsMode;
	/** Page of the help shown (wraps around; the view knows how many there are). */
	readonly helpPage: number;
	/** Index in RECORD_FILTERS highlighted in the open filter list. */
	readonly filterHighlight: number;
	readonly detailVisible: boolean;
	readonly detailScroll: number;
	/** Records per status for the filter list, when fetched (cached per job, refreshed by reload). */
	readonly counts: Partial<Record<RecordFilter, number>>;
	/** The find query over email and ec_id of the filter's records; '' when none. */
	readonly find: string;
	/** How far the find has searched the filter (null: no find). */
	readonly findProgress: FindProgress | null;
	/** Digits of the largest record id shown per filter: the id column only grows within a filter, so columns keep their widths while paging. */
	readonly idDigits: Partial<Record<RecordFilter, number>>;
}

/** How far a find has searched the whole filter, in records (whatever the page size on screen). */
export interface FindProgress {
	/** Matches in the records searched so far. */
	readonly matches: number;
	/** Matches before the page on screen (so the view can say which match is selected). */
	readonly before: number;
	/** Records searched so far (read by the find, or on screen). */
	readonly searched: number;
	/** Records in the filter. */
	readonly records: number;
	readonly running: boolean;
	/** Why the search stopped before the end, if it did. */
	readonly problem: string | undefined;
	/** While the API throttles (429): how long the find waits before it asks again, in ms. */
	readonly waitMs: number | undefined;
}

export type RecordsAction =
	| {type: 'requested'; id: number; filter: RecordFilter; page: number}
	| {
			type: 'loaded';
			id: number;
			filter: RecordFilter;
			page: number;
			data: RecordsPage;
			notice?: string | undefined;
			/** The job summary, when it came with the page (start-up): both in one frame. */
			job?: Job | undefined;
			/** The row to select (paging by moving, a match found): shown within a window of `viewportRows`. */
			select?: {readonly row: number | 'last'; readonly viewportRows: number} | undefined;
	  }
	| {type: 'failed'; id: number; error: ViewError}
	| {type: 'jobLoaded'; job: Job}
	| {type: 'move'; delta: number; viewportRows: number}
	| {type: 'mode'; mode: RecordsMode}
	| {type: 'highlightFilter'; delta: number}
	| {type: 'helpPage'; delta: number}
	| {type: 'toggleDetail'}
	| {type: 'scrollDetail'; delta: number; maxScroll: number}
	| {type: 'notice'; text: string | null}
	| {type: 'counts'; counts: Partial<Record<RecordFilter, number>>}
	| {type: 'find'; query: string}
	/** Typing in the find bar. */
	| {type: 'editFind'; edit: FieldEdit}
	| {type: 'findProgress'; progress: FindProgress | null}
	| {type: 'select'; index: number; viewportRows: number};

export function initialRecordsState(options: {
	jobId: number;
	pageSize: number;
	filter: RecordFilter;
	page: number;
	selection?: number;
}): RecordsState {
	return {
		jobId: options.jobId,
		pageSize: options.pageSize,
		requested: {filter: options.filter, page: options.page},
		latestId: 0,
		shown: null,
		loading: false,
		error: null,
		notice: null,
		job: null,
		selection: options.selection ?? 0,
		scrollTop: 0,
		mode: 'browse',
		helpPage: 0,
		filterHighlight: 0,
		detailVisible: true,
		detailScroll: 0,
		counts: {},
		find: '',
		findProgress: null,
		idDigits: {},
	};
}

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

/** Longer than any email (254) is a stray paste: it is cut, so the find bar stays one line. */
const MAX_FIND_LENGTH = 254;

/**
 * Keeps `selection` inside the window of `viewportRows` rows starting at `scrollTop`. When the
 * selection leaves the window, the window jumps by half its height rather than one row: a scroll
 * rewrites every row on screen, so over SSH fewer, larger steps cost far fewer bytes.
 */
export function scrollFor(selection: number, scrollTop: number, viewportRows: number, rowCount: number): number {
	const rows = Math.max(1, viewportRows);
	const step = Math.max(1, Math.floor(rows / 2));
	let top = scrollTop;
	if (selection < top) {
		top = Math.min(selection, top - step);
	} else if (selection >= top + rows) {
		top = Math.max(selection - rows + 1, top + step);
	}

	return clamp(top, 0, Math.max(0, rowCount - rows));
}

export function recordsReducer(state: RecordsState, action: RecordsAction): RecordsState {
	switch (action.type) {
		case 'requested': {
			return {
				...state,
				requested: {filter: action.filter, page: action.page},
				latestId: action.id,
				loading: true,
				notice: null,
			};
		}

		case 'loaded': {
			// Ids only grow: an older id is a stale answer; a newer one is a cached page shown at once.
			if (action.id < state.latestId) {
				return state;
			}

			const rowCount = action.data.results.length;
			const sameView = state.shown?.filter === action.filter && state.shown.page === action.page;
			const sameFilter = state.shown?.filter === action.filter;
			// Reloading the same page keeps the selection; paging keeps the row index; a new filter starts at the top.
			const keepRow = sameFilter || state.shown === null;
			const lastRow = Math.max(0, rowCount - 1);
			const {select} = action;
			const selection = select
				? clamp(select.row === 'last' ? lastRow : select.row, 0, lastRow)
				: keepRow
					? clamp(state.selection, 0, lastRow)
					: 0;
			const scrollTop = select
				? scrollFor(selection, keepRow ? state.scrollTop : 0, select.viewportRows, rowCount)
				: keepRow
					? Math.min(state.scrollTop, selection)
					: 0;
			const maxId = action.data.results.reduce((max, record) => Math.max(max, record.id), 0);
			const digits = Math.max(state.idDigits[action.filter] ?? 0, String(maxId).length);
			return {
				...state,
				requested: {filter: action.filter, page: action.page},
				latestId: action.id,
				shown: {filter: action.filter, page: action.page, data: action.data},
				loading: false,
				error: null,
				notice: action.notice ?? null,
				job: action.job ?? state.job,
				counts: {...state.counts, [action.filter]: action.data.count},
				selection,
				scrollTop,
				detailScroll: sameView && selection === state.selection ? state.detailScroll : 0,
				idDigits:
					digits === state.idDigits[action.filter] ? state.idDigits : {...state.idDigits, [action.filter]: digits},
			};
		}

		case 'failed': {
			if (action.id < state.latestId) {
				return state;
			}

			// The request failed: what is on screen is still what the user sees, so the request reverts to it.
			return {
				...state,
				loading: false,
				error: action.error,
				requested: state.shown ? {filter: state.shown.filter, page: state.shown.page} : state.requested,
			};
		}

		case 'jobLoaded': {
			return {...state, job: action.job};
		}

		case 'move': {
			const rowCount = state.shown?.data.results.length ?? 0;
			if (rowCount === 0) {
				return state;
			}

			const selection = clamp(state.selection + action.delta, 0, rowCount - 1);
			if (selection === state.selection) {
				return state;
			}

			return {
				...state,
				selection,
				scrollTop: scrollFor(selection, state.scrollTop, action.viewportRows, rowCount),
				detailScroll: 0,
			};
		}

		case 'mode': {
			if (state.mode === action.mode) {
				return state;
			}

			const filterHighlight =
				action.mode === 'filter' ? Math.max(0, RECORD_FILTERS.indexOf(state.requested.filter)) : state.filterHighlight;
			return {...state, mode: action.mode, filterHighlight, helpPage: action.mode === 'help' ? 0 : state.helpPage};
		}

		case 'helpPage': {
			return {...state, helpPage: state.helpPage + action.delta};
		}

		case 'highlightFilter': {
			const count = RECORD_FILTERS.length;
			return {...state, filterHighlight: (((state.filterHighlight + action.delta) % count) + count) % count};
		}

		case 'toggleDetail': {
			return {...state, detailVisible: !state.detailVisible};
		}

		case 'scrollDetail': {
			const detailScroll = clamp(state.detailScroll + action.delta, 0, Math.max(0, action.maxScroll));
			return detailScroll === state.detailScroll ? state : {...state, detailScroll};
		}

		case 'notice': {
			return state.notice === action.text ? state : {...state, notice: action.text};
		}

		case 'counts': {
			return {...state, counts: {...state.counts, ...action.counts}};
		}

		case 'find': {
			const find = action.query.slice(0, MAX_FIND_LENGTH);
			return state.find === find ? state : {...state, find};
		}

		case 'editFind': {
			const find = editField(state.find, action.edit, MAX_FIND_LENGTH);
			return state.find === find ? state : {...state, find};
		}

		case 'findProgress': {
			return state.findProgress === action.progress ? state : {...state, findProgress: action.progress};
		}

		case 'select': {
			const rowCount = state.shown?.data.results.length ?? 0;
			if (rowCount === 0) {
				return state;
			}

			const selection = clamp(action.index, 0, rowCount - 1);
			return {
				...state,
				selection,
				scrollTop: scrollFor(selection, state.scrollTop, action.viewportRows, rowCount),
				detailScroll: selection === state.selection ? state.detailScroll : 0,
			};
		}
	}
}

/** Digits of the id column for the filter on screen. */
export function idDigitsOf(state: RecordsState): number {
	return state.idDigits[state.shown?.filter ?? state.requested.filter] ?? 1;
}

/** A job still Uploading or Processing: its records change while they are read. */
export function isRunning(job: Job | null | undefined): boolean {
	return job !== null && job !== undefined && (sameText(job.status, 'Uploading') || sameText(job.status, 'Processing'));
}

/** "12/1500" in results_summary → {done: 12, total: 1500}; undefined when it says something else. */
export function jobProgress(job: Job): {done: number; total: number} | undefined {
	return fractionOf(job.results_summary);
}

/** Total pages of the filter being asked for, when known (from the page on screen of the same filter). */
export function knownTotalPages(state: RecordsState): number | undefined {
	return state.shown && state.shown.filter === state.requested.filter ? state.shown.data.total_pages : undefined;
}

/** Indexes of the shown records whose email or ec_id contains the query (case-insensitive). */
export function findMatches(state: Pick<RecordsState, 'find' | 'shown'>): number[] {
	const query = state.find.toLowerCase();
	const records = state.shown?.data.results ?? [];
	if (query === '') {
		return [];
	}

	const matches: number[] = [];
	for (const [index, record] of records.entries()) {
		if (matchesFind(record, query)) {
			matches.push(index);
		}
	}

	return matches;
}

/** Whether a record's email or ec_id contains the find query (case-insensitive): what a find matches. */
export function matchesFind(record: JobRecord, query: string): boolean {
	const lower = query.toLowerCase();
	return (
		rawText(record.email).toLowerCase().includes(lower) ||
		(record.ec_id !== null && rawText(record.ec_id).toLowerCase().includes(lower))
	);
}

/** The match to jump to from the selection: the next (or previous) one, wrapping around the page. */
export function nextMatch(
	matches: readonly number[],
	from: number,
	direction: 1 | -1,
	inclusive = false,
): number | undefined {
	if (matches.length === 0) {
		return undefined;
	}

	if (direction === 1) {
		return matches.find(index => (inclusive ? index >= from : index > from)) ?? matches[0];
	}

	return [...matches].reverse().find(index => (inclusive ? index <= from : index < from)) ?? matches.at(-1);
}

/**
 * What the screen and the printed page both say when the page asked for is past the end of the list
 * (--page too large, or the job shrank while browsing): the last page is shown instead.
 */
export function pastEndNotice(page: number, last: number): string {
	return `Page ${page} is past the end; showing the last page, ${last}.`;
}
