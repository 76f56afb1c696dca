import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {formatCount} from '../format.js';
import {findMatches, idDigitsOf, knownTotalPages, scrollFor, type RecordsState} from '../store/records.js';
import type {RecordsController, RecordsViewport} from '../store/recordsController.js';
import type {TerminalSize} from '../store/size.js';
import {useStore} from '../store/useStore.js';
import {sanitize} from '../text/sanitize.js';
import type {Theme} from '../terminal/theme.js';
import {DetailPane, detailMaxScroll} from './DetailPane.js';
import {FilterSelect} from './FilterSelect.js';
import {Footer} from './Footer.js';
import {Header} from './Header.js';
import {HelpOverlay} from './HelpOverlay.js';
import {computeLayout, FOOTER_ROWS, HEADER_ROWS, placeNotice, type Layout} from './layout.js';
import {RecordsTable} from './RecordsTable.js';
import {errorLine} from './errorLine.js';
import {TextField} from './TextField.js';
import {footerHints} from '../keys/keymap.js';
import {displayWidth, fit, truncate} from '../terminal/width.js';

/** The notice of the moment, in the header or (too long for it) wrapped above the footer. */
function noticeOf(state: RecordsState, size: TerminalSize) {
	return placeNotice(state.notice === null ? null : sanitize(state.notice), size.columns);
}

function layoutOf(state: RecordsState, size: TerminalSize): Layout {
	return computeLayout({
		columns: size.columns,
		rows: size.rows,
		detailVisible: state.detailVisible,
		idDigits: idDigitsOf(state),
		messageRows: noticeOf(state, size).lines.length,
	});
}

/** How many rows the table shows and how far the detail pane scrolls, for the controller's commands. */
export function recordsViewport(state: RecordsState, size: TerminalSize): RecordsViewport {
	const layout = layoutOf(state, size);
	const selected = state.shown?.data.results[state.selection];
	return {
		tableRows: layout.tableRows,
		detailMaxScroll: detailMaxScroll(selected, layout.detailWidth, layout.detailHeight, layout.sideBySide),
	};
}

function emptyMessage(state: RecordsState): string | undefined {
	if (state.shown) {
		return state.shown.filter === 'All' ? 'This job has no records.' : `No ${state.shown.filter} records in this job.`;
	}

	return state.loading ? 'Loading…' : state.error ? 'Nothing to show.' : undefined;
}

/** Where the find is (on this page, in the filter, how far it has read), without the query. */
export function findSummary(
	state: Pick<RecordsState, 'find' | 'findProgress' | 'selection'>,
	onPage: readonly number[],
): string | null {
	if (state.find === '') {
		return null;
	}

	const progress = state.findProgress;
	if (!progress) {
		return onPage.length === 0 ? 'no match on this page' : `${formatCount(onPage.length)} on this page`;
	}

	const here = onPage.indexOf(state.selection);
	const stopped = progress.problem === undefined ? '' : ` · stopped: ${sanitize(progress.problem)}`;
	const part = progress.searched < progress.records;
	const records = `${formatCount(progress.searched)}/${formatCount(progress.records)} records`;
	if (progress.running) {
		const where = here >= 0 ? 'on a match' : `${formatCount(onPage.length)} on this page`;
		const waiting =
			progress.waitMs === undefined
				? ''
				: ` · waiting ${formatCount(Math.ceil(progress.waitMs / 1000))} s (rate limited)`;
		return `${where} · ${formatCount(progress.matches)} in ${records} searched…${waiting}${stopped}`;
	}

	if (progress.matches === 0) {
		return `no match in ${part ? records : 'the filter'}${stopped}`;
	}

	const of = `${formatCount(progress.matches)}${part ? ` in ${records}` : ''}`;
	return here >= 0
		? `match ${formatCount(progress.before + here + 1)} of ${of} (n/N)${stopped}`
		: `${of} in the filter, ${formatCount(onPage.length)} on this page (n/N)${stopped}`;
}

/** The query as the header names it: a long one is cut, so the counts after it stay in view. */
const QUERY_IN_HEADER = 24;

const FIND_PROMPT = '/ ';

export interface RecordsScreenProps {
	readonly controller: RecordsController;
	readonly size: TerminalSize;
	readonly theme: Theme;
}

/** A job's records: header, table, detail pane or filter list, and the footer (or find bar, or error line). */
export function RecordsScreen({controller, size, theme}: RecordsScreenProps) {
	const state = useStore(controller.store);
	const layout = layoutOf(state, size);
	const notice = noticeOf(state, size);
	const records = state.shown?.data.results ?? [];
	const top = scrollFor(state.selection, state.scrollTop, layout.tableRows, records.length);
	const selected = records[state.selection];
	const {find, shown} = state;
	const matches = useMemo(() => findMatches({find, shown}), [find, shown]);
	const matchSet = useMemo(() => new Set(matches), [matches]);
	const findStatus = findSummary(state, matches);
	const finding = state.mode === 'find';
	const findKeys = footerHints('find')
		.map(hint => `${hint.label} ${hint.text}`)
		.join(' · ');
	const findTail = `  ${findStatus ?? ''}  ${findKeys}`;
	// Browsing with a find kept, the header says where it is; while typing, the find bar does.
	const findNotice =
		findStatus === null || finding ? null : `find “${truncate(sanitize(find), QUERY_IN_HEADER)}”: ${findStatus}`;
	const fieldWidth = Math.max(8, Math.min(40, layout.columns - FIND_PROMPT.length - displayWidth(findTail)));
	const bodyHeight = Math.max(0, layout.frameRows - HEADER_ROWS - FOOTER_ROWS - notice.lines.length);
	const {group} = controller;
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
				border={layout.sideBySide}
			/>
		) : null;

	return (
		<Box flexDirection="column" width={layout.columns} height={layout.frameRows} overflowY="hidden">
			<Header
				jobId={state.jobId}
				job={state.job}
				errors={state.counts.Error}
				filter={state.requested.filter}
				page={state.requested.page}
				totalPages={knownTotalPages(state)}
				count={state.shown?.filter === state.requested.filter ? state.shown.data.count : undefined}
				loading={state.loading}
				error={state.error}
				notice={notice.header ?? (state.notice === null ? findNotice : null)}
				group={group ? {label: group.label, count: group.count, kept: group.records.length} : undefined}
				width={layout.columns}
				theme={theme}
			/>
			<Box height={bodyHeight} overflowY="hidden" flexDirection={layout.sideBySide ? 'row' : 'column'}>
				{state.mode === 'help' ? (
					<HelpOverlay width={layout.columns} height={bodyHeight} theme={theme} from="browse" page={state.helpPage} />
				) : (
					<>
						<Box width={layout.tableWidth} flexShrink={0} flexDirection="column">
							<RecordsTable
								records={records}
								selection={state.selection}
								top={top}
								visibleRows={layout.tableRows}
								specs={layout.tableColumns}
								compact={layout.compact}
								theme={theme}
								emptyMessage={emptyMessage(state)}
								matches={matchSet}
							/>
						</Box>
						{side}
					</>
				)}
			</Box>
			{notice.lines.map((line, index) => (
				<Text key={index} {...theme.style('warning')}>
					{line}
				</Text>
			))}
			{state.mode === 'find' ? (
				// One line whatever is typed or pasted: a wrapped query would push the frame past the terminal.
				// The query gives way first (its start stays in view); the "/ " prompt never does.
				<Box width={layout.columns} height={1} overflowY="hidden">
					<Box flexShrink={0}>
						<Text {...theme.style('key')}>{FIND_PROMPT}</Text>
					</Box>
					<Box flexShrink={0} height={1} overflowY="hidden">
						<TextField value={state.find} placeholder="email or ec_id" focus width={fieldWidth} theme={theme} />
					</Box>
					<Text {...theme.style('dim')} wrap="truncate">
						{findTail}
					</Text>
				</Box>
			) : state.error ? (
				// The error gets a whole line, action first, so even 80 columns say what happened.
				<Text {...theme.style('error')} wrap="truncate">
					{fit(errorLine(state.error, ['reload', 'back', 'quit'], layout.columns), layout.columns)}
				</Text>
			) : (
				<Footer mode={state.mode} width={layout.columns} theme={theme} />
			)}
		</Box>
	);
}
