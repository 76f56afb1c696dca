// The job list without React: paging, the status filter, reload, and finding the page of a job opened
// by id, through List Jobs. It owns the list's store (jobs.ts's reducer).
import type {Key} from 'ink';
import {describeError, type ApiError} from '../api/errors.js';
import {JOBS_PAGE_SIZE, type ApiClient, type Job, type JobsPage} from '../api/types.js';
import {runKeys} from '../keys/input.js';
import type {CommandTable} from '../keys/keymap.js';
import {sanitize} from '../text/sanitize.js';
import type {FieldEdit} from './field.js';
import {
	initialJobsState,
	jobMatches,
	jobsReducer,
	nextJobFilter,
	selectedIndex,
	topMatchIsFinal,
	type JobsAction,
	type JobsPlace,
	type JobsState,
} from './jobs.js';
import type {FirstJobs, Pending} from './first.js';
import {createStore, type Store} from './store.js';

export type JobsMode = 'picker' | 'pickerFind' | 'help';

export interface JobsNavigation {
	/** Enter: the job's records. */
	open(jobId: number): void;
	/** Key presses typed after Enter while the job was being found: for the screen now on top. */
	forward?(presses: ReadonlyArray<readonly [string, Key]>): void;
	quit(): void;
	authError(error: ApiError): void;
}

export interface JobsOptions {
	/** Jobs per page (1–100). */
	readonly pageSize: number;
	/** A job to select: the list opens on the page that holds it. */
	readonly select?: number;
	/** The first page asked for at start-up: adopted when it is this list's (All, page 1, its page size). */
	readonly first?: FirstJobs | undefined;
	/** Jobs per List Jobs request of the find (default: the API's largest page). */
	readonly findPageSize?: number;
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
	helpNext: list => list.turnHelp(1),
	helpPrevious: list => list.turnHelp(-1),
	quit: list => list.quit(),
	findJob: list => list.openFind(),
	openMatch: list => list.openMatch(),
	matchUp: list => list.moveMatch(-1),
	matchDown: list => list.moveMatch(1),
	closeJobFind: list => list.closeFind(),
	deleteChar: list => list.editFind({type: 'deleteChar'}),
	deleteWord: list => list.editFind({type: 'deleteWord'}),
	clearField: list => list.editFind({type: 'clear'}),
};

/** A page that arrived, which page it is, and the job to select on it if it is there. */
interface Found {
	readonly data: JobsPage;
	readonly page: number;
	readonly job: number | undefined;
}

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
	/** Filter and page of the jobs on screen. */
	#shownKey: string | undefined;
	/** The first page asked for at start-up, until the first #show takes it. */
	#first: Pending<JobsPage> | undefined;
	#started = false;
	#disposed = false;
	/** The user's jobs as the last find read them: a new find shows them while it reads again. */
	#foundJobs: readonly Job[] = [];
	#findSequence = 0;
	#findAbort: AbortController | undefined;
	/** Keys typed while Enter waits for its job: they run on the job's screen once it is open. */
	#held: Array<readonly [string, Key]> = [];
	/** Another screen is on top (paused): keys that still reach this one are not for it. */
	#covered = false;
	readonly #findPageSize: number;

	constructor(options: JobsOptions, deps: JobsDependencies) {
		this.#deps = deps;
		this.#client = deps.client;
		this.#select = options.select;
		this.#findPageSize = options.findPageSize ?? SCAN_PAGE_SIZE;
		const pageSize = Math.max(JOBS_PAGE_SIZE.min, Math.min(JOBS_PAGE_SIZE.max, Math.floor(options.pageSize)));
		this.#first = options.select === undefined && options.first?.pageSize === pageSize ? options.first.page : undefined;
		// An answer that came before the screen existed is in its first frame.
		const data = this.#first?.value;
		if (data) {
			this.#cache.set(this.#key({filter: 'All', page: 1}), data);
		}

		this.store = createStore(jobsReducer, initialJobsState({pageSize, data}));
	}

	get state(): JobsState {
		return this.store.getState();
	}

	start(): void {
		if (this.#disposed) {
			return;
		}

		this.#covered = false;

		if (this.#started) {
			this.resume();
			return;
		}

		this.#started = true;
		this.#show(this.state.place);
	}

	pause(): void {
		this.#covered = true;
	}

	/** Back on top: the page is asked for again (job statuses move), keeping the selected job. */
	resume(): void {
		this.#covered = false;
		if (this.#select === undefined && !this.state.loading) {
			this.#show(this.state.place);
		}
	}

	dispose(): void {
		this.#disposed = true;
		this.#sequence++;
		this.#abort?.abort();
		this.#stopReading();
	}

	setClient(client: ApiClient): void {
		this.#abort?.abort();
		this.#stopReading();
		this.#client = client;
	}

	retry(): void {
		if (this.state.error) {
			this.#show(this.state.place);
		}

		if (this.state.find?.error) {
			this.#readAll();
		}
	}

	get mode(): JobsMode {
		return this.state.help ? 'help' : this.state.find ? 'pickerFind' : 'picker';
	}

	/** One read from the terminal: each key press runs the command it means in the mode of that moment. */
	readonly key = (input: string, key: Key): void => {
		if (this.#disposed) {
			return;
		}

		runKeys(input, key, {
			mode: () => this.mode,
			command: command => {
				COMMANDS[command](this);
			},
			type: text => {
				this.editFind({type: 'type', text});
			},
			hold: (character, press, command) => {
				if (this.#covered) {
					// Enter opened a job in this very read: the rest of it is for the job's screen.
					this.#deps.navigation.forward?.([[character, press]]);
					return true;
				}

				if (!this.state.find?.opening || command === 'closeJobFind') {
					return false;
				}

				this.#held.push([character, press]);
				return true;
			},
		});
	};

	// ----- find (/) ------------------------------------------------------------------------------------

	/** `/`: a new find over every job of the user, read from List Jobs while the query is typed. */
	openFind(): void {
		this.store.dispatch({type: 'findOpened', jobs: this.#foundJobs});
		this.#readAll();
	}

	editFind(edit: FieldEdit): void {
		this.store.dispatch({type: 'findEdited', edit});
	}

	moveMatch(delta: number): void {
		this.store.dispatch({type: 'findMove', delta});
	}

	/**
	 * Enter: opens the selected match. The top one waits while a page not read yet may hold a better
	 * one (the job whose id is the query); a row chosen with the arrows opens at once.
	 */
	openMatch(): void {
		const find = this.state.find;
		if (!find) {
			return;
		}

		if (find.error !== null && find.selection === 0) {
			// The read stopped on an error: Enter reads again, and opens the top match when it can.
			this.#readAll();
			this.store.dispatch({type: 'findOpening', opening: true});
			return;
		}

		if (find.selection === 0 && !topMatchIsFinal(find)) {
			this.store.dispatch({type: 'findOpening', opening: true});
			return;
		}

		this.#openSelectedMatch();
	}

	/** Esc: the list as it was before `/`. */
	closeFind(): void {
		this.#held = [];
		this.#stopReading();
		this.store.dispatch({type: 'findClosed'});
	}

	#openSelectedMatch(): void {
		const find = this.state.find;
		if (!find) {
			return;
		}

		const job = jobMatches(find.jobs, find.query)[find.selection];
		if (!job) {
			// Keys typed for a job that is not there would act on this list instead: dropped.
			this.#held = [];
			const notice = `No job's id or name has “${sanitize(find.query)}”.`;
			this.store.dispatch({type: 'findOpening', opening: false, notice});
			return;
		}

		this.store.dispatch({type: 'findOpening', opening: false});
		const held = this.#held;
		this.#held = [];
		this.#deps.navigation.open(job.id);
		if (held.length > 0) {
			this.#deps.navigation.forward?.(held);
		}
	}

	#stopReading(): void {
		this.#findSequence++;
		this.#findAbort?.abort();
		this.#findAbort = undefined;
	}

	/**
	 * Reads every page of List Jobs (all statuses, the API's largest pages), one after another. Jobs
	 * read by an earlier find stay shown until this read has passed them; a job that moved to the next
	 * page while reading (a new job pushed it) is kept once.
	 */
	#readAll(): void {
		this.#stopReading();
		const id = this.#findSequence;
		const abort = new AbortController();
		this.#findAbort = abort;
		this.store.dispatch({type: 'findReading'});
		const before = this.#foundJobs;
		const read: Job[] = [];
		const seen = new Set<number>();
		const current = () => id === this.#findSequence && !this.#disposed;
		const step = async (page: number): Promise<void> => {
			const data = await this.#client.listJobs(
				{status: 'All', page, page_size: this.#findPageSize},
				{signal: abort.signal},
			);
			if (!current()) {
				return;
			}

			for (const job of data.results) {
				if (!seen.has(job.id)) {
					seen.add(job.id);
					read.push(job);
				}
			}

			const reading = page < data.total_pages;
			const jobs = reading ? [...read, ...before.filter(job => !seen.has(job.id))] : [...read];
			if (!reading) {
				this.#foundJobs = jobs;
			}

			this.store.dispatch({type: 'findRead', jobs, pagesRead: page, totalPages: data.total_pages, reading});
			if (this.state.find?.opening && topMatchIsFinal(this.state.find)) {
				this.#openSelectedMatch();
			}

			if (reading) {
				await step(page + 1);
			}
		};

		step(1).catch((error_: unknown) => {
			if (!current()) {
				return;
			}

			const error = describeError(error_);
			if (error.kind === 'aborted') {
				return;
			}

			this.#held = [];
			this.store.dispatch({
				type: 'findFailed',
				error: {kind: error.kind, message: error.message, retryable: error.retryable},
			});
			if (error.kind === 'auth') {
				this.#deps.navigation.authError(error);
			}
		});
	}

	/** ↑/↓: past the last row of a page to the next page's first, past the first to the previous page's last. */
	move(delta: number): void {
		const {place, data, loading, pageSize} = this.state;
		const target = place.selection + delta;
		if (data && !loading && target >= data.results.length && place.page < data.total_pages) {
			this.#show({...place, page: place.page + 1, selection: 0});
			return;
		}

		if (data && !loading && target < 0 && place.page > 1) {
			this.#show({...place, page: place.page - 1, selection: pageSize - 1});
			return;
		}

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

	turnHelp(delta: number): void {
		this.store.dispatch({type: 'helpPage', delta});
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
		const key = this.#key(place);
		// The job under the selection, when the page is the one on screen (a reload, or back from a job).
		const keep = key === this.#shownKey ? this.state.data?.results[selectedIndex(this.state)]?.id : undefined;
		this.store.dispatch({type: 'requested', id, place, data: this.#cache.get(key)});
		const select = this.#select;
		const first = this.#first;
		this.#first = undefined;
		const page =
			first && place.filter === 'All' && place.page === 1
				? first.promise.then(data => {
						this.#cache.set(key, data);
						return data;
					})
				: undefined;
		const found: Promise<Found> =
			select === undefined
				? (page ?? this.#fetch(place, this.state.pageSize, abort.signal)).then(data => ({
						data,
						page: place.page,
						job: keep,
					}))
				: this.#locate(select, place, abort.signal);
		found.then(
			({data, page, job}) => {
				if (id !== this.#sequence) {
					return;
				}

				this.#select = undefined;
				this.#shownKey = this.#key({filter: place.filter, page});
				const index = data.results.findIndex(each => each.id === job);
				this.store.dispatch({type: 'loaded', id, data, page, selection: index >= 0 ? index : undefined});
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

				this.store.dispatch({
					type: 'failed',
					id,
					error: {kind: error.kind, message: error.message, retryable: error.retryable},
				});
				if (error.kind === 'auth') {
					this.#deps.navigation.authError(error);
				}
			},
		);
	}

	/**
	 * The page that holds job `jobId` at this list's page size: page 1 when it is there; otherwise List
	 * Jobs is read a hundred at a time for the job's position. A job not found (deleted meanwhile)
	 * leaves the list on page 1.
	 */
	async #locate(jobId: number, place: JobsPlace, signal: AbortSignal): Promise<Found> {
		const {pageSize} = this.state;
		const first = await this.#fetch({...place, page: 1}, pageSize, signal);
		if (first.results.some(job => job.id === jobId) || first.total_pages <= 1) {
			return {data: first, page: 1, job: jobId};
		}

		const position = await this.#position(jobId, place, signal);
		if (position === undefined) {
			return {data: first, page: 1, job: undefined};
		}

		const page = Math.floor(position / pageSize) + 1;
		return {data: await this.#fetch({...place, page}, pageSize, signal), page, job: jobId};
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
