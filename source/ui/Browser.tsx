import {Box, Text, useInput, useStdout, type Key} from 'ink';
import TextInput from 'ink-text-input';
import {useCallback, useEffect, useMemo, useRef} from 'react';
import {describeError, type ApiError} from '../api/errors.js';
import {RECORD_FILTERS, type ApiClient, type JobRecord, type RecordFilter, type RecordsPage} from '../api/types.js';
import {commandFor, type Command} from '../keys/keymap.js';
import {findMatches, knownTotalPages, nextMatch, scrollFor, type BrowserState} from '../store/browser.js';
import {copyToClipboard} from '../terminal/clipboard.js';
import {fit} from '../terminal/width.js';
import {sanitize} from '../terminal/sanitize.js';
import {useBrowser, type BrowserCommands} from '../store/useBrowser.js';
import type {Theme} from '../terminal/theme.js';
import {DetailPane, detailMaxScroll} from './DetailPane.js';
import {FilterSelect} from './FilterSelect.js';
import {formatCount} from './format.js';
import {Footer} from './Footer.js';
import {Header} from './Header.js';
import {HelpOverlay} from './HelpOverlay.js';
import {computeLayout, FOOTER_ROWS, HEADER_ROWS, type Layout} from './layout.js';
import {RecordsTable} from './RecordsTable.js';
import {isPaste, splitKeys} from './keys.js';
import {useTerminalSize} from './useTerminalSize.js';

const FILTER_COMMANDS: Partial<Record<Command, RecordFilter>> = {
	filterPending: 'Pending',
	filterValid: 'Valid',
	filterInvalid: 'Invalid',
	filterUnknown: 'Unknown',
	filterError: 'Error',
	filterAll: 'All',
};

interface CommandContext {
	readonly state: BrowserState;
	readonly layout: Layout;
	readonly selected: JobRecord | undefined;
	readonly border: boolean;
	readonly commands: BrowserCommands;
	readonly onQuit: () => void;
	readonly onBack: (() => void) | undefined;
	readonly copy: (text: string, what: string) => void;
	readonly startExport: () => void;
	readonly openBreakdown: () => void;
}

function jumpToMatch(state: BrowserState, commands: BrowserCommands, layout: Layout, direction: 1 | -1): void {
	const target = nextMatch(findMatches(state), state.selection, direction);
	if (target === undefined) {
		commands.dispatch({
			type: 'notice',
			text: state.find ? `Nothing on this page matches “${state.find}”.` : 'Nothing to find: press / first.',
		});
		return;
	}

	commands.dispatch({type: 'select', index: target, viewportRows: layout.tableRows});
}

function runCommand(command: Command, context: CommandContext): void {
	const {state, layout, selected, border, commands, onQuit, onBack} = context;
	const filter = FILTER_COMMANDS[command];
	if (filter) {
		commands.dispatch({type: 'mode', mode: 'browse'});
		commands.setFilter(filter);
		return;
	}

	switch (command) {
		case 'up':
		case 'down': {
			commands.dispatch({type: 'move', delta: command === 'up' ? -1 : 1, viewportRows: layout.tableRows});
			break;
		}

		case 'prevPage': {
			commands.prevPage();
			break;
		}

		case 'nextPage': {
			commands.nextPage();
			break;
		}

		case 'firstPage': {
			commands.firstPage();
			break;
		}

		case 'lastPage': {
			commands.lastPage();
			break;
		}

		case 'openFilter': {
			commands.dispatch({type: 'mode', mode: 'filter'});
			commands.loadCounts();
			break;
		}

		case 'find': {
			commands.dispatch({type: 'mode', mode: 'find'});
			break;
		}

		case 'acceptFind': {
			commands.dispatch({type: 'mode', mode: 'browse'});
			break;
		}

		case 'cancelFind': {
			commands.dispatch({type: 'find', query: ''});
			commands.dispatch({type: 'mode', mode: 'browse'});
			break;
		}

		case 'findNext':
		case 'findPrevious': {
			jumpToMatch(state, commands, layout, command === 'findNext' ? 1 : -1);
			break;
		}

		case 'copyEmail':
		case 'copyRecord': {
			if (selected) {
				context.copy(
					command === 'copyEmail' ? selected.email : JSON.stringify(selected),
					command === 'copyEmail' ? 'the email' : `record ${selected.id} as JSON`,
				);
			}

			break;
		}

		case 'export': {
			context.startExport();
			break;
		}

		case 'breakdown': {
			context.openBreakdown();
			break;
		}

		case 'filterUp':
		case 'filterDown': {
			commands.dispatch({type: 'highlightFilter', delta: command === 'filterUp' ? -1 : 1});
			break;
		}

		case 'applyFilter': {
			commands.dispatch({type: 'mode', mode: 'browse'});
			commands.setFilter(RECORD_FILTERS[state.filterHighlight] ?? 'All');
			break;
		}

		case 'closeFilter':
		case 'closeHelp': {
			commands.dispatch({type: 'mode', mode: 'browse'});
			break;
		}

		case 'help': {
			commands.dispatch({type: 'mode', mode: 'help'});
			break;
		}

		case 'reload': {
			commands.reload();
			break;
		}

		case 'toggleDetail': {
			commands.dispatch({type: 'toggleDetail'});
			break;
		}

		case 'detailScrollUp':
		case 'detailScrollDown': {
			commands.dispatch({
				type: 'scrollDetail',
				delta: command === 'detailScrollUp' ? -1 : 1,
				maxScroll: detailMaxScroll(selected, layout.detailWidth, layout.detailHeight, border),
			});
			break;
		}

		case 'quit': {
			onQuit();
			break;
		}

		case 'back': {
			onBack?.();
			break;
		}

		default: {
			break;
		}
	}
}

export interface BrowserProps {
	readonly client: ApiClient;
	readonly jobId: number;
	readonly pageSize: number;
	readonly filter: RecordFilter;
	readonly page: number;
	/** Row to select when the first page arrives (coming back from the token screen). */
	readonly selection?: number;
	readonly theme: Theme;
	readonly prefetch?: boolean;
	/** The first page, fetched while the program started. */
	readonly initialPage?: RecordsPage;
	readonly onQuit: () => void;
	/** Back to the job list. */
	readonly onBack?: () => void;
	/** Showing one error-breakdown group's records instead of the API's filter. */
	readonly group?: {readonly label: string; readonly count: number; readonly kept: number};
	/** Open the error breakdown of this job. */
	readonly onBreakdown?: () => void;
	/** Refresh every this many ms while the job is still running (0: never). */
	readonly followMs?: number;
	readonly onAuthError?: (error: ApiError, where: {filter: RecordFilter; page: number; selection: number}) => void;
}

/** The records browser screen: wires the store to the views and keys to commands. */
export function Browser(props: BrowserProps) {
	const {theme} = props;
	const latest = useRef<CommandContext>(null!);
	const [state, commands] = useBrowser({
		...props,
		onAuthError: props.onAuthError
			? error => {
					const {state} = latest.current;
					const where = state.shown ?? state.requested;
					props.onAuthError?.(error, {filter: where.filter, page: where.page, selection: state.selection});
				}
			: undefined,
	});
	const size = useTerminalSize();

	// The id column only grows within a filter, so columns keep their widths while paging.
	const idDigits = useRef<Partial<Record<RecordFilter, number>>>({});
	const records = state.shown?.data.results ?? [];
	const shownFilter = state.shown?.filter ?? state.requested.filter;
	const maxId = records.reduce((max, record) => Math.max(max, record.id), 0);
	const digits = Math.max(idDigits.current[shownFilter] ?? 0, String(maxId).length);
	idDigits.current[shownFilter] = digits;

	const layout = computeLayout({
		columns: size.columns,
		rows: size.rows,
		detailVisible: state.detailVisible,
		idDigits: digits,
	});
	const top = scrollFor(state.selection, state.scrollTop, layout.tableRows, records.length);
	const selected = records[state.selection];
	const border = layout.sideBySide;

	const {stdout} = useStdout();
	const exporting = useRef<AbortController | null>(null);
	useEffect(
		() => () => {
			exporting.current?.abort();
		},
		[],
	);

	const copy = useCallback(
		(text: string, what: string) => {
			// Our own OSC 52 sequence, built from our bytes; API text never produces one.
			const result = copyToClipboard(text, stdout, process.env);
			commands.dispatch({
				type: 'notice',
				text: result.ok
					? `Copied ${what} to the clipboard (OSC 52; in tmux it needs set-clipboard or allow-passthrough).`
					: result.message,
			});
		},
		[stdout, commands],
	);

	const startExport = useCallback(() => {
		const {state} = latest.current;
		if (exporting.current) {
			commands.dispatch({type: 'notice', text: 'An export is already running.'});
			return;
		}

		const filter = state.shown?.filter ?? state.requested.filter;
		const controller = new AbortController();
		exporting.current = controller;
		void (async () => {
			const {exportToFile, defaultExportFileName} = await import('../export/export.js');
			// A breakdown group's records are named after the group, not the job's list.
			const name = props.group ? `error ${props.group.label}` : state.job?.list_name;
			const path = defaultExportFileName({id: props.jobId, list_name: name}, filter, 'csv');
			let last = 0;
			try {
				const result = await exportToFile({
					client: props.client,
					jobId: props.jobId,
					status: filter,
					format: 'csv',
					path,
					signal: controller.signal,
					onProgress({done, total}) {
						// The status line is redrawn at most five times a second.
						if (Date.now() - last > 200) {
							last = Date.now();
							commands.dispatch({
								type: 'notice',
								text: `Exporting ${filter} records to ${path}: ${formatCount(done)} / ${formatCount(total)}…`,
							});
						}
					},
				});
				commands.dispatch({type: 'notice', text: `Wrote ${formatCount(result.records)} records to ${result.path}`});
			} catch (error) {
				if (!controller.signal.aborted) {
					commands.dispatch({type: 'notice', text: `Export failed: ${describeError(error).message}`});
				}
			} finally {
				exporting.current = null;
			}
		})();
	}, [commands, props.client, props.jobId, props.group]);

	const {onBreakdown} = props;
	const openBreakdown = useCallback(() => {
		onBreakdown?.();
	}, [onBreakdown]);

	// The key handler reads the latest render through a ref: Ink re-subscribes a changed handler in an
	// effect, and a key arriving before that effect runs must not meet the previous render's mode.
	latest.current = {
		state,
		layout,
		selected,
		border,
		commands,
		onQuit: props.onQuit,
		onBack: props.onBack,
		copy,
		startExport,
		openBreakdown,
	};
	const onKey = useCallback((input: string, key: Key) => {
		const {commands} = latest.current;
		if (isPaste(input) && commands.current().mode !== 'find') {
			commands.dispatch({type: 'notice', text: 'Pasted text ignored here; press / to find.'});
			return;
		}

		for (const [character, press] of splitKeys(input, key)) {
			// Keys can also come faster than renders: each one reads the state the previous one left.
			const context = {...latest.current, state: latest.current.commands.current()};
			const command = commandFor(context.state.mode, character, press);
			if (command) {
				runCommand(command, context);
			}
		}
	}, []);
	useInput(onKey);

	const emptyMessage = state.shown
		? state.shown.filter === 'All'
			? 'This job has no records.'
			: `No ${state.shown.filter} records in this job.`
		: state.loading
			? 'Loading…'
			: state.error
				? 'Nothing to show.'
				: undefined;
	const bodyHeight = Math.max(0, layout.frameRows - HEADER_ROWS - FOOTER_ROWS);
	const {find, shown} = state;
	const matches = useMemo(() => findMatches({find, shown}), [find, shown]);
	const matchSet = useMemo(() => new Set(matches), [matches]);
	const findStatus = state.find
		? `find “${sanitize(state.find)}”: ${matches.length === 0 ? 'no match on this page' : `${formatCount(matches.length)} on this page (n/N)`}`
		: null;
	const table = (
		<RecordsTable
			records={records}
			selection={state.selection}
			top={top}
			visibleRows={layout.tableRows}
			specs={layout.tableColumns}
			compact={layout.compact}
			theme={theme}
			emptyMessage={emptyMessage}
			matches={matchSet}
		/>
	);
	const side =
		state.mode === 'filter' ? (
			<FilterSelect highlight={state.filterHighlight} counts={state.counts} theme={theme} />
		) : layout.detailVisible ? (
			<DetailPane
				record={selected}
				width={layout.detailWidth}
				height={layout.detailHeight}
				scroll={state.detailScroll}
				theme={theme}
				border={border}
			/>
		) : null;

	return (
		<Box flexDirection="column" width={layout.columns} height={layout.frameRows} overflowY="hidden">
			<Header
				jobId={state.jobId}
				job={state.job}
				filter={state.requested.filter}
				page={state.requested.page}
				totalPages={knownTotalPages(state)}
				count={state.shown?.filter === state.requested.filter ? state.shown.data.count : undefined}
				loading={state.loading}
				error={state.error}
				notice={state.notice ?? findStatus}
				group={props.group}
				width={layout.columns}
				theme={theme}
			/>
			<Box height={bodyHeight} overflowY="hidden" flexDirection={layout.sideBySide ? 'row' : 'column'}>
				{state.mode === 'help' ? (
					<HelpOverlay width={layout.columns} height={bodyHeight} theme={theme} from="browse" />
				) : (
					<>
						<Box width={layout.tableWidth} flexShrink={0} flexDirection="column">
							{table}
						</Box>
						{side}
					</>
				)}
			</Box>
			{state.mode === 'find' ? (
				// One line whatever is typed or pasted: a wrapped query would push the frame past the terminal.
				// The query gives way first (its start stays in view); the "/ " prompt never does.
				<Box width={layout.columns} height={1} overflowY="hidden">
					<Box flexShrink={0}>
						<Text {...theme.style('key')}>/ </Text>
					</Box>
					<Box flexShrink={1} height={1} overflowY="hidden">
						<TextInput
							value={state.find}
							placeholder="email or ec_id"
							onChange={query => {
								commands.dispatch({type: 'find', query});
								// Incremental: the selection jumps to the first match at or after it.
								const target = nextMatch(findMatches(commands.current()), commands.current().selection, 1, true);
								if (target !== undefined) {
									commands.dispatch({type: 'select', index: target, viewportRows: layout.tableRows});
								}
							}}
						/>
					</Box>
					<Text {...theme.style('dim')}>{`  ${findStatus ?? ''}  Enter keep · Esc clear`}</Text>
				</Box>
			) : state.error ? (
				// The error gets a whole line, action first, so even 80 columns say what happened.
				<Text {...theme.style('error')} wrap="truncate">
					{fit(
						`✖ ${state.error.kind === 'auth' ? '' : 'r to retry · '}${sanitize(state.error.message)}`,
						layout.columns,
					)}
				</Text>
			) : (
				<Footer mode={state.mode} width={layout.columns} theme={theme} />
			)}
		</Box>
	);
}
