// The job list without React: paging, the status filter, reload, and finding the page of a job opened
// by id, through List Jobs. It owns the list's store (jobs.ts's reducer).
import type {Key} from 'ink';
import {describeError, type ApiError} from '../api/errors.js';
import {JOBS_PAGE_SIZE, type ApiClient, type JobsPage} from '../api/types.js';
import {isPaste, splitKeys} from '../keys/input.js';
import {commandFor, type CommandTable} from '../keys/keymap.js';
import {
	initialJobsState,
	jobsReducer,
	nextJobFilter,
	selectedIndex,
	type JobsAction,
	type JobsPlace,
	type JobsState,
} from './jobs.js';
import {createStore, type Store} from './store.js';

export type JobsMode = 'picker' | 'help';

export interface JobsNavigation {
	/** Enter: the job's records. */
	open(jobId: number): void;
	quit(): void;
	authError(error: ApiError): void;
}

export interface JobsOptions {
	/** Jobs per page (1–100). */
	readonly pageSize: number;
	/** A job to select: the list opens on the page that holds it. */
	readonly select?: number;
}

export interface JobsDependencies {
	readonly client: ApiClient;
	readonly navigation: JobsNavigation;
}

const COMMANDS: CommandTable<JobsMode, JobsController> = {
	up: list => list.move(-1),
	down: list => list.move(1),
	prevPage: list => list.goTo(list.state.place.page - 1),
	nextPage: list => list.goTo(list.state.place.page + 1),
	firstPage: list => list.goTo(1),
	lastPage: list => list.goTo(Number.MAX_SAFE_INTEGER),
	cycleJobFilter: list => list.cycleFilter(),
	openJob: list => list.openSelected(),
	reload: list => list.reload(),
	help: list => list.showHelp(true),
	closeHelp: list => list.showHelp(false),
	quit: list => list.quit(),
};

/** Page size used to look for a job's place: the API's largest, so few requests cover many jobs. */
const SCAN_PAGE_SIZE = JOBS_PAGE_SIZE.max;

export class JobsController {
	readonly store: Store<JobsState, JobsAction>;
	readonly #deps: JobsDependencies;
	readonly #cache = new Map<string, JobsPage>();
	#client: ApiClient;
	#sequence = 0;
	#abort: AbortController | undefined;
	/** The job still to be found (until its page has been shown once). */
	#select: number | undefined;
	#started = false;

	constructor(options: JobsOptions, deps: JobsDependencies) {
		this.#deps = deps;
		this.#client = deps.client;
		this.#select = options.select;
		const pageSize = Math.max(JOBS_PAGE_SIZE.min, Math.min(JOBS_PAGE_SIZE.max, Math.floor(options.pageSize)));
		this.store = createStore(jobsReducer, initialJobsState({pageSize}));
	}

	get state(): JobsState {
		return this.store.getState();
	}

	start(): void {
		if (this.#started) {
			this.resume();
			return;
		}

		this.#started = true;
		this.#show(this.state.place);
	}

	pause(): void {}

	/** Back on top: the page is asked for again (job statuses move), keeping the selected job. */
	resume(): void {
		if (this.#select === undefined && !this.state.loading) {
			this.#show(this.state.place);
		}
	}

	dispose(): void {
		this.#sequence++;
		this.#abort?.abort();
	}

	setClient(client: ApiClient): void {
		this.#abort?.abort();
		this.#client = client;
	}

	retry(): void {
		if (this.state.error) {
			this.#show(this.state.place);
		}
	}

	readonly key = (input: string, key: Key): void => {
		if (isPaste(input)) {
			return;
		}

		for (const [character, press] of splitKeys(input, key)) {
			const command = commandFor(this.state.help ? 'help' : 'picker', character, press);
			if (command) {
				COMMANDS[command](this);
			}
		}
	};

	move(delta: number): void {
		this.store.dispatch({type: 'move', delta});
	}

	goTo(page: number): void {
		const {place, data} = this.state;
		const target = Math.max(1, Math.min(data?.total_pages ?? 1, page));
		if (target !== place.page) {
			this.#show({...place, page: target});
		}
	}

	cycleFilter(): void {
		this.#show({filter: nextJobFilter(this.state.place.filter), page: 1, selection: 0});
	}

	openSelected(): void {
		const job = this.state.data?.results[selectedIndex(this.state)];
		if (job) {
			this.#deps.navigation.open(job.id);
		}
	}

	reload(): void {
		this.#show(this.state.place);
	}

	showHelp(visible: boolean): void {
		this.store.dispatch({type: 'help', visible});
	}

	quit(): void {
		this.#deps.navigation.quit();
	}

	#key(place: Pick<JobsPlace, 'filter' | 'page'>): string {
		return `${place.filter}|${place.page}`;
	}

	async #fetch(place: Pick<JobsPlace, 'filter' | 'page'>, pageSize: number, signal: AbortSignal): Promise<JobsPage> {
		const data = await this.#client.listJobs({status: place.filter, page: place.page, page_size: pageSize}, {signal});
		if (pageSize === this.state.pageSize) {
			this.#cache.set(this.#key(place), data);
		}

		return data;
	}

	/** Shows a place: a page seen before at once, and always asked for again. */
	#show(place: JobsPlace): void {
		const id = ++this.#sequence;
		this.#abort?.abort();
		const abort = new AbortController();
		this.#abort = abort;
		this.store.dispatch({type: 'requested', id, place, data: this.#cache.get(this.#key(place))});
		const select = this.#select;
		const found = select === undefined ? this.#refresh(place, abort.signal) : this.#locate(select, place, abort.signal);
		found.then(
			({place, data}) => {
				if (id === this.#sequence) {
					this.#select = undefined;
					this.store.dispatch({type: 'loaded', id, place, data});
				}
			},
			(error_: unknown) => {
				if (id !== this.#sequence) {
					return;
				}

				const error = describeError(error_);
				if (error.kind === 'aborted') {
					return;
				}

				if (error.kind === 'invalid-page' && place.page > 1) {
					// Fewer jobs than when the page was chosen: back to the first page.
					this.#show({...place, page: 1, selection: 0});
					return;
				}

				this.store.dispatch({type: 'failed', id, error: {kind: error.kind, message: error.message}});
				if (error.kind === 'auth') {
					this.#deps.navigation.authError(error);
				}
			},
		);
	}

	/** The page of a place, keeping the selection on the same job if it moved within the page. */
	async #refresh(place: JobsPlace, signal: AbortSignal): Promise<{place: JobsPlace; data: JobsPage}> {
		const selected = this.state.data?.results[selectedIndex(this.state)]?.id;
		const data = await this.#fetch(place, this.state.pageSize, signal);
		const index = data.results.findIndex(job => job.id === selected);
		return {place: {...place, selection: index >= 0 ? index : place.selection}, data};
	}

	/**
	 * The page that holds job `jobId` at this list's page size, with the job selected: page 1 when it is
	 * there; otherwise List Jobs is read a hundred at a time for the job's position. A job not found
	 * (deleted meanwhile) leaves the list on page 1.
	 */
	async #locate(jobId: number, place: JobsPlace, signal: AbortSignal): Promise<{place: JobsPlace; data: JobsPage}> {
		const {pageSize} = this.state;
		const first = await this.#fetch({...place, page: 1}, pageSize, signal);
		const onFirst = first.results.findIndex(job => job.id === jobId);
		if (onFirst >= 0 || first.total_pages <= 1) {
			return {place: {...place, page: 1, selection: Math.max(0, onFirst)}, data: first};
		}

		const position = await this.#position(jobId, place, signal);
		if (position === undefined) {
			return {place: {...place, page: 1, selection: 0}, data: first};
		}

		const page = Math.floor(position / pageSize) + 1;
		const data = await this.#fetch({...place, page}, pageSize, signal);
		const index = data.results.findIndex(job => job.id === jobId);
		return {place: {...place, page, selection: index >= 0 ? index : position % pageSize}, data};
	}

	/** The job's index in the whole list of the place's filter, if it is there. */
	async #position(jobId: number, place: JobsPlace, signal: AbortSignal): Promise<number | undefined> {
		for (let page = 1; ; page++) {
			// One page after another: the next is needed only when the job was not on this one.
			// eslint-disable-next-line no-await-in-loop
			const data = await this.#fetch({...place, page}, SCAN_PAGE_SIZE, signal);
			const index = data.results.findIndex(job => job.id === jobId);
			if (index >= 0) {
				return (page - 1) * SCAN_PAGE_SIZE + index;
			}

			if (page >= data.total_pages) {
				return undefined;
			}
		}
	}
}
