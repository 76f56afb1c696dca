// State of the job list: a pure reducer with a typed action union. Effects live in jobsController.ts.
import {JOB_FILTERS, type Job, type JobFilter, type JobsPage} from '../api/types.js';
import {rawText} from '../text/untrusted.js';
import {editField, type FieldEdit} from './field.js';
import type {ViewError} from './records.js';

/** Where the job list is: a status filter, a page and a row. */
export interface JobsPlace {
	readonly filter: JobFilter;
	readonly page: number;
	readonly selection: number;
}

export interface JobsState {
	/** What the user asked for last; `data` may still be the page shown before while it loads. */
	readonly place: JobsPlace;
	/** Jobs per page: fixed for the list's life, so page numbers keep their meaning. */
	readonly pageSize: number;
	/** Id of the latest request: answers carrying another id are stale and dropped. */
	readonly latestId: number;
	/** The last page that arrived: stays on screen while the next one loads or after an error. */
	readonly data: JobsPage | null;
	readonly loading: boolean;
	readonly error: ViewError | null;
	readonly help: boolean;
	/** Page of the help shown (wraps around; the view knows how many there are). */
	readonly helpPage: number;
	/** The find (`/`): while it is open, the list shows the jobs that match what is typed. */
	readonly find: JobsFind | null;
}

/** `/` on the job list: every job of the user, read a page of List Jobs after another, matched as typed. */
export interface JobsFind {
	readonly query: string;
	/** The row selected among the matches. */
	readonly selection: number;
	/** The user's jobs read so far (every status), in List Jobs order. */
	readonly jobs: readonly Job[];
	readonly pagesRead: number;
	/** Pages of List Jobs to read; undefined until the first has come. */
	readonly totalPages: number | undefined;
	/** Still reading (false once every page is in, or after an error). */
	readonly reading: boolean;
	readonly error: ViewError | null;
	/** Enter came before the match could be told: the job opens when it can. */
	readonly opening: boolean;
	/** Why Enter opened nothing. */
	readonly notice: string | null;
}

export type JobsAction =
	/** `data`: a page seen before, shown at once while it is asked for again. */
	| {type: 'requested'; id: number; place: JobsPlace; data?: JobsPage | undefined}
	/**
	 * The page asked for last has come. `page` when the answer decided it (a job's page, found); the
	 * selection stays where the keys left it unless `selection` says where the job is.
	 */
	| {type: 'loaded'; id: number; data: JobsPage; page?: number | undefined; selection?: number | undefined}
	| {type: 'failed'; id: number; error: ViewError}
	| {type: 'move'; delta: number}
	| {type: 'help'; visible: boolean}
	| {type: 'helpPage'; delta: number}
	/** `/`: a new find, showing the jobs read before (if any) at once. */
	| {type: 'findOpened'; jobs: readonly Job[]}
	| {type: 'findEdited'; edit: FieldEdit}
	/** The jobs are being read (again, after an error). */
	| {type: 'findReading'}
	| {type: 'findRead'; jobs: readonly Job[]; pagesRead: number; totalPages: number; reading: boolean}
	| {type: 'findFailed'; error: ViewError}
	| {type: 'findMove'; delta: number}
	| {type: 'findOpening'; opening: boolean; notice?: string | undefined}
	| {type: 'findClosed'};

export function initialJobsState(options: {pageSize: number; place?: JobsPlace; data?: JobsPage}): JobsState {
	return {
		place: options.place ?? {filter: 'All', page: 1, selection: 0},
		pageSize: options.pageSize,
		latestId: 0,
		data: options.data ?? null,
		loading: false,
		error: null,
		help: false,
		helpPage: 0,
		find: null,
	};
}

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

/** The next job status filter (f). */
export function nextJobFilter(filter: JobFilter): JobFilter {
	return JOB_FILTERS[(JOB_FILTERS.indexOf(filter) + 1) % JOB_FILTERS.length] ?? 'All';
}

export function jobsReducer(state: JobsState, action: JobsAction): JobsState {
	switch (action.type) {
		case 'requested': {
			return {...state, place: action.place, latestId: action.id, loading: true, data: action.data ?? state.data};
		}

		case 'loaded': {
			if (action.id < state.latestId) {
				return state;
			}

			const place = {
				...state.place,
				page: action.page ?? state.place.page,
				selection: action.selection ?? state.place.selection,
			};
			return {...state, place, latestId: action.id, data: action.data, loading: false, error: null};
		}

		case 'failed': {
			return action.id < state.latestId ? state : {...state, loading: false, error: action.error};
		}

		case 'move': {
			const count = state.data?.results.length ?? 0;
			const selection = clamp(state.place.selection + action.delta, 0, Math.max(0, count - 1));
			return selection === state.place.selection ? state : {...state, place: {...state.place, selection}};
		}

		case 'help': {
			return state.help === action.visible ? state : {...state, help: action.visible, helpPage: 0};
		}

		case 'helpPage': {
			return {...state, helpPage: state.helpPage + action.delta};
		}

		case 'findOpened': {
			const find: JobsFind = {
				query: '',
				selection: 0,
				jobs: action.jobs,
				pagesRead: 0,
				totalPages: undefined,
				reading: true,
				error: null,
				opening: false,
				notice: null,
			};
			return {...state, find};
		}

		case 'findClosed': {
			return state.find === null ? state : {...state, find: null};
		}

		default: {
			return state.find === null ? state : {...state, find: findReducer(state.find, action)};
		}
	}
}

function findReducer(find: JobsFind, action: JobsAction): JobsFind {
	switch (action.type) {
		case 'findEdited': {
			const query = editField(find.query, action.edit, FIND_QUERY_MAX);
			// A new query shows its own best match first.
			return query === find.query ? find : {...find, query, selection: 0, notice: null};
		}

		case 'findReading': {
			return find.reading && find.error === null ? find : {...find, reading: true, error: null};
		}

		case 'findRead': {
			const {jobs, pagesRead, totalPages, reading} = action;
			return {...find, jobs, pagesRead, totalPages, reading, error: null};
		}

		case 'findFailed': {
			return {...find, reading: false, opening: false, error: action.error};
		}

		case 'findMove': {
			const count = jobMatches(find.jobs, find.query).length;
			const selection = clamp(find.selection + action.delta, 0, Math.max(0, count - 1));
			return selection === find.selection ? find : {...find, selection};
		}

		case 'findOpening': {
			return {...find, opening: action.opening, notice: action.notice ?? null};
		}

		default: {
			return find;
		}
	}
}

/** Longer than any id or list name anyone types; a stray paste stops here. */
export const FIND_QUERY_MAX = 200;

/**
 * The jobs that match a find, best first: the job whose id is the query, then jobs whose id starts
 * with it, then jobs whose list name contains it (case-insensitively; names that start with it first),
 * each group in List Jobs order. An empty query matches every job.
 */
export function jobMatches(jobs: readonly Job[], query: string): Job[] {
	const wanted = query.trim().toLowerCase();
	if (wanted === '') {
		return [...jobs];
	}

	const ranks: Array<[Job, number]> = [];
	for (const job of jobs) {
		const id = String(job.id);
		const name = rawText(job.list_name).toLowerCase();
		const rank =
			id === wanted
				? 0
				: id.startsWith(wanted)
					? 1
					: name.startsWith(wanted)
						? 2
						: name.includes(wanted)
							? 3
							: undefined;
		if (rank !== undefined) {
			ranks.push([job, rank]);
		}
	}

	// Array.prototype.sort is stable: within a rank, List Jobs order stays.
	return ranks.sort((a, b) => a[1] - b[1]).map(([job]) => job);
}

/**
 * Whether Enter can open the top match now: when it is the job with the query as its id, or (for a
 * query that is no id) any match, or when every job has been read. Otherwise a page not read yet may
 * hold a better match (the job with that very id), so Enter waits for it.
 */
export function topMatchIsFinal(find: JobsFind): boolean {
	if (!find.reading) {
		return true;
	}

	const top = jobMatches(find.jobs, find.query)[0];
	if (top === undefined) {
		return false;
	}

	const wanted = find.query.trim();
	return String(top.id) === wanted || !/^\d+$/.test(wanted);
}

/** The row the list shows selected: the place's, within the jobs on screen. */
export function selectedIndex(state: JobsState): number {
	return Math.min(state.place.selection, Math.max(0, (state.data?.results.length ?? 0) - 1));
}
