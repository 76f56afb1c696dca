// The error breakdown without React: fetching and grouping a job's Error records, progress, retry, and
// the commands of its keys. It owns the screen's store (breakdown.ts's reducer). What it fetched is kept
// in the session's BreakdownCache: a second `e` on the job starts with those groups on screen, and
// fetches again behind them only while the job may still be changing.
import type {Key} from 'ink';
import {describeError, type ApiError} from '../api/errors.js';
import type {ApiClient} from '../api/types.js';
import {runKeys} from '../keys/input.js';
import type {CommandTable} from '../keys/keymap.js';
import {
	BREAKDOWN_STATUS,
	breakdownViewReducer,
	initialBreakdownViewState,
	loadBreakdown,
	selectedGrouping,
	variantsOf,
	visibleGroups,
	type BreakdownProgress,
	type BreakdownViewAction,
	type BreakdownViewState,
	type Group,
	type Grouping,
} from './breakdown.js';
import type {BreakdownCache, CachedBreakdown} from './breakdownCache.js';
import {createStore, type Store} from './store.js';

export type BreakdownMode = 'breakdown' | 'help';

/** No field here takes text: a paste is never keys (a pasted q must not quit). */
export const PASTE_IGNORED = 'Pasted text ignored here.';

export interface BreakdownNavigation {
	/** Enter: show the records of a group. */
	choose(group: Group, grouping: Grouping): void;
	/** Back to the records the breakdown was opened from. */
	close(): void;
	/** `R`: re-validate a group's records as a new job (the app asks first). */
	revalidate(group: Group, grouping: Grouping): void;
	quit(): void;
	authError(error: ApiError): void;
}

export interface BreakdownDependencies {
	readonly client: ApiClient;
	readonly navigation: BreakdownNavigation;
	/** Group rows the screen shows at the terminal's current size. */
	readonly viewportRows: () => number;
	/** Breakdowns fetched earlier in the session; without one, every screen fetches its own. */
	readonly cache?: BreakdownCache;
	/**
	 * The job is known to be finished (its records can no longer change). Unknown counts as not finished:
	 * a cached breakdown is then refreshed behind its groups.
	 */
	readonly jobFinished?: () => boolean;
	/** The clock a rate limit's wait is counted down on (ms). */
	readonly now?: () => number;
}

const COMMANDS: CommandTable<BreakdownMode, BreakdownController> = {
	up: screen => screen.move(-1),
	down: screen => screen.move(1),
	cycleGrouping: screen => screen.cycleGrouping(),
	chooseGroup: screen => screen.chooseGroup(),
	revalidate: screen => screen.revalidate(),
	closeBreakdown: screen => screen.close(),
	reload: screen => screen.reload(),
	help: screen => screen.showHelp(true),
	closeHelp: screen => screen.showHelp(false),
	helpNext: screen => screen.turnHelp(1),
	helpPrevious: screen => screen.turnHelp(-1),
	quit: screen => screen.quit(),
};

export class BreakdownController {
	readonly store: Store<BreakdownViewState, BreakdownViewAction>;
	readonly jobId: number;
	readonly #deps: BreakdownDependencies;
	#client: ApiClient;
	#loadId = 0;
	#abort: AbortController | undefined;
	#started = false;
	#disposed = false;
	/** Counts a rate limit's wait down on the progress line while the pages wait. */
	#countdown: ReturnType<typeof setInterval> | undefined;
	readonly #cached: CachedBreakdown | undefined;

	constructor(options: {readonly jobId: number}, deps: BreakdownDependencies) {
		this.jobId = options.jobId;
		this.#deps = deps;
		this.#client = deps.client;
		this.#cached = deps.cache?.get(this.jobId, BREAKDOWN_STATUS);
		// The groups fetched before are there from the first frame, not one dispatch later.
		this.store = createStore(
			breakdownViewReducer,
			this.#cached
				? {...initialBreakdownViewState, load: {kind: 'ready', breakdown: this.#cached.breakdown}}
				: initialBreakdownViewState,
		);
	}

	get state(): BreakdownViewState {
		return this.store.getState();
	}

	start(): void {
		if (this.#disposed) {
			return;
		}

		if (!this.#started) {
			this.#started = true;
			// A breakdown fetched once the job had finished is the job's last word: nothing to ask again.
			if (!this.#cached?.final) {
				this.reload();
			}
		}
	}

	pause(): void {}

	resume(): void {}

	dispose(): void {
		this.#disposed = true;
		this.#stopCountdown();
		this.#loadId++;
		this.#abort?.abort();
	}

	setClient(client: ApiClient): void {
		this.#abort?.abort();
		this.#client = client;
	}

	retry(): void {
		const {load} = this.state;
		if (load.kind !== 'ready' || load.refresh?.kind === 'failed') {
			this.reload();
		}
	}

	/** One read from the terminal: each key press runs its command; a paste runs nothing, and says so. */
	readonly key = (input: string, key: Key): void => {
		if (this.#disposed) {
			return;
		}

		// The notice was about the last paste: any key after it has read it.
		this.store.dispatch({type: 'notice', text: null});
		runKeys(input, key, {
			mode: (): BreakdownMode => (this.state.helpVisible ? 'help' : 'breakdown'),
			command: command => {
				COMMANDS[command](this);
			},
			ignoredPaste: () => {
				this.store.dispatch({type: 'notice', text: PASTE_IGNORED});
			},
		});
	};

	/**
	 * Fetches every Error record of the job again and groups them. Groups already on screen stay there
	 * (and can be moved through and chosen) until the new ones replace them.
	 */
	reload(): void {
		const id = ++this.#loadId;
		this.#stopCountdown();
		this.#abort?.abort();
		const abort = new AbortController();
		this.#abort = abort;
		// Asked before the first request: only then is nothing fetched from a job that could still change.
		const final = this.#deps.jobFinished?.() ?? false;
		this.store.dispatch({type: 'refreshing', id});
		loadBreakdown({
			client: this.#client,
			jobId: this.jobId,
			signal: abort.signal,
			onProgress: progress => {
				this.#progress(id, progress);
			},
		}).then(
			breakdown => {
				if (abort.signal.aborted) {
					return;
				}

				this.#stopCountdown();
				this.#deps.cache?.set(this.jobId, BREAKDOWN_STATUS, {breakdown, final});
				this.store.dispatch({type: 'loaded', id, breakdown});
			},
			(error_: unknown) => {
				if (abort.signal.aborted) {
					return;
				}

				this.#stopCountdown();
				const error = describeError(error_, {resource: 'records', jobId: this.jobId});
				this.store.dispatch({
					type: 'failed',
					id,
					error: {kind: error.kind, message: error.message, retryable: error.retryable},
				});
				if (error.kind === 'auth' && id === this.#loadId) {
					this.#deps.navigation.authError(error);
				}
			},
		);
	}

	/**
	 * A page's progress on screen. While the API makes the pages wait (429, Retry-After), the seconds left
	 * are shown again once a second, one frame each, until the next progress says the wait is over.
	 */
	#progress(id: number, progress: BreakdownProgress): void {
		this.#stopCountdown();
		this.store.dispatch({type: 'progress', id, progress});
		if (progress.waitMs === undefined || progress.waitMs <= 0) {
			return;
		}

		const now = this.#deps.now ?? Date.now;
		const until = now() + progress.waitMs;
		this.#countdown = setInterval(() => {
			const left = Math.max(0, until - now());
			this.store.dispatch({type: 'progress', id, progress: {...progress, waitMs: left}});
			if (left === 0) {
				this.#stopCountdown();
			}
		}, 1000);
		// Only a display: it must never keep the process alive.
		this.#countdown.unref?.();
	}

	#stopCountdown(): void {
		clearInterval(this.#countdown);
		this.#countdown = undefined;
	}

	move(delta: number): void {
		this.store.dispatch({type: 'move', delta, viewportRows: this.#deps.viewportRows()});
	}

	cycleGrouping(): void {
		this.store.dispatch({type: 'cycleGrouping'});
	}

	/**
	 * Enter: the selected group's records. A pattern with more than one variant opens its variants first
	 * (the first row is the whole pattern, the others its messages); one with a single message is that
	 * message's group, so its records open at once.
	 */
	chooseGroup(): void {
		const {state} = this;
		const group = visibleGroups(state)[state.selection];
		if (!group) {
			return;
		}

		if (!state.drill && state.grouping === 'pattern' && state.load.kind === 'ready') {
			if (variantsOf(state.load.breakdown, group).length > 1) {
				this.store.dispatch({type: 'drill', pattern: group});
				return;
			}
		}

		this.#deps.navigation.choose(group, selectedGrouping(state));
	}

	/** `R`: the selected row's records as a new job: a group, an opened pattern (first row) or one of its variants. */
	revalidate(): void {
		const group = visibleGroups(this.state)[this.state.selection];
		if (group) {
			this.#deps.navigation.revalidate(group, selectedGrouping(this.state));
		}
	}

	/** Back: from a pattern's variants to the patterns, else to the records the breakdown was opened from. */
	close(): void {
		if (this.state.drill) {
			this.store.dispatch({type: 'undrill'});
			return;
		}

		this.#deps.navigation.close();
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
}
