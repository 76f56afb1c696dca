import {useCallback, useEffect, useMemo, useReducer, useRef} from 'react';
import {describeError, type ApiError} from '../api/errors.js';
import {RECORD_FILTERS, type ApiClient, type RecordFilter, type RecordsPage} from '../api/types.js';
import {browserReducer, initialBrowserState, type BrowserAction, type BrowserState} from './browser.js';
import {PageCache} from './pageCache.js';
import {PageLoader} from './pageLoader.js';

export interface BrowserOptions {
	readonly client: ApiClient;
	readonly jobId: number;
	readonly pageSize: number;
	readonly filter: RecordFilter;
	readonly page: number;
	/** Row to select when the first page arrives. */
	readonly selection?: number;
	/** Prefetch the neighbouring pages after a page arrives (off only for the benchmark's baseline). */
	readonly prefetch?: boolean;
	/** The first page, already fetched while the program started: shown in the very first frame. */
	readonly initialPage?: RecordsPage;
	/** Records held in the page cache. */
	readonly cacheRecords?: number;
	/** Refresh every this many ms while the job is Uploading or Processing; 0 turns it off. */
	readonly followMs?: number;
	/** Called when the API refuses the token, so the app can ask for a new one. */
	readonly onAuthError?: (error: ApiError) => void;
}

export interface BrowserCommands {
	nextPage(): void;
	prevPage(): void;
	firstPage(): void;
	lastPage(): void;
	setFilter(filter: RecordFilter): void;
	reload(): void;
	/** Fetches the record count of every status (one page_size=1 request each) unless known. */
	loadCounts(force?: boolean): void;
	dispatch(action: BrowserAction): void;
	/** The state after every action dispatched so far, before React has rendered it. */
	current(): BrowserState;
}

/**
 * Runs the effects of the records browser: every page request carries an id and an AbortSignal; a
 * newer request aborts the older one and any late answer is dropped (the reducer checks the id too).
 */
export function useBrowser(options: BrowserOptions): [BrowserState, BrowserCommands] {
	const {client, jobId, pageSize} = options;
	const [state, reactDispatch] = useReducer(
		browserReducer,
		{jobId, pageSize, filter: options.filter, page: options.page, selection: options.selection ?? 0},
		initial => {
			const empty = initialBrowserState(initial);
			// A page fetched while the program started is in the very first frame, not one frame later.
			const data = options.initialPage;
			return data
				? browserReducer(empty, {type: 'loaded', id: 0, filter: initial.filter, page: initial.page, data})
				: empty;
		},
	);
	// The same reducer, run synchronously: several keys can arrive before React renders, and each must
	// see the state the previous one left (mode, highlight, selection). The reducer is pure, so running
	// it twice per action is safe.
	const current = useRef(state);
	const currentState = () => current.current;
	const dispatch = useCallback((action: BrowserAction) => {
		current.current = browserReducer(current.current, action);
		reactDispatch(action);
	}, []);

	const loader = useMemo(() => {
		const created = new PageLoader(client, jobId, pageSize, options.cacheRecords);
		if (options.initialPage) {
			created.cache.set(PageCache.key(options.filter, pageSize, options.page), options.initialPage);
		}

		return created;
		// The initial page matters only for the first loader.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [client, jobId, pageSize, options.cacheRecords]);

	// Keys can arrive several to a chunk, faster than React renders: what was asked for last is read
	// from the synchronous mirror, and the page count of that filter is kept here.
	const totals = useRef<{filter: RecordFilter; totalPages: number} | null>(null);
	const sequence = useRef(0);
	const controller = useRef<AbortController | null>(null);
	const prefetch = options.prefetch ?? true;
	const onAuthError = useRef(options.onAuthError);
	onAuthError.current = options.onAuthError;

	// Page moves asked for before the page count was known, carried out once it is.
	const waiting = useRef<Array<() => void>>([]);
	const afterShown = useCallback(
		(filter: RecordFilter, page: number, data: RecordsPage) => {
			totals.current = {filter, totalPages: data.total_pages};
			const moves = waiting.current;
			waiting.current = [];
			for (const move of moves) {
				move();
			}

			loader.cancelPrefetches(filter);
			if (prefetch) {
				if (page < data.total_pages) {
					loader.prefetch(filter, page + 1);
				}

				if (page > 1) {
					loader.prefetch(filter, page - 1);
				}
			}
		},
		[loader, prefetch],
	);

	// The page change that failed, so r retries it rather than reloading the page still on screen.
	const failed = useRef<{filter: RecordFilter; page: number} | null>(null);
	const fail = useCallback(
		(id: number, error: ApiError) => {
			if (error.kind === 'aborted') {
				return;
			}

			failed.current = current.current.requested;
			waiting.current = [];
			dispatch({type: 'failed', id, error: {kind: error.kind, message: error.message}});
			if (error.kind === 'auth') {
				onAuthError.current?.(error);
			}
		},
		[dispatch],
	);

	const load = useCallback(
		(filter: RecordFilter, page: number, force = false, notice?: string) => {
			const id = ++sequence.current;
			failed.current = null;
			controller.current?.abort();
			controller.current = null;

			const cached = force ? undefined : loader.peek(filter, page);
			if (cached) {
				dispatch({type: 'loaded', id, filter, page, data: cached});
				afterShown(filter, page, cached);
				return;
			}

			const abort = new AbortController();
			controller.current = abort;
			dispatch({type: 'requested', id, filter, page});
			loader.load(filter, page, {signal: abort.signal, force}).then(
				data => {
					if (id !== sequence.current) {
						return;
					}

					dispatch({type: 'loaded', id, filter, page, data, notice});
					afterShown(filter, page, data);
				},
				(error_: unknown) => {
					if (id !== sequence.current) {
						return;
					}

					const error = describeError(error_);
					if (error.kind === 'aborted') {
						return;
					}

					if (error.kind === 'invalid-page' && page > 1) {
						// The filter has fewer pages than we thought (the job shrank): find the last page.
						loader.cache.clear(filter);
						loader.load(filter, 1, {signal: abort.signal, force: true}).then(
							first => {
								if (id !== sequence.current) {
									return;
								}

								const last = Math.max(1, first.total_pages);
								const message = `Page ${page} no longer exists; showing the last page, ${last}.`;
								if (last === 1) {
									dispatch({type: 'loaded', id, filter, page: 1, data: first, notice: message});
									afterShown(filter, 1, first);
								} else {
									load(filter, last, true, message);
								}
							},
							(error2: unknown) => {
								if (id === sequence.current) {
									fail(id, describeError(error2));
								}
							},
						);
						return;
					}

					fail(id, error);
				},
			);
		},
		[loader, afterShown, fail, dispatch],
	);

	const countsController = useRef<AbortController | null>(null);
	const loadCounts = useCallback(
		(force = false) => {
			const known = current.current.counts;
			const missing = RECORD_FILTERS.filter(filter => force || known[filter] === undefined);
			if (missing.length === 0) {
				return;
			}

			countsController.current?.abort();
			const controller = new AbortController();
			countsController.current = controller;
			for (const filter of missing) {
				client.getRecords(jobId, {status: filter, page: 1, page_size: 1}, {signal: controller.signal}).then(
					page => {
						dispatch({type: 'counts', counts: {[filter]: page.count}});
					},
					// Counts decorate the filter list; a failure leaves that status without one.
					() => undefined,
				);
			}
		},
		[client, jobId, dispatch],
	);

	const jobController = useRef<AbortController | null>(null);
	const loadJob = useCallback(() => {
		// One summary request at a time: pressing r during an outage must not pile them up.
		jobController.current?.abort();
		const controller = new AbortController();
		jobController.current = controller;
		client.getJob(jobId, {signal: controller.signal}).then(
			job => {
				dispatch({type: 'jobLoaded', job});
			},
			// The summary is a nicety: the records request reports the same failures where they matter.
			() => undefined,
		);
	}, [client, jobId, dispatch]);

	// The page fetched during start-up is already in the first state: only what follows a shown page
	// (prefetching its neighbours) is left to do, not a second 'loaded' and render of the same data.
	const startedWith = useRef(options.initialPage);
	useEffect(() => {
		const initial = startedWith.current;
		startedWith.current = undefined;
		if (initial && current.current.shown?.data === initial) {
			afterShown(options.filter, options.page, initial);
		} else {
			load(options.filter, options.page);
		}

		loadJob();
		return () => {
			// Not a DOM ref: bumping the counter is what makes every answer still on its way stale.
			// eslint-disable-next-line react-hooks/exhaustive-deps
			sequence.current++;
			controller.current?.abort();
			countsController.current?.abort();
			jobController.current?.abort();
			loader.abortAll();
		};
		// The initial filter and page matter only on mount.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [loader]);

	const commands = useMemo<BrowserCommands>(() => {
		// `page` is computed from the page asked for last, when the move is carried out.
		const goTo = (page: () => number) => {
			const {filter, page: current} = currentState().requested;
			const total = totals.current?.filter === filter ? totals.current.totalPages : undefined;
			// Before the filter's first page has answered, its page count is unknown: the move waits,
			// in order with any others, until it is (afterShown carries them out).
			if (total === undefined) {
				waiting.current.push(() => {
					goTo(page);
				});
				return;
			}

			const target = Math.max(1, Math.min(total, page()));
			if (target !== current) {
				load(filter, target);
			}
		};

		return {
			nextPage: () => goTo(() => currentState().requested.page + 1),
			prevPage: () => goTo(() => currentState().requested.page - 1),
			firstPage: () => goTo(() => 1),
			lastPage: () => goTo(() => Number.MAX_SAFE_INTEGER),
			setFilter(filter) {
				waiting.current = [];
				loader.cancelPrefetches(filter);
				load(filter, 1);
			},
			reload() {
				loader.cancelPrefetches();
				loader.cache.clear();
				const retry = failed.current ?? currentState().requested;
				load(retry.filter, retry.page, true);
				loadJob();
				if (Object.keys(current.current.counts).length > 1) {
					loadCounts(true);
				}
			},
			loadCounts,
			dispatch,
			current: () => current.current,
		};
	}, [load, loadJob, loader, dispatch, loadCounts]);

	// Live follow: a job still Uploading or Processing refreshes itself; the selection stays put
	// because a reload of the same filter keeps the row index.
	const followMs = options.followMs ?? 0;
	const running = state.job?.status === 'Uploading' || state.job?.status === 'Processing';
	useEffect(() => {
		if (!running || followMs <= 0) {
			return;
		}

		const timer = setInterval(() => {
			if (current.current.loading) {
				return;
			}

			commands.reload();
		}, followMs);
		return () => {
			clearInterval(timer);
		};
	}, [running, followMs, commands]);

	return [state, commands];
}
