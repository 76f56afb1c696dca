import {Box, useInput, type Key} from 'ink';
import React, {useCallback, useRef} from 'react';
import type {ApiError} from '../api/errors.js';
import {RECORD_FILTERS, type ApiClient, type JobRecord, type RecordFilter} from '../api/types.js';
import {commandFor, type Command} from '../keys/keymap.js';
import {knownTotalPages, scrollFor, type BrowserState} from '../store/browser.js';
import {useBrowser, type BrowserCommands} from '../store/useBrowser.js';
import type {Theme} from '../terminal/theme.js';
import {DetailPane, detailMaxScroll} from './DetailPane.js';
import {FilterSelect} from './FilterSelect.js';
import {Footer} from './Footer.js';
import {Header} from './Header.js';
import {HelpOverlay} from './HelpOverlay.js';
import {computeLayout, FOOTER_ROWS, HEADER_ROWS, type Layout} from './layout.js';
import {RecordsTable} from './RecordsTable.js';
import {useTerminalSize} from './useTerminalSize.js';

const FILTER_COMMANDS: Partial<Record<Command, RecordFilter>> = {
	filterPending: 'Pending',
	filterValid: 'Valid',
	filterInvalid: 'Invalid',
	filterUnknown: 'Unknown',
	filterError: 'Error',
	filterAll: 'All',
};

const PLAIN_KEY: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

interface CommandContext {
	readonly state: BrowserState;
	readonly layout: Layout;
	readonly selected: JobRecord | undefined;
	readonly border: boolean;
	readonly commands: BrowserCommands;
	readonly onQuit: () => void;
}

function runCommand(command: Command, {state, layout, selected, border, commands, onQuit}: CommandContext): void {
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
	readonly onQuit: () => void;
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

	// The handler reads the latest render through a ref: Ink re-subscribes a changed handler in an
	// effect, and a key arriving before that effect runs must not meet the previous render's mode.
	latest.current = {state, layout, selected, border, commands, onQuit: props.onQuit};
	const onKey = useCallback((input: string, key: Key) => {
		// Over SSH several keys often arrive in one read, which Ink hands over as one string: each
		// character is its own key press.
		const presses: Array<[string, Key]> =
			input.length > 1 && !key.ctrl && !key.meta ? [...input].map(character => [character, PLAIN_KEY]) : [[input, key]];
		for (const [character, press] of presses) {
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
		/>
	);
	const side =
		state.mode === 'filter' ? (
			<FilterSelect highlight={state.filterHighlight} theme={theme} />
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
		<Box flexDirection="column" width={layout.columns} height={layout.frameRows} overflow="hidden">
			<Header
				jobId={state.jobId}
				job={state.job}
				filter={state.requested.filter}
				page={state.requested.page}
				totalPages={knownTotalPages(state)}
				count={state.shown?.filter === state.requested.filter ? state.shown.data.count : undefined}
				loading={state.loading}
				error={state.error}
				notice={state.notice}
				width={layout.columns}
				theme={theme}
			/>
			<Box height={bodyHeight} overflow="hidden" flexDirection={layout.sideBySide ? 'row' : 'column'}>
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
			<Footer mode={state.mode} width={layout.columns} theme={theme} />
		</Box>
	);
}
