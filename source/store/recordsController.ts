// The records screen without React: loading, paging, prefetching, retry, counts, the job summary, live
// follow, find, copy and export. It owns the screen's store; keys come in through `key`, and each
// command of the key map runs through one table. Every page request carries an id and an AbortSignal:
// a newer request aborts the older one and a late answer is dropped (the reducer checks the id too).
import type {Key} from 'ink';
import {describeError, type ApiError} from '../api/errors.js';
import {DEFAULT_PAGE_CONCURRENCY, pagesOf} from '../api/pages.js';
import {countOf, formatCount, formatFraction, NO_PAGE_YET} from '../format.js';
import {
	RECORD_FILTERS,
	RECORDS_PAGE_SIZE,
	type ApiClient,
	type Job,
	type JobRecord,
	type RecordFilter,
	type RecordsPage,
} from '../api/types.js';
import {runKeys} from '../keys/input.js';
import type {CommandTable} from '../keys/keymap.js';
import {BREAKDOWN_STATUS} from './breakdown.js';
import type {FieldEdit} from './field.js';
import {FindIndex} from './findIndex.js';
import {groupClient} from './groupClient.js';
import {groupSource, type GroupSelection, type UploadSource} from './revalidate.js';
import {PageCache} from './pageCache.js';
import {PageLoader} from './pageLoader.js';
import {systemClock, type Clock, type Copy, type LoadExporter} from './ports.js';
import {
	findMatches,
	matchesFind,
	initialRecordsState,
	isRunning,
	nextMatch,
	pastEndNotice,
	recordsReducer,
	type RecordsAction,
	type RecordsMode,
	type RecordsState,
} from './records.js';
import {createStore, type Store} from './store.js';
import {sanitize} from '../text/sanitize.js';
import type {SafeText, Untrusted} from '../text/untrusted.js';

/** Where the screen draws, as far as commands need to know (rows of the table, how far the detail scrolls). */
export interface RecordsViewport {
	readonly tableRows: number;
	readonly detailMaxScroll: number;
}

/** What the records screen asks of the app around it. */
export interface RecordsNavigation {
	/** `b`: back to whatever is under this screen (the job list, or the breakdown a group came from). */
	back(): void;
	/** `e`: the error breakdown of this job. */
	breakdown(): void;
	/** `R`: re-validate these records as a new job (the app asks first). */
	revalidate(source: UploadSource, jobName: Untrusted | null): void;
	quit(): void;
	/** The API refused the token: the app asks for a new one, then calls `setClient` and `retry`. */
	authError(error: ApiError): void;
}

/** One error-breakdown group's records, shown instead of the API's filter (`records` may be fewer than `count`). */
export type RecordsGroup = GroupSelection;

export interface RecordsOptions {
	readonly jobId: number;
	readonly pageSize: number;
	readonly filter: RecordFilter;
	readonly page: number;
	/** Row to select when the first page arrives. */
	readonly selection?: number;
	/** Prefetch the neighbouring pages after a page arrives (off only for the benchmark's baseline). */
	readonly prefetch?: boolean;
	/** The first page, already fetched while the program started: in the very first state. */
	readonly initialPage?: RecordsPage;
	/** The first page, asked for before the screen existed and still on its way: joined, never asked for twice. */
	readonly pendingPage?: Promise<RecordsPage>;
	/** The job summary, already fetched while the program started: in the very first state. */
	readonly initialJob?: Job;
	/** The job summary, asked for before the screen existed: the first summary this screen shows. */
	readonly pendingJob?: Promise<Job>;
	/** Records held in the page cache. */
	readonly cacheRecords?: number;
	/** Refresh every this many ms while the job is Uploading or Processing; 0 (default) turns it off. */
	readonly followMs?: number;
	readonly group?: RecordsGroup;
	/** `x` writes CSV cells a spreadsheet would run as formulas with a `'` first (--excel-safe). */
	readonly excelSafe?: boolean | undefined;
	/** Said once the first page is on screen (e.g. that this job was just created). */
	readonly notice?: string | undefined;
}

export interface RecordsDependencies {
	readonly client: ApiClient;
	readonly navigation: RecordsNavigation;
	/** The screen's geometry for a state, at the terminal's current size. */
	readonly viewport: (state: RecordsState) => RecordsViewport;
	readonly copy: Copy;
	readonly loadExporter: LoadExporter;
	readonly clock?: Clock;
}

const FILTER_OF = {
	filterPending: 'Pending',
	filterValid: 'Valid',
	filterInvalid: 'Invalid',
	filterUnknown: 'Unknown',
	filterError: 'Error',
	filterAll: 'All',
} as const satisfies Record<string, RecordFilter>;

/** Each command of the records screen's modes; the compiler checks every one is here. */
const COMMANDS: CommandTable<RecordsMode, RecordsController> = {
	up: screen => screen.move(-1),
	down: screen => screen.move(1),
	prevPage: screen => screen.prevPage(),
	nextPage: screen => screen.nextPage(),
	firstPage: screen => screen.firstPage(),
	lastPage: screen => screen.lastPage(),
	openFilter: screen => screen.openFilter(),
	filterUp: screen => screen.highlightFilter(-1),
	filterDown: screen => screen.highlightFilter(1),
	applyFilter: screen => screen.applyFilter(),
	closeFilter: screen => screen.browse(),
	filterPending: screen => screen.chooseFilter(FILTER_OF.filterPending),
	filterValid: screen => screen.chooseFilter(FILTER_OF.filterValid),
	filterInvalid: screen => screen.chooseFilter(FILTER_OF.filterInvalid),
	filterUnknown: screen => screen.chooseFilter(FILTER_OF.filterUnknown),
	filterError: screen => screen.chooseFilter(FILTER_OF.filterError),
	filterAll: screen => screen.chooseFilter(FILTER_OF.filterAll),
	find: screen => screen.startFind(),
	acceptFind: screen => screen.acceptFind(),
	cancelFind: screen => screen.clearFind(),
	clearFind: screen => screen.clearFind(),
	deleteChar: screen => screen.editFind({type: 'deleteChar'}),
	deleteWord: screen => screen.editFind({type: 'deleteWord'}),
	clearField: screen => screen.editFind({type: 'clear'}),
	findNext: screen => screen.jumpToMatch(1),
	findPrevious: screen => screen.jumpToMatch(-1),
	copyEmail: screen => screen.copyEmail(),
	copyRecord: screen => screen.copyRecord(),
	export: screen => screen.exportFilter(),
	breakdown: screen => screen.openBreakdown(),
	revalidate: screen => screen.revalidate(),
	detailScrollUp: screen => screen.scrollDetail(-1),
	detailScrollDown: screen => screen.scrollDetail(1),
	toggleDetail: screen => screen.toggleDetail(),
	reload: screen => screen.reload(),
	help: screen => screen.openHelp(),
	closeHelp: screen => screen.browse(),
	helpNext: screen => screen.turnHelp(1),
	helpPrevious: screen => screen.turnHelp(-1),
	back: screen => screen.back(),
	quit: screen => screen.quit(),
};

/** The export progress line is redrawn at most this often. */
const PROGRESS_EVERY_MS = 200;
/** The find's progress is redrawn at most this often while it reads pages. */
const FIND_PROGRESS_EVERY_MS = 100;
/**
 * A find reads the filter in the API's largest pages, whatever the page size on screen: 19 requests for
 * 18,000 records rather than 3,632 at a 5-row page. What it keeps of them is email and ec_id (findIndex.ts).
 */
const FIND_PAGE_SIZE = RECORDS_PAGE_SIZE.max;
/** Pages a find asks for at once, as an export does: fewer while the API throttles (api/pages.ts). */
const FIND_CONCURRENCY = DEFAULT_PAGE_CONCURRENCY;
/**
 * A person watches a find: it waits out a 429 for up to this long (saying so), then stops and keeps what
 * it read. Esc stops it at any time.
 */
const FIND_MAX_WAIT_MS = 60_000;
/** 429s in a row before a find stops. */
const FIND_MAX_THROTTLES = 5;

/** A jump to a match: from a record of the filter, forwards or backwards, that record included or not. */
interface Seek {
	readonly direction: 1 | -1;
	/** Record index in the filter: (page − 1) × page size + row. */
	readonly from: number;
	readonly inclusive: boolean;
	/** The find was started again for it once already (what it had read was let go since). */
	readonly again?: boolean;
	/** It landed once on a record that no longer matched (records moved while the find read): looked again. */
	readonly corrected?: boolean;
}

export class RecordsController {
	readonly store: Store<RecordsState, RecordsAction>;
	readonly jobId: number;
	readonly group: RecordsGroup | undefined;
	readonly #excelSafe: boolean;
	readonly #options: RecordsOptions;
	readonly #deps: RecordsDependencies;
	readonly #clock: Clock;
	readonly #loader: PageLoader;
	#client: ApiClient;
	/** Id of the latest page request; bumping it makes every answer still on its way stale. */
	#sequence = 0;
	#pageAbort: AbortController | undefined;
	#countsAbort: AbortController | undefined;
	#jobAbort: AbortController | undefined;
	#exportAbort: AbortController | undefined;
	/** The page count of the filter last shown: moves are clamped to it. */
	#totals: {filter: RecordFilter; totalPages: number} | undefined;
	/** Page moves asked for before the page count was known, carried out once it is. */
	#waiting: Array<() => void> = [];
	/** The page change that failed, so r retries it rather than reloading the page still on screen. */
	#failed: {filter: RecordFilter; page: number} | undefined;
	#stopFollow: (() => void) | undefined;
	/** The summary asked for at start-up, until it is taken for the first summary request. */
	#pendingJob: Promise<Job> | undefined;
	/** The start-up summary, come before the page on its way: drawn with it, in one frame rather than two. */
	#heldJob: Job | undefined;
	/** The email and ec_id of the filter on screen, as the find read it and as shown: what find searches. */
	readonly #index = new FindIndex(FIND_PAGE_SIZE);
	/** Records in that filter, as the latest page of it said (a running job's grow). */
	#filterRecords = 0;
	/** The filter the index holds pages of. */
	#indexFilter: RecordFilter | undefined;
	/** The find reading the filter's pages not seen yet. */
	#scan: {readonly filter: RecordFilter; readonly abort: AbortController} | undefined;
	/** Why the last find stopped before the end of the filter. */
	#scanProblem: string | undefined;
	/** How long the find waits before it asks again (the API said 429), while it does. */
	#scanWait: number | undefined;
	/** A jump to a match (Enter, n, N) waiting for the find to read the pages in the way. */
	#seeking: Seek | undefined;
	#progressAt = Number.NEGATIVE_INFINITY;
	#active = false;
	#started = false;
	#disposed = false;

	constructor(options: RecordsOptions, deps: RecordsDependencies) {
		this.#options = options;
		this.#deps = deps;
		this.#clock = deps.clock ?? systemClock;
		this.jobId = options.jobId;
		this.group = options.group;
		this.#excelSafe = options.excelSafe ?? false;
		this.#client = this.#api(deps.client);
		this.#loader = new PageLoader(this.#client, options.jobId, options.pageSize, options.cacheRecords);
		const empty = initialRecordsState(options);
		const data = options.initialPage;
		// A page fetched while the program started is in the very first frame, not one frame later.
		if (data) {
			this.#loader.cache.set(PageCache.key(options.filter, options.pageSize, options.page), data);
		} else if (options.pendingPage) {
			this.#loader.adopt(options.filter, options.page, options.pendingPage);
		}

		this.#pendingJob = options.pendingJob;
		const withPage = data
			? recordsReducer(empty, {type: 'loaded', id: 0, filter: options.filter, page: options.page, data})
			: empty;
		this.store = createStore(
			recordsReducer,
			options.initialJob ? recordsReducer(withPage, {type: 'jobLoaded', job: options.initialJob}) : withPage,
		);
	}

	get state(): RecordsState {
		return this.store.getState();
	}

	/** The record under the selection, if any. */
	get selected(): JobRecord | undefined {
		return this.state.shown?.data.results[this.state.selection];
	}

	// ----- lifecycle -------------------------------------------------------------------------------

	/** Loads what the screen shows (once); the screen is then the one on top. */
	start(): void {
		if (this.#disposed) {
			return;
		}

		if (!this.#started) {
			this.#started = true;
			const {filter, page, initialPage} = this.#options;
			// The page from start-up is already in the state: only what follows a shown page is left to do.
			if (initialPage && this.state.shown?.data === initialPage) {
				this.#afterShown(filter, page, initialPage);
			} else {
				this.#load(filter, page, {notice: this.#options.notice});
			}

			this.#loadJob();
		}

		this.resume();
	}

	/** Another screen is on top: stop following until `resume`. Requests already made finish. */
	pause(): void {
		this.#active = false;
		this.#updateFollow();
	}

	resume(): void {
		this.#active = true;
		this.#updateFollow();
	}

	/** Gone for good: everything in flight is aborted, every late answer dropped, and no key taken. */
	dispose(): void {
		this.#disposed = true;
		this.#active = false;
		this.#sequence++;
		this.#pageAbort?.abort();
		this.#countsAbort?.abort();
		this.#jobAbort?.abort();
		this.#exportAbort?.abort();
		this.#stopScan();
		this.#loader.abortAll();
		this.#updateFollow();
	}

	/** Requests from now on use `client` (a new token). */
	setClient(client: ApiClient): void {
		this.#client = this.#api(client);
		this.#loader.setClient(this.#client);
		this.#countsAbort?.abort();
		this.#jobAbort?.abort();
	}

	/** After a new token: asks again for what failed, and for the job summary if it never came. */
	retry(): void {
		if (this.state.error) {
			const retry = this.#failed ?? this.state.requested;
			this.#load(retry.filter, retry.page, {force: true});
		}

		if (!this.state.job) {
			this.#loadJob();
		}
	}

	// ----- keys --------------------------------------------------------------------------------------

	/** One read from the terminal: each key press in it runs the command it means in the mode of that moment. */
	readonly key = (input: string, key: Key): void => {
		if (this.#disposed) {
			return;
		}

		// Keys can come faster than renders: each one reads the state the previous one left.
		runKeys(input, key, {
			mode: () => this.state.mode,
			command: command => {
				COMMANDS[command](this);
			},
			type: text => {
				this.editFind({type: 'type', text});
			},
			ignoredPaste: () => {
				this.#notice('Pasted text ignored here; press / to find.');
			},
		});
	};

	// ----- commands --------------------------------------------------------------------------------

	/**
	 * ↑/↓: the row above or below; past the last row of a page, the next page's first (past the first,
	 * the previous page's last). While another page is on its way, the move waits for it, in order with
	 * the other moves: keys typed ahead mean the same whatever the network's speed.
	 */
	move(delta: number): void {
		const {shown, selection, requested} = this.state;
		if (!shown || requested.filter !== shown.filter || requested.page !== shown.page || this.#waiting.length > 0) {
			this.#waiting.push(() => {
				this.move(delta);
			});
			return;
		}

		const rows = shown.data.results.length;
		if (delta > 0 && selection >= rows - 1 && shown.page < shown.data.total_pages) {
			this.#load(shown.filter, shown.page + 1, {select: 0});
			return;
		}

		if (delta < 0 && selection <= 0 && shown.page > 1) {
			this.#load(shown.filter, shown.page - 1, {select: 'last'});
			return;
		}

		this.#dispatch({type: 'move', delta, viewportRows: this.#viewport().tableRows});
	}

	nextPage(): void {
		this.#goTo(() => this.state.requested.page + 1);
	}

	prevPage(): void {
		this.#goTo(() => this.state.requested.page - 1);
	}

	firstPage(): void {
		this.#goTo(() => 1);
	}

	lastPage(): void {
		this.#goTo(() => Number.MAX_SAFE_INTEGER);
	}

	setFilter(filter: RecordFilter): void {
		this.#waiting = [];
		// A find goes on in the new filter once its first page is in.
		this.#stopScan();
		this.#seeking = undefined;
		this.#loader.cancelPrefetches(filter);
		this.#load(filter, 1);
	}

	chooseFilter(filter: RecordFilter): void {
		this.browse();
		this.setFilter(filter);
	}

	openFilter(): void {
		this.#dispatch({type: 'mode', mode: 'filter'});
		this.loadCounts();
	}

	highlightFilter(delta: number): void {
		this.#dispatch({type: 'highlightFilter', delta});
	}

	applyFilter(): void {
		this.chooseFilter(RECORD_FILTERS[this.state.filterHighlight] ?? 'All');
	}

	/** Back to the records from the filter list, find or help. */
	browse(): void {
		this.#dispatch({type: 'mode', mode: 'browse'});
	}

	openHelp(): void {
		this.#dispatch({type: 'mode', mode: 'help'});
	}

	turnHelp(delta: number): void {
		this.#dispatch({type: 'helpPage', delta});
	}

	/** `/`: a new find, from an empty field (the last query is not edited further). */
	startFind(): void {
		this.#clearFind();
		this.#dispatch({type: 'mode', mode: 'find'});
	}

	/** Typing in the find bar: the page on screen is searched at once, then the rest of the filter. */
	editFind(edit: FieldEdit): void {
		const before = this.state.find;
		this.#dispatch({type: 'editFind', edit});
		if (this.state.find !== before) {
			this.#queryChanged();
		}
	}

	/** Sets the query whole (as typing it would). */
	setFind(query: string): void {
		this.#dispatch({type: 'find', query});
		this.#queryChanged();
	}

	/** Enter in the find bar: to the first match from the selection on, wherever it is in the filter. */
	acceptFind(): void {
		this.browse();
		const {shown, selection, find} = this.state;
		if (find === '' || !shown) {
			return;
		}

		this.#seek({direction: 1, from: this.#placeOf(shown.page, selection), inclusive: true});
	}

	/** Esc: no find any more; a search still reading pages stops. */
	clearFind(): void {
		this.#clearFind();
		this.browse();
	}

	/** `n` / `N`: the next (previous) match in the filter, on whatever page it is. */
	jumpToMatch(direction: 1 | -1): void {
		const {shown, selection, find} = this.state;
		if (find === '') {
			this.#notice('Nothing to find: press / first.');
			return;
		}

		if (shown) {
			this.#seek({direction, from: this.#placeOf(shown.page, selection), inclusive: false});
		}
	}

	toggleDetail(): void {
		this.#dispatch({type: 'toggleDetail'});
	}

	scrollDetail(delta: number): void {
		this.#dispatch({type: 'scrollDetail', delta, maxScroll: this.#viewport().detailMaxScroll});
	}

	copyEmail(): void {
		const record = this.selected;
		if (record) {
			// The text as the detail pane shows it, escapes visible: a paste types what was seen.
			this.#copy(sanitize(record.email, {whole: true}), 'the email');
		}
	}

	copyRecord(): void {
		const record = this.selected;
		if (record) {
			this.#copy(sanitize(JSON.stringify(record), {whole: true}), `record ${record.id} as JSON`);
		}
	}

	/** Writes every record of the filter on screen to a CSV file in the working directory. */
	exportFilter(): void {
		if (this.#exportAbort) {
			this.#notice('An export is already running.');
			return;
		}

		const {state} = this;
		const filter = state.shown?.filter ?? state.requested.filter;
		const client = this.#client;
		const abort = new AbortController();
		this.#exportAbort = abort;
		void (async () => {
			let last = 0;
			let path = '';
			try {
				const exporter = await this.#deps.loadExporter();
				// A new file each time, never over an existing one; a breakdown group's is named after the group.
				const result = await exporter.exportToNewFile({
					client,
					jobId: this.jobId,
					listName: state.job?.list_name,
					status: filter,
					group: this.group ? {status: BREAKDOWN_STATUS, label: this.group.label} : undefined,
					excelSafe: this.#excelSafe,
					signal: abort.signal,
					onStart: chosen => {
						path = chosen;
					},
					onProgress: ({done, total, waitMs}) => {
						const now = this.#clock.now();
						if (now - last > PROGRESS_EVERY_MS || waitMs !== undefined) {
							last = now;
							const waiting = waitMs === undefined ? '' : ` · waiting ${Math.ceil(waitMs / 1000)} s (rate limited)`;
							const read = total === undefined ? NO_PAGE_YET : formatFraction(done, total);
							this.#notice(`Exporting ${filter} records to ${path}: ${read}…${waiting}`);
						}
					},
				});
				this.#notice(`Wrote ${countOf(result.records, 'record')} to ${result.path}`);
			} catch (error) {
				if (!abort.signal.aborted) {
					this.#notice(`Export failed: ${describeError(error).message}`);
				}
			} finally {
				this.#exportAbort = undefined;
			}
		})();
	}

	/**
	 * `R`: the records on screen, as a new job: the filter, or the breakdown group shown, narrowed to the
	 * find's matches when a find is on. The app shows what it would send and asks first.
	 */
	revalidate(): void {
		const {state} = this;
		const filter = state.shown?.filter ?? state.requested.filter;
		const find = state.find === '' ? undefined : state.find;
		const source: UploadSource = this.group ? groupSource(this.group, find, filter) : {status: filter, find};
		this.#deps.navigation.revalidate(source, state.job?.list_name ?? null);
	}

	openBreakdown(): void {
		this.#deps.navigation.breakdown();
	}

	back(): void {
		this.#deps.navigation.back();
	}

	quit(): void {
		this.#deps.navigation.quit();
	}

	/**
	 * `r`: forgets every page seen and asks again: the failed page if a change failed, else the one on
	 * screen. A find searches the filter again.
	 */
	reload(): void {
		this.#stopScan();
		this.#index.clear();
		this.#scanProblem = undefined;
		this.#refresh();
	}

	/** `keepNotice`: a refresh nobody asked for (the live follow) leaves the message on screen for the person. */
	#refresh({keepNotice = false}: {keepNotice?: boolean} = {}): void {
		this.#loader.cancelPrefetches();
		this.#loader.cache.clear();
		const retry = this.#failed ?? this.state.requested;
		const notice = keepNotice ? (this.state.notice ?? undefined) : undefined;
		this.#load(retry.filter, retry.page, {force: true, notice});
		this.#loadJob();
		if (Object.keys(this.state.counts).length > 1) {
			this.loadCounts(true);
		}
	}

	/** Fetches the record count of every status (one page_size=1 request each) unless known. */
	loadCounts(force = false): void {
		const known = this.state.counts;
		const missing = RECORD_FILTERS.filter(filter => force || known[filter] === undefined);
		if (missing.length === 0) {
			return;
		}

		this.#countsAbort?.abort();
		const abort = new AbortController();
		this.#countsAbort = abort;
		for (const filter of missing) {
			this.#client.getRecords(this.jobId, {status: filter, page: 1, page_size: 1}, {signal: abort.signal}).then(
				page => {
					this.#dispatch({type: 'counts', counts: {[filter]: page.count}});
				},
				// Counts decorate the filter list; a failure leaves that status without one.
				() => undefined,
			);
		}
	}

	// ----- internals ---------------------------------------------------------------------------------

	#api(client: ApiClient): ApiClient {
		return this.group ? groupClient(client, this.group.records) : client;
	}

	#dispatch(action: RecordsAction): void {
		this.store.dispatch(action);
	}

	#notice(text: string): void {
		this.#dispatch({type: 'notice', text});
	}

	#viewport() {
		return this.#deps.viewport(this.state);
	}

	#select(index: number): void {
		this.#dispatch({type: 'select', index, viewportRows: this.#viewport().tableRows});
	}

	#copy(text: SafeText, what: string): void {
		// Our own OSC 52 sequence, built from our bytes; API text never produces one.
		void this.#deps.copy(text, what).then(line => {
			this.#notice(line);
		});
	}

	/** `page` is worked out from the page asked for last, when the move is carried out. */
	#goTo(page: () => number): void {
		const {filter, page: current} = this.state.requested;
		const total = this.#totals?.filter === filter ? this.#totals.totalPages : undefined;
		// Before the filter's first page has answered its page count is unknown: the move waits, in
		// order with any others, until it is (#afterShown carries them out). So does a move after a
		// row move that waits for its page.
		if (total === undefined || this.#waiting.length > 0) {
			this.#waiting.push(() => {
				this.#goTo(page);
			});
			return;
		}

		const target = Math.max(1, Math.min(total, page()));
		if (target !== current) {
			this.#load(filter, target);
		}
	}

	#afterShown(filter: RecordFilter, page: number, data: RecordsPage): void {
		this.#totals = {filter, totalPages: data.total_pages};
		this.#indexShown(filter, page, data);
		if (this.state.find !== '') {
			// A find that stopped on a failure stays stopped (its reason on screen) until the query, the
			// filter or r starts it again: paging must not send its requests over and over.
			if (this.#scanProblem === undefined) {
				this.#search();
			}

			this.#reportProgress(true);
		}

		const moves = this.#waiting;
		this.#waiting = [];
		for (const move of moves) {
			move();
		}

		this.#loader.cancelPrefetches(filter);
		if (this.#options.prefetch ?? true) {
			// After the frame with these rows is drawn: the first requests of a run build ky's options and
			// undici's Headers and Request for the first time (~5 ms), which would hold up the rows just
			// answered. A page shown meanwhile prefetches its own neighbours instead.
			const shown = this.#sequence;
			setImmediate(() => {
				if (shown !== this.#sequence || this.#disposed) {
					return;
				}

				if (page < data.total_pages) {
					this.#loader.prefetch(filter, page + 1);
				}

				if (page > 1) {
					this.#loader.prefetch(filter, page - 1);
				}
			});
		}
	}

	#fail(id: number, error: ApiError): void {
		if (error.kind === 'aborted') {
			return;
		}

		const job = this.#takeHeldJob();
		if (job) {
			this.#dispatch({type: 'jobLoaded', job});
			this.#updateFollow();
		}

		this.#failed = this.state.requested;
		this.#waiting = [];
		this.#dispatch({type: 'failed', id, error: {kind: error.kind, message: error.message, retryable: error.retryable}});
		if (error.kind === 'auth') {
			this.#deps.navigation.authError(error);
		}
	}

	/**
	 * Shows a page: from the cache at once, or once it comes. `select`: the row to select then; `then`:
	 * what to do once it is shown.
	 */
	#load(
		filter: RecordFilter,
		page: number,
		{
			force = false,
			notice,
			select,
			then,
		}: {force?: boolean; notice?: string; select?: number | 'last'; then?: () => void} = {},
	): void {
		const id = ++this.#sequence;
		this.#failed = undefined;
		this.#pageAbort?.abort();
		this.#pageAbort = undefined;

		const cached = force ? undefined : this.#loader.peek(filter, page);
		const selectRow = select === undefined ? undefined : {row: select, viewportRows: this.#viewport().tableRows};
		if (cached) {
			this.#dispatch({
				type: 'loaded',
				id,
				filter,
				page,
				data: cached,
				notice,
				select: selectRow,
				job: this.#takeHeldJob(),
			});
			this.#updateFollow();
			this.#afterShown(filter, page, cached);
			then?.();
			return;
		}

		const abort = new AbortController();
		this.#pageAbort = abort;
		this.#dispatch({type: 'requested', id, filter, page});
		this.#loader.load(filter, page, {signal: abort.signal, force}).then(
			data => {
				if (id !== this.#sequence) {
					return;
				}

				this.#dispatch({type: 'loaded', id, filter, page, data, notice, select: selectRow, job: this.#takeHeldJob()});
				this.#updateFollow();
				this.#afterShown(filter, page, data);
				then?.();
			},
			(error_: unknown) => {
				if (id !== this.#sequence) {
					return;
				}

				const error = describeError(error_);
				if (error.kind === 'invalid-page' && page > 1) {
					this.#findLastPage(id, filter, page, abort.signal);
					return;
				}

				this.#fail(id, error);
			},
		);
	}

	/** The filter has fewer pages than we thought (the job shrank, or --page was past the end): show its last. */
	#findLastPage(id: number, filter: RecordFilter, page: number, signal: AbortSignal): void {
		this.#loader.cache.clear(filter);
		this.#loader.load(filter, 1, {signal, force: true}).then(
			first => {
				if (id !== this.#sequence) {
					return;
				}

				const last = Math.max(1, first.total_pages);
				const message = pastEndNotice(page, last);
				if (last === 1) {
					this.#dispatch({type: 'loaded', id, filter, page: 1, data: first, notice: message, job: this.#takeHeldJob()});
					this.#updateFollow();
					this.#afterShown(filter, 1, first);
				} else {
					this.#load(filter, last, {force: true, notice: message});
				}
			},
			(error: unknown) => {
				if (id === this.#sequence) {
					this.#fail(id, describeError(error));
				}
			},
		);
	}

	// ----- find across the filter ------------------------------------------------------------------

	#clearFind(): void {
		this.#stopScan();
		this.#seeking = undefined;
		this.#scanProblem = undefined;
		this.#index.setQuery('');
		this.#dispatch({type: 'find', query: ''});
		this.#dispatch({type: 'findProgress', progress: null});
	}

	/** The query changed: its first match on the page on screen at once, then the rest of the filter. */
	#queryChanged(): void {
		const {find} = this.state;
		this.#index.setQuery(find);
		this.#seeking = undefined;
		if (find === '') {
			this.#stopScan();
			this.#dispatch({type: 'findProgress', progress: null});
			return;
		}

		const target = nextMatch(findMatches(this.state), this.state.selection, 1, true);
		if (target !== undefined) {
			this.#select(target);
		}

		this.#search();
		this.#reportProgress(true);
	}

	/** Record index in the filter of row `row` of view page `page`. */
	#placeOf(page: number, row: number): number {
		return (page - 1) * this.#options.pageSize + row;
	}

	/** The page on screen, as find searches it (a page of another filter starts the index afresh). */
	#indexShown(filter: RecordFilter, page: number, data: RecordsPage): void {
		if (this.#indexFilter !== filter) {
			this.#index.clear();
			this.#indexFilter = filter;
			this.#scanProblem = undefined;
		}

		this.#index.setShown(this.#placeOf(page, 0), data.results);
		this.#filterRecords = data.count;
	}

	#stopScan(): void {
		this.#scan?.abort.abort();
		this.#scan = undefined;
		this.#scanWait = undefined;
	}

	/**
	 * Reads the filter on screen in the API's largest pages, a few at a time (api/pages.ts: in order, a 429
	 * waited out, a shrinking filter noticed), unless what is on screen is all of it. It starts at the first
	 * page not read yet: a running job's filter that grew is read from where the last find ended. Of each
	 * page only email and ec_id are kept. Esc aborts every request in flight.
	 */
	#search(): void {
		const {shown, find} = this.state;
		if (!shown || find === '' || this.#scan?.filter === shown.filter) {
			return;
		}

		this.#stopScan();
		const {filter} = shown;
		if (this.#index.searched(this.#filterRecords) >= this.#filterRecords) {
			this.#scanProblem = undefined;
			this.#searched();
			return;
		}

		const firstPage = this.#index.firstChunkToRead();

		const abort = new AbortController();
		const scan = {filter, abort};
		this.#scan = scan;
		this.#scanProblem = undefined;
		const read = async (): Promise<void> => {
			const pages = pagesOf({
				client: this.#findClient(filter),
				jobId: this.jobId,
				status: filter,
				pageSize: FIND_PAGE_SIZE,
				// The index places records by position: a page of another size would misplace them.
				wholePages: true,
				firstPage,
				concurrency: FIND_CONCURRENCY,
				signal: abort.signal,
				maxWaitMs: FIND_MAX_WAIT_MS,
				maxThrottles: FIND_MAX_THROTTLES,
				onWait: wait => {
					if (this.#scan === scan) {
						this.#scanWait = wait?.waitMs;
						this.#reportProgress(true);
					}
				},
			});
			// Pages come in order, firstPage first: the chunk number is counted here, not taken from the body.
			let chunk = firstPage - 1;
			for await (const data of pages) {
				if (this.#scan !== scan) {
					// Leaving the loop ends the reading: what is still in flight is aborted.
					return;
				}

				chunk++;
				this.#index.addChunk(chunk, data.results);
				this.#filterRecords = data.count;
				this.#reportProgress(false);
				if (this.#seeking) {
					this.#seek(this.#seeking);
				}
			}
		};

		read().then(
			() => {
				if (this.#scan === scan) {
					this.#scan = undefined;
					this.#scanWait = undefined;
					this.#searched();
				}
			},
			(error: unknown) => {
				if (this.#scan !== scan) {
					return;
				}

				this.#stopScan();
				const problem = describeError(error);
				if (problem.kind !== 'aborted') {
					this.#scanProblem = problem.message;
					if (problem.kind === 'auth') {
						this.#deps.navigation.authError(problem);
					}
				}

				this.#searched();
			},
		);
	}

	/**
	 * What the find reads through. At a page size of 1,000 its pages are the screen's pages: they go
	 * through the page loader, so a page shown, prefetched or on its way is never asked for twice.
	 */
	#findClient(filter: RecordFilter): ApiClient {
		if (this.#options.pageSize !== FIND_PAGE_SIZE) {
			return this.#client;
		}

		return {
			...this.#client,
			getRecords: async (_jobId, query, options) =>
				this.#loader.load(filter, query?.page ?? 1, options?.signal ? {signal: options.signal} : {}),
		};
	}

	/** The find has read what it could: a jump still waiting goes where it can. */
	#searched(): void {
		this.#reportProgress(true);
		if (this.#seeking) {
			this.#seek(this.#seeking);
		}
	}

	/** Where the find has got, for the view; at most every FIND_PROGRESS_EVERY_MS unless `now`. */
	#reportProgress(now: boolean): void {
		const {shown, find} = this.state;
		if (find === '' || !shown) {
			return;
		}

		const time = this.#clock.now();
		if (!now && time - this.#progressAt < FIND_PROGRESS_EVERY_MS) {
			return;
		}

		this.#progressAt = time;
		const records = this.#filterRecords;
		this.#dispatch({
			type: 'findProgress',
			progress: {
				matches: this.#index.count,
				before: this.#index.rank(this.#placeOf(shown.page, 0)),
				searched: this.#index.searched(records),
				records,
				running: this.#scan !== undefined,
				problem: this.#scanProblem,
				waitMs: this.#scanWait,
			},
		});
	}

	/**
	 * Goes to the match a jump asks for, on whatever page; waits while the find reads the records in the
	 * way. A find that stopped (a failure) still jumps among what it read.
	 */
	#seek(seek: Seek): void {
		const {shown, find} = this.state;
		if (!shown || find === '') {
			this.#seeking = undefined;
			return;
		}

		const stopped = this.#scan === undefined && this.#scanProblem !== undefined;
		const found = this.#index.next(seek.from, seek.direction, this.#filterRecords, seek.inclusive, stopped);
		switch (found.kind) {
			case 'match': {
				this.#seeking = undefined;
				const {pageSize} = this.#options;
				const page = Math.floor(found.at / pageSize) + 1;
				const index = found.at % pageSize;
				const notice = found.wrapped
					? seek.direction === 1
						? 'Past the last match: back to the first.'
						: 'Before the first match: on to the last.'
					: undefined;
				if (page === shown.page) {
					this.#select(index);
					// What the last find or jump said is over: the wrap, or nothing (the find's own count shows).
					this.#dispatch({type: 'notice', text: notice ?? null});
				} else {
					// Through the page cache, as any page: the page shown then says whether it still matches.
					this.#load(shown.filter, page, {select: index, notice, then: () => this.#landed(seek)});
				}

				return;
			}

			case 'none': {
				this.#seeking = undefined;
				const what = `No ${shown.filter === 'All' ? '' : `${shown.filter} `}record matches “${find}”`;
				this.#notice(stopped ? `${what} in what the find read: ${this.#scanProblem}` : `${what}.`);
				return;
			}

			case 'unread': {
				this.#seeking = seek;
				if (this.#scan) {
					return;
				}

				// What the find read was let go since (a filter larger than the index holds): read it again, once.
				if (seek.again) {
					this.#seeking = undefined;
					this.#notice(`The find could not read record ${formatCount(found.at + 1)} of the filter.`);
					return;
				}

				this.#seeking = {...seek, again: true};
				this.#search();
			}
		}
	}

	/**
	 * A jump landed on another page. The API promises no order of records, and a running job moves them
	 * between filters: the record now at that place may not be the one the find read there. The page on
	 * screen is in the index as it is now, so the jump is worked out again, once.
	 */
	#landed(seek: Seek): void {
		const {find} = this.state;
		const record = this.selected;
		if (find === '' || (record && matchesFind(record, find))) {
			return;
		}

		if (seek.corrected) {
			this.#notice('Records moved while the find read them: press r, then find again.');
			return;
		}

		this.#seek({...seek, corrected: true});
	}

	#loadJob(): void {
		// One summary request at a time: pressing r during an outage must not pile them up.
		this.#jobAbort?.abort();
		const abort = new AbortController();
		this.#jobAbort = abort;
		// The first time, the summary asked for at start-up: already here, or joined on its way.
		const pending = this.#pendingJob;
		this.#pendingJob = undefined;
		if (pending && this.state.job) {
			// It came before the screen existed and is in the first state.
			this.#updateFollow();
			this.#loadErrorCount(this.state.job);
			return;
		}

		// A summary asked for before the screen is not aborted with it: a late answer is dropped here.
		(pending ?? this.#client.getJob(this.jobId, {signal: abort.signal})).then(
			job => {
				if (abort.signal.aborted) {
					return;
				}

				// The summary from start-up mostly comes a moment before the page (the page is often built from
				// it): it waits for that page, whose answer draws both. Ink renders each change at once.
				if (pending && this.state.shown === null && this.state.loading) {
					this.#heldJob = job;
					return;
				}

				this.#dispatch({type: 'jobLoaded', job});
				this.#updateFollow();
				this.#loadErrorCount(job);
			},
			// The summary is a nicety: the records request reports the same failures where they matter.
			() => undefined,
		);
	}

	/** The held start-up summary, once (the caller dispatches it, then calls #updateFollow). */
	#takeHeldJob(): Job | undefined {
		const job = this.#heldJob;
		this.#heldJob = undefined;
		return job;
	}

	/**
	 * The header leads with the job's Error records, which the job summary does not count: one
	 * page_size=1 request, only when some records are neither Valid, Invalid nor Unknown. Not while the
	 * job runs (its progress leads then, and a count per refresh would double the follow's requests).
	 */
	#loadErrorCount(job: Job): void {
		const rest = job.total_records - job.valid_count - job.invalid_count - job.unknown_count;
		if (this.group || isRunning(job) || rest <= 0) {
			return;
		}

		const {signal} = this.#jobAbort ?? new AbortController();
		this.#client.getRecords(this.jobId, {status: 'Error', page: 1, page_size: 1}, {signal}).then(
			page => {
				this.#dispatch({type: 'counts', counts: {Error: page.count}});
			},
			// A nicety, as the summary: without it the header shows the other counts.
			() => undefined,
		);
	}

	/**
	 * Live follow: a job still Uploading or Processing refreshes itself while its screen is on top; the
	 * selection stays put because a reload of the same filter keeps the row index.
	 */
	#updateFollow(): void {
		const followMs = this.#options.followMs ?? 0;
		const wanted = this.#active && followMs > 0 && isRunning(this.state.job);
		if (wanted && !this.#stopFollow) {
			this.#stopFollow = this.#clock.every(followMs, () => {
				// The page on screen, not the find's: a find over a running job goes on with what it read.
				if (!this.state.loading) {
					this.#refresh({keepNotice: true});
				}
			});
		} else if (!wanted && this.#stopFollow) {
			this.#stopFollow();
			this.#stopFollow = undefined;
		}
	}
}
