// The app's screens as a stack, without React. Opening a screen pushes it; back pops to exactly what
// was there, because each entry keeps its controller (and so its state) while it is covered. A 401 from
// any screen puts the token screen on top; a good token goes to every controller, each retries what
// failed, and the token screen pops off, leaving the user where they were.
import type {Key} from 'ink';
import type {ApiError} from '../api/errors.js';
import type {ApiClient, RecordFilter} from '../api/types.js';
import type {Untrusted} from '../text/untrusted.js';
import {EXIT, type ExitCode} from '../exit.js';
import type {Group, Grouping} from './breakdown.js';
import {BreakdownCache} from './breakdownCache.js';
import {BreakdownController} from './breakdownController.js';
import type {FirstJobs, FirstRequests} from './first.js';
import {JobsController} from './jobsController.js';
import type {Clock, Copy, LoadExporter} from './ports.js';
import {isRunning, type RecordsState} from './records.js';
import {RecordsController, type RecordsGroup, type RecordsOptions, type RecordsViewport} from './recordsController.js';
import type {TerminalSize} from './size.js';
import {createStore, type ReadableStore, type Store} from './store.js';
import {groupSource, type UploadSource} from './revalidate.js';
import {TokenController} from './token.js';
import {UploadController} from './uploadController.js';

export type Screen =
	| {readonly kind: 'jobs'; readonly controller: JobsController}
	| {readonly kind: 'records'; readonly controller: RecordsController}
	| {readonly kind: 'breakdown'; readonly controller: BreakdownController}
	| {readonly kind: 'upload'; readonly controller: UploadController}
	| {readonly kind: 'token'; readonly controller: TokenController};

export interface NavigationState {
	/** Bottom first; the last entry is the screen showing. */
	readonly stack: readonly Screen[];
}

export type NavigationAction =
	{type: 'push'; screen: Screen} | {type: 'pop'} | {type: 'replace'; stack: readonly Screen[]};

export function navigationReducer(state: NavigationState, action: NavigationAction): NavigationState {
	switch (action.type) {
		case 'push': {
			return {stack: [...state.stack, action.screen]};
		}

		case 'pop': {
			return state.stack.length === 0 ? state : {stack: state.stack.slice(0, -1)};
		}

		case 'replace': {
			return {stack: action.stack};
		}
	}
}

export const REFUSED_WHILE_BROWSING =
	'The API refused the token while browsing: enter a new one to continue where you were.';

/** How a token typed on the token screen is checked, turned into a client and kept. */
export interface TokenSupport {
	/** A client for a token typed on the token screen. */
	readonly createClient: (token: string) => ApiClient;
	readonly verify: (token: string) => Promise<'ok' | ApiError>;
	/** Saves an accepted token (absent for --demo, which never touches the saved token). */
	readonly save?: (token: string) => void;
	readonly baseUrl: string;
}

export interface AppOptions {
	/** Undefined when no token is available yet: the token screen comes first. */
	readonly client: ApiClient | undefined;
	/** Undefined opens the job list first. */
	readonly jobId: number | undefined;
	readonly pageSize: number;
	readonly filter: RecordFilter;
	readonly page: number;
	readonly prefetch?: boolean | undefined;
	/** The first screen's requests, sent while the program started (store/first.ts): adopted, never sent again. */
	readonly first?: FirstRequests | undefined;
	/** Refresh interval for a job still running, in ms (0: never). */
	readonly followMs?: number | undefined;
	/** `x` exports with --excel-safe's formula guard. */
	readonly excelSafe?: boolean | undefined;
	readonly token?: TokenSupport | undefined;
}

/** The geometry of the screens at a terminal size, from the views (which own layout). */
export interface ScreenGeometry {
	records(state: RecordsState, size: TerminalSize): RecordsViewport;
	breakdownRows(size: TerminalSize): number;
	jobsPageSize(size: TerminalSize): number;
}

export interface AppDependencies {
	readonly size: ReadableStore<TerminalSize>;
	readonly geometry: ScreenGeometry;
	readonly copy: Copy;
	readonly loadExporter: LoadExporter;
	readonly clock?: Clock;
	/** `lastLine`: said on the terminal once it is given back. */
	readonly quit: (code: ExitCode, lastLine?: string) => void;
}

export class Navigator {
	readonly store: Store<NavigationState, NavigationAction>;
	readonly #options: AppOptions;
	readonly #deps: AppDependencies;
	/** The session's error breakdowns: `e` on a job seen before shows its groups at once. */
	readonly #breakdowns = new BreakdownCache();
	#client: ApiClient | undefined;

	constructor(options: AppOptions, deps: AppDependencies) {
		this.#options = options;
		this.#deps = deps;
		this.#client = options.client;
		const first = this.#client
			? this.#firstScreen(this.#client, options.first)
			: options.token
				? this.#tokenScreen(undefined)
				: undefined;
		this.store = createStore(navigationReducer, {stack: first ? [first] : []});
	}

	get stack(): readonly Screen[] {
		return this.store.getState().stack;
	}

	get top(): Screen | undefined {
		return this.stack.at(-1);
	}

	start(): void {
		this.top?.controller.start();
	}

	dispose(): void {
		for (const screen of this.stack) {
			screen.controller.dispose();
		}
	}

	/** One read from the terminal goes to the screen on top, whatever was drawn last. */
	readonly key = (input: string, key: Key): void => {
		this.top?.controller.key(input, key);
	};

	// ----- moving between screens -----------------------------------------------------------------

	push(screen: Screen): void {
		this.top?.controller.pause();
		this.store.dispatch({type: 'push', screen});
		screen.controller.start();
	}

	/** Back to the screen under the top one, as it was. */
	pop(): void {
		const leaving = this.top;
		if (!leaving || this.stack.length < 2) {
			return;
		}

		this.store.dispatch({type: 'pop'});
		leaving.controller.dispose();
		this.top?.controller.start();
	}

	/** The whole stack becomes `screen` (every other screen is disposed). */
	#replace(screen: Screen): void {
		const leaving = this.stack;
		this.store.dispatch({type: 'replace', stack: [screen]});
		for (const each of leaving) {
			each.controller.dispose();
		}

		screen.controller.start();
	}

	quit(code: ExitCode = EXIT.ok, lastLine?: string): void {
		this.#deps.quit(code, lastLine);
	}

	// ----- the screens ---------------------------------------------------------------------------------

	/** The screen the options name, with the requests sent for it at start-up when they are for exactly it. */
	#firstScreen(client: ApiClient, first: FirstRequests | undefined): Screen {
		const {jobId, filter, page, pageSize} = this.#options;
		if (jobId === undefined) {
			return this.#jobsScreen(client, undefined, first?.kind === 'jobs' ? first : undefined);
		}

		const sent =
			first?.kind === 'records' &&
			first.jobId === jobId &&
			first.place.filter === filter &&
			first.place.page === page &&
			first.place.pageSize === pageSize
				? first
				: undefined;
		const initialPage = sent?.page.value;
		return this.#recordsScreen(client, {
			jobId,
			filter,
			page,
			initialPage,
			pendingPage: initialPage ? undefined : sent?.page.promise,
			initialJob: sent?.job.value,
			pendingJob: sent?.job.promise,
		});
	}

	#jobsScreen(client: ApiClient, select: number | undefined, first?: FirstJobs): Screen {
		const controller = new JobsController(
			{pageSize: this.#deps.geometry.jobsPageSize(this.#deps.size.getState()), select, first},
			{
				client,
				navigation: {
					open: jobId => {
						const current = this.#client;
						if (current) {
							this.push(this.#recordsScreen(current, {jobId, filter: this.#options.filter, page: 1}));
						}
					},
					forward: presses => {
						for (const [input, key] of presses) {
							this.key(input, key);
						}
					},
					quit: () => {
						this.quit();
					},
					authError: error => {
						this.#authError(error);
					},
				},
			},
		);
		return {kind: 'jobs', controller};
	}

	#recordsScreen(
		client: ApiClient,
		place: {
			jobId: number;
			filter: RecordFilter;
			page: number;
			group?: RecordsGroup;
			notice?: string;
		} & Pick<RecordsOptions, 'initialPage' | 'pendingPage' | 'initialJob' | 'pendingJob'>,
	): Screen {
		const {size, geometry} = this.#deps;
		const controller: RecordsController = new RecordsController(
			{
				jobId: place.jobId,
				pageSize: this.#options.pageSize,
				filter: place.filter,
				page: place.page,
				prefetch: this.#options.prefetch,
				initialPage: place.initialPage,
				pendingPage: place.pendingPage,
				initialJob: place.initialJob,
				pendingJob: place.pendingJob,
				followMs: this.#options.followMs,
				group: place.group,
				excelSafe: this.#options.excelSafe,
				notice: place.notice,
			},
			{
				client,
				viewport: state => geometry.records(state, size.getState()),
				copy: this.#deps.copy,
				loadExporter: this.#deps.loadExporter,
				clock: this.#deps.clock,
				navigation: {
					back: () => {
						this.#back(controller);
					},
					breakdown: () => {
						const current = this.#client;
						if (current) {
							// What the records screen knows of the job (its summary, kept fresh while it follows the job).
							const finished = () => controller.state.job !== null && !isRunning(controller.state.job);
							this.push(this.#breakdownScreen(current, controller.jobId, finished));
						}
					},
					revalidate: (source, jobName) => {
						const current = this.#client;
						if (current) {
							this.push(this.#uploadScreen(current, {jobId: controller.jobId, source, jobName}));
						}
					},
					quit: () => {
						this.quit();
					},
					authError: error => {
						this.#authError(error);
					},
				},
			},
		);
		return {kind: 'records', controller};
	}

	#breakdownScreen(client: ApiClient, jobId: number, jobFinished: () => boolean): Screen {
		const {size, geometry} = this.#deps;
		const controller = new BreakdownController(
			{jobId},
			{
				client,
				viewportRows: () => geometry.breakdownRows(size.getState()),
				cache: this.#breakdowns,
				jobFinished,
				navigation: {
					choose: (group: Group, grouping: Grouping) => {
						const current = this.#client;
						if (current) {
							const records: RecordsGroup = {grouping, ...group};
							this.push(this.#recordsScreen(current, {jobId, filter: 'All', page: 1, group: records}));
						}
					},
					revalidate: (group: Group, grouping: Grouping) => {
						const current = this.#client;
						if (current) {
							const source = groupSource({grouping, ...group});
							this.push(this.#uploadScreen(current, {jobId, source, jobName: null}));
						}
					},
					close: () => {
						this.pop();
					},
					quit: () => {
						this.quit();
					},
					authError: error => {
						this.#authError(error);
					},
				},
			},
		);
		return {kind: 'breakdown', controller};
	}

	/** The re-validation confirmation, on top of the screen `R` was pressed on. */
	#uploadScreen(client: ApiClient, place: {jobId: number; source: UploadSource; jobName: Untrusted | null}): Screen {
		const controller: UploadController = new UploadController(place, {
			client,
			clock: this.#deps.clock,
			navigation: {
				created: (jobId, notice) => {
					this.#openInstead(controller, jobId, notice);
				},
				open: jobId => {
					this.#openInstead(controller, jobId);
				},
				close: () => {
					this.pop();
				},
				quit: lastLine => {
					this.quit(EXIT.ok, lastLine);
				},
				authError: error => {
					this.#authError(error);
				},
			},
		});
		return {kind: 'upload', controller};
	}

	/**
	 * A job in place of the confirmation: the job an upload created (followed live while it runs) or one
	 * it found. `b` from it returns to where `R` was pressed.
	 */
	#openInstead(confirmation: UploadController, jobId: number, notice?: string): void {
		const client = this.#client;
		if (!client || this.top?.controller !== confirmation) {
			return;
		}

		this.store.dispatch({type: 'pop'});
		confirmation.dispose();
		this.push(this.#recordsScreen(client, {jobId, filter: 'All', page: 1, notice}));
	}

	#tokenScreen(reason: string | undefined): Screen | undefined {
		const {token} = this.#options;
		if (!token) {
			return undefined;
		}

		const controller = new TokenController(
			{reason},
			{
				verify: token.verify,
				navigation: {
					accepted: value => {
						this.#tokenAccepted(token, value);
					},
					cancel: () => {
						this.quit(EXIT.auth);
					},
				},
			},
		);
		return {kind: 'token', controller};
	}

	// ----- what screens ask for ------------------------------------------------------------------------

	/**
	 * Back from the records: to the screen under them. A job opened by id has none: the job list is
	 * built then, on the page that holds the job and with it selected.
	 */
	#back(records: RecordsController): void {
		if (this.stack.length > 1) {
			this.pop();
			return;
		}

		const client = this.#client;
		if (client && !records.group) {
			this.#replace(this.#jobsScreen(client, records.jobId));
		}
	}

	/** A screen's request was refused with 401: ask for a new token, on top of everything. */
	#authError(_error: ApiError): void {
		if (this.top?.kind === 'token') {
			return;
		}

		const screen = this.#tokenScreen(REFUSED_WHILE_BROWSING);
		if (screen) {
			this.push(screen);
		}
	}

	#tokenAccepted(token: TokenSupport, value: string): void {
		token.save?.(value);
		const client = token.createClient(value);
		this.#client = client;
		// What another token was shown is not taken as what this one may see: the next `e` asks the API.
		this.#breakdowns.clear();
		const tokenScreen = this.top;
		if (this.stack.length === 1) {
			// The app started without a token: now the screen it was asked for.
			this.#replace(this.#firstScreen(client, undefined));
			return;
		}

		this.store.dispatch({type: 'pop'});
		tokenScreen?.controller.dispose();
		for (const screen of this.stack) {
			screen.controller.setClient(client);
		}

		for (const screen of this.stack) {
			screen.controller.retry();
		}

		this.top?.controller.start();
	}
}
