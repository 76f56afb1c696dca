import {Box, Text, useInput, type Key} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import {describeError, type ApiError} from '../api/errors.js';
import {JOB_FILTERS, type ApiClient, type JobFilter, type JobsPage} from '../api/types.js';
import {commandFor} from '../keys/keymap.js';
import {sanitize} from '../terminal/sanitize.js';
import {SELECTION_MARKER, type Role, type Theme} from '../terminal/theme.js';
import {fit} from '../terminal/width.js';
import {DataTable, type TableColumn} from './DataTable.js';
import {Footer} from './Footer.js';
import {compactTime, formatCount} from './format.js';
import {HelpOverlay} from './HelpOverlay.js';
import {FOOTER_ROWS, HEADER_ROWS, TABLE_CHROME_ROWS, fitColumns} from './layout.js';
import {isPaste, splitKeys} from './keys.js';
import {useTerminalSize} from './useTerminalSize.js';

/** Where the job list was, so coming back from a job lands on the same row. */
export interface PickerPlace {
	readonly filter: JobFilter;
	readonly page: number;
	readonly selection: number;
}

export interface JobPickerProps {
	readonly client: ApiClient;
	readonly theme: Theme;
	readonly place: PickerPlace;
	/** Pages seen before, so coming back shows the list at once while it refreshes. */
	readonly cache?: Map<string, JobsPage>;
	readonly onOpen: (jobId: number, place: PickerPlace) => void;
	readonly onQuit: () => void;
	readonly onAuthError?: (error: ApiError, place: PickerPlace) => void;
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
		{key: 'progress', title: 'done', width: 13},
		{key: 'created', title: narrow ? 'date' : 'created', width: narrow ? 5 : 11},
	];
	// Narrow terminals drop the per-status counts first: the list name matters more.
	const columns = narrow ? fixed.filter(column => !['valid', 'invalid', 'unknown'].includes(column.key)) : fixed;
	// Narrower still: the record count (also in "done"), then the date, then the progress.
	return fitColumns(columns, width, {flexible: 'name', minimum: 8, optional: ['total', 'created', 'progress']});
}

/** The user's jobs from List Jobs, newest first, paged like the records. Enter opens one. */
export function JobPicker({client, theme, place, cache, onOpen, onQuit, onAuthError}: JobPickerProps) {
	const size = useTerminalSize();
	const frameRows = Math.max(1, size.rows - 1);
	const bodyRows = Math.max(1, frameRows - HEADER_ROWS - FOOTER_ROWS - TABLE_CHROME_ROWS);
	// One page is one screen (the API allows 1–100), fixed at mount so page numbers stay meaningful.
	const [pageSize] = useState(() => Math.max(5, Math.min(100, bodyRows)));
	const [current, setCurrent] = useState(place);
	const cacheKey = (where: PickerPlace) => `${where.filter}|${where.page}`;
	const [data, setData] = useState<JobsPage | undefined>(() => cache?.get(cacheKey(place)));
	const [loading, setLoading] = useState(false);
	const [error, setError] = useState<ApiError | undefined>(undefined);
	const [help, setHelp] = useState(false);
	const [reloads, setReloads] = useState(0);

	// Keys may come faster than renders: they read and write this, then React catches up.
	const latest = useRef({current, data, help});
	latest.current.data = data;

	const update = useCallback((next: PickerPlace) => {
		latest.current.current = next;
		setCurrent(next);
	}, []);

	useEffect(() => {
		const controller = new AbortController();
		setLoading(true);
		client
			.listJobs({status: current.filter, page: current.page, page_size: pageSize}, {signal: controller.signal})
			.then(
				page => {
					cache?.set(cacheKey(current), page);
					setData(page);
					setError(undefined);
					setLoading(false);
				},
				(error_: unknown) => {
					const problem = describeError(error_);
					if (problem.kind === 'aborted') {
						return;
					}

					setLoading(false);
					if (problem.kind === 'invalid-page' && current.page > 1) {
						update({...current, page: 1, selection: 0});
						return;
					}

					setError(problem);
					if (problem.kind === 'auth') {
						onAuthError?.(problem, latest.current.current);
					}
				},
			);
		return () => {
			controller.abort();
		};
		// The page to show is the only input; reloads bump `reloads`.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [client, current.filter, current.page, pageSize, reloads]);

	const onKey = useCallback(
		(input: string, key: Key) => {
			if (isPaste(input)) {
				return;
			}

			for (const [character, press] of splitKeys(input, key)) {
				const state = latest.current;
				const command = commandFor(state.help ? 'help' : 'picker', character, press);
				const here = state.current;
				const jobs = state.data?.results ?? [];
				const totalPages = state.data?.total_pages ?? 1;
				const goTo = (page: number) => {
					const target = Math.max(1, Math.min(totalPages, page));
					if (target !== here.page) {
						update({...here, page: target});
					}
				};

				switch (command) {
					case 'up':
					case 'down': {
						const selection = Math.max(0, Math.min(jobs.length - 1, here.selection + (command === 'up' ? -1 : 1)));
						update({...here, selection});
						break;
					}

					case 'prevPage': {
						goTo(here.page - 1);
						break;
					}

					case 'nextPage': {
						goTo(here.page + 1);
						break;
					}

					case 'firstPage': {
						goTo(1);
						break;
					}

					case 'lastPage': {
						goTo(totalPages);
						break;
					}

					case 'cycleJobFilter': {
						const next = JOB_FILTERS[(JOB_FILTERS.indexOf(here.filter) + 1) % JOB_FILTERS.length] ?? 'All';
						update({filter: next, page: 1, selection: 0});
						break;
					}

					case 'openJob': {
						const job = jobs[Math.min(here.selection, jobs.length - 1)];
						if (job) {
							onOpen(job.id, here);
						}

						break;
					}

					case 'reload': {
						setReloads(count => count + 1);
						break;
					}

					case 'help':
					case 'closeHelp': {
						state.help = command === 'help';
						setHelp(state.help);
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
		},
		[onOpen, onQuit, update],
	);
	useInput(onKey);

	const jobs = data?.results ?? [];
	const columns = columnsFor(size.columns);
	const narrow = size.columns < 110;
	const selection = Math.min(current.selection, Math.max(0, jobs.length - 1));
	const rows = jobs.slice(0, bodyRows).map((job, index) => {
		const selected = index === selection;
		const values: Record<string, string> = {
			id: `${selected ? SELECTION_MARKER : ' '}${job.id}`,
			name: sanitize(job.list_name),
			status: sanitize(job.status),
			total: formatCount(job.total_records),
			valid: formatCount(job.valid_count),
			invalid: formatCount(job.invalid_count),
			unknown: formatCount(job.unknown_count),
			progress: sanitize(job.results_summary),
			created: compactTime(job.created_at, narrow),
		};
		return {
			cells: columns.map(column => fit(values[column.key] ?? '', column.width)),
			selected,
			roles: columns.map(column => (column.key === 'status' ? JOB_STATUS_ROLE[job.status] : undefined)),
		};
	});
	const pages = data
		? `page ${current.page} of ${formatCount(data.total_pages)} · ${formatCount(data.count)} jobs`
		: `page ${current.page}`;
	const bodyHeight = Math.max(0, frameRows - HEADER_ROWS - FOOTER_ROWS);
	return (
		<Box flexDirection="column" width={size.columns} height={frameRows} overflowY="hidden">
			<Text {...theme.style('title')} wrap="truncate">
				Your validation jobs
			</Text>
			<Text wrap="truncate">
				<Text {...theme.style('accent')}>{`${current.filter} · ${pages}`}</Text>
				<Text {...theme.style('dim')}>{loading ? '  ⟳ loading…' : ''}</Text>
				{error ? (
					<Text
						{...theme.style('error')}
					>{`  ✖ ${error.kind === 'auth' ? '' : 'r to retry · '}${sanitize(error.message)}`}</Text>
				) : null}
			</Text>
			<Box height={bodyHeight} overflowY="hidden">
				{help ? (
					<HelpOverlay width={size.columns} height={bodyHeight} theme={theme} from="picker" />
				) : (
					<DataTable
						columns={columns}
						rows={rows}
						visibleRows={bodyRows}
						theme={theme}
						emptyMessage={
							data
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
			<Footer mode={help ? 'help' : 'picker'} width={size.columns} theme={theme} />
		</Box>
	);
}
