import {Box, Text} from 'ink';
import {useMemo} from 'react';
import type {Job} from '../api/types.js';
import {compactTime, countOf, formatCount, summaryText} from '../format.js';
import {footerHints} from '../keys/keymap.js';
import {jobMatches, selectedIndex, type JobsFind} from '../store/jobs.js';
import type {JobsController} from '../store/jobsController.js';
import type {TerminalSize} from '../store/size.js';
import {useStore} from '../store/useStore.js';
import {sanitize} from '../text/sanitize.js';
import type {Role, Theme} from '../terminal/theme.js';
import {displayWidth, fit} from '../terminal/width.js';
import {lookup} from '../text/untrusted.js';
import {DataTable, type TableColumn} from './DataTable.js';
import {Footer} from './Footer.js';
import {HelpOverlay} from './HelpOverlay.js';
import {errorLine} from './errorLine.js';
import {FOOTER_ROWS, HEADER_ROWS, fitColumns, jobsBodyRows} from './layout.js';
import {TextField} from './TextField.js';

export interface JobsScreenProps {
	readonly controller: JobsController;
	readonly size: TerminalSize;
	readonly theme: Theme;
}

const JOB_STATUS_ROLE: Readonly<Record<string, Role>> = {
	Processed: 'status.Valid',
	Processing: 'accent',
	Uploading: 'status.Pending',
	Failed: 'status.Error',
};

function columnsFor(width: number): TableColumn[] {
	const narrow = width < 110;
	const fixed: TableColumn[] = [
		{key: 'id', title: 'job', width: 6},
		{key: 'name', title: 'list', width: 0},
		{key: 'status', title: 'status', width: 10},
		{key: 'total', title: 'records', width: 8},
		{key: 'valid', title: 'valid', width: 7},
		{key: 'invalid', title: 'invalid', width: 7},
		{key: 'unknown', title: 'unknown', width: 7},
		{key: 'progress', title: 'done', width: 17},
		{key: 'created', title: narrow ? 'date' : 'created', width: narrow ? 5 : 11},
	];
	// Narrow terminals drop the per-status counts first: the list name matters more.
	const columns = narrow ? fixed.filter(column => !['valid', 'invalid', 'unknown'].includes(column.key)) : fixed;
	// Narrower still: the record count (also in "done"), then the date, then the progress.
	return fitColumns(columns, width, {flexible: 'name', minimum: 8, optional: ['total', 'created', 'progress']});
}

/**
 * The first of `count` rows to show in `rows` lines so that row `selection` is among them: the list
 * scrolls only when the selection would leave the screen (a page taller than the terminal after a
 * resize; a long list of matches).
 */
export function windowStart(selection: number, rows: number, count: number): number {
	const visible = Math.max(1, rows);
	return Math.max(0, Math.min(selection - visible + 1, count - visible));
}

const FIND_PROMPT = '/ ';

/** What the find has found, and how much of the list it has read. */
export function jobFindSummary(find: JobsFind, matches: number): string {
	const found = find.query.trim() === '' ? `${formatCount(find.jobs.length)} jobs` : `${formatCount(matches)} matching`;
	if (find.error) {
		return `${found} · stopped: Enter tries again`;
	}

	if (find.reading) {
		const pages = find.totalPages === undefined ? '' : ` ${find.pagesRead}/${find.totalPages}`;
		return `${found} · reading your jobs${pages}…${find.opening ? ' (opens when read)' : ''}`;
	}

	return find.notice ?? found;
}

/** The user's jobs from List Jobs, newest first, paged like the records. Enter opens one. */
export function JobsScreen({controller, size, theme}: JobsScreenProps) {
	const state = useStore(controller.store);
	const {data, loading, error, help, place: current} = state;
	const frameRows = Math.max(1, size.rows - 1);
	const bodyRows = jobsBodyRows(size);
	const jobs = data?.results ?? [];
	const columns = columnsFor(size.columns);
	const narrow = size.columns < 110;
	const {find} = state;
	const matches = useMemo(() => (find ? jobMatches(find.jobs, find.query) : []), [find]);
	const shownJobs: readonly Job[] = find ? matches : jobs;
	const selection = find ? find.selection : selectedIndex(state);
	const start = windowStart(selection, bodyRows, shownJobs.length);
	const rows = shownJobs.slice(start, start + bodyRows).map((job, offset) => {
		const selected = start + offset === selection;
		const values: Record<string, string> = {
			id: `${selected ? theme.marker : ' '}${job.id}`,
			name: sanitize(job.list_name),
			status: sanitize(job.status),
			total: formatCount(job.total_records),
			valid: formatCount(job.valid_count),
			invalid: formatCount(job.invalid_count),
			unknown: formatCount(job.unknown_count),
			progress: summaryText(job.results_summary),
			created: compactTime(job.created_at, narrow),
		};
		return {
			cells: columns.map(column => fit(values[column.key] ?? '', column.width)),
			selected,
			roles: columns.map(column => (column.key === 'status' ? lookup(JOB_STATUS_ROLE, job.status) : undefined)),
		};
	});
	const pages = data
		? `page ${current.page} of ${formatCount(data.total_pages)} · ${countOf(data.count, 'job')}`
		: `page ${current.page}`;
	const bodyHeight = Math.max(0, frameRows - HEADER_ROWS - FOOTER_ROWS);
	const findTail = find
		? `  ${jobFindSummary(find, matches.length)}  ${footerHints('pickerFind')
				.map(hint => `${hint.label} ${hint.text}`)
				.join(' · ')}`
		: '';
	const fieldWidth = Math.max(8, Math.min(30, size.columns - FIND_PROMPT.length - displayWidth(findTail)));
	return (
		<Box flexDirection="column" width={size.columns} height={frameRows} overflowY="hidden">
			<Text {...theme.style('title')} wrap="truncate">
				Your validation jobs
			</Text>
			<Text wrap="truncate">
				<Text {...theme.style('accent')}>
					{find ? `find in all your jobs · ${formatCount(matches.length)} shown` : `${current.filter} · ${pages}`}
				</Text>
				<Text {...theme.style('dim')}>{loading ? '  ⟳ loading…' : ''}</Text>
				{error ? (
					<Text {...theme.style('error')}>{`  ${errorLine(error, ['reload'], Math.max(20, size.columns - 40))}`}</Text>
				) : null}
			</Text>
			<Box height={bodyHeight} overflowY="hidden">
				{help ? (
					<HelpOverlay width={size.columns} height={bodyHeight} theme={theme} from="picker" page={state.helpPage} />
				) : (
					<DataTable
						columns={columns}
						rows={rows}
						visibleRows={bodyRows}
						theme={theme}
						emptyMessage={
							find
								? find.reading
									? 'Reading your jobs…'
									: find.error
										? sanitize(find.error.message)
										: find.query.trim() === ''
											? 'No jobs yet.'
											: `No job's id or name has “${sanitize(find.query)}”.`
								: data
									? current.filter === 'All'
										? 'No jobs yet.'
										: `No ${current.filter} jobs.`
									: loading
										? 'Loading…'
										: ''
						}
					/>
				)}
			</Box>
			{find && !help ? (
				// One line whatever is typed: the query gives way first, the "/ " prompt never does.
				<Box width={size.columns} height={1} overflowY="hidden">
					<Box flexShrink={0}>
						<Text {...theme.style('key')}>{FIND_PROMPT}</Text>
					</Box>
					<Box flexShrink={0} height={1} overflowY="hidden">
						<TextField value={find.query} placeholder="job id or name" focus width={fieldWidth} theme={theme} />
					</Box>
					<Text {...theme.style('dim')} wrap="truncate">
						{findTail}
					</Text>
				</Box>
			) : (
				<Footer mode={help ? 'help' : 'picker'} width={size.columns} theme={theme} error={error} />
			)}
		</Box>
	);
}
