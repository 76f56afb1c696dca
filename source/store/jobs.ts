// State of the job list: a pure reducer with a typed action union. Effects live in jobsController.ts.
import {JOB_FILTERS, type JobFilter, type JobsPage} from '../api/types.js';
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
	| {type: 'helpPage'; delta: number};

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
	}
}

/** The row the list shows selected: the place's, within the jobs on screen. */
export function selectedIndex(state: JobsState): number {
	return Math.min(state.place.selection, Math.max(0, (state.data?.results.length ?? 0) - 1));
}
