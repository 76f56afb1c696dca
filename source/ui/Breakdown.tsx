import {Box, Text, useInput, type Key} from 'ink';
import type React from 'react';
import {useCallback, useEffect, useRef, useState} from 'react';
import {describeError} from '../api/errors.js';
import type {ApiClient} from '../api/types.js';
import {commandFor, type Command} from '../keys/keymap.js';
import {
	breakdownViewReducer,
	GROUPING_TITLES,
	GROUPINGS,
	initialBreakdownViewState,
	loadBreakdown,
	visibleGroups,
	type Breakdown,
	type BreakdownProgress,
	type BreakdownViewAction,
	type BreakdownViewState,
	type Group,
	type Grouping,
} from '../store/breakdown.js';
import {scrollFor} from '../store/browser.js';
import {sanitize} from '../terminal/sanitize.js';
import {SELECTION_MARKER, type Theme} from '../terminal/theme.js';
import {displayWidth, fit, truncate} from '../terminal/width.js';
import {Footer} from './Footer.js';
import {formatCount} from './format.js';
import {HelpOverlay} from './HelpOverlay.js';
import {isPaste, splitKeys} from './keys.js';

export interface BreakdownScreenProps {
	readonly client: ApiClient;
	readonly jobId: number;
	readonly theme: Theme;
	readonly width: number;
	readonly height: number;
	onChoose(group: Group, grouping: Grouping): void;
	onClose(): void;
	onQuit(): void;
}

/** Title, grouping line, footer. */
const CHROME_ROWS = 3;
/** The column heading above the groups. */
const HEADING_ROWS = 1;

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `width` cells filled to `share` (0–1) in eighths; anything above zero shows at least a sliver. */
export function shareBar(share: number, width: number): string {
	if (width <= 0) {
		return '';
	}

	const eighths = Math.max(share > 0 ? 1 : 0, Math.round(Math.min(1, Math.max(0, share)) * width * 8));
	const full = Math.floor(eighths / 8);
	const bar = '█'.repeat(full) + (full < width ? (EIGHTHS[eighths % 8] ?? '') : '');
	return bar.padEnd(width, ' ');
}

export function formatShare(count: number, total: number): string {
	if (total <= 0) {
		return '—';
	}

	const percent = (count / total) * 100;
	return percent > 0 && percent < 0.1 ? '<0.1%' : `${percent.toFixed(1)}%`;
}

/** Column widths of the group rows for a terminal `width` columns wide. */
function rowLayout(groups: readonly Group[], width: number) {
	const countWidth = Math.max(5, ...groups.map(group => formatCount(group.count).length));
	const shareWidth = 6;
	const barWidth = width >= 72 ? 12 : width >= 60 ? 8 : 0;
	// Marker, count, two spaces, share, two spaces, [bar, two spaces].
	const prefix = 1 + countWidth + 2 + shareWidth + 2 + (barWidth > 0 ? barWidth + 2 : 0);
	return {countWidth, shareWidth, barWidth, labelWidth: Math.max(0, width - prefix)};
}

function groupLine(
	group: Group,
	total: number,
	selected: boolean,
	layout: ReturnType<typeof rowLayout>,
	width: number,
): string {
	const bar = layout.barWidth > 0 ? `${shareBar(total > 0 ? group.count / total : 0, layout.barWidth)}  ` : '';
	const line =
		`${selected ? SELECTION_MARKER : ' '}${formatCount(group.count).padStart(layout.countWidth)}  ` +
		`${formatShare(group.count, total).padStart(layout.shareWidth)}  ${bar}` +
		truncate(sanitize(group.label), layout.labelWidth);
	return fit(line, width);
}

function progressLine(progress: BreakdownProgress | null, width: number): string {
	const lead = 'Fetching Error records…';
	if (progress === null || progress.total === 0) {
		return fit(lead, width);
	}

	const share = Math.min(1, progress.done / progress.total);
	const counts = ` ${formatCount(progress.done)} / ${formatCount(progress.total)}`;
	const percent = ` ${Math.floor(share * 100)}%`;
	const barWidth = Math.min(30, width - lead.length - counts.length - percent.length - 3);
	const bar = barWidth >= 4 ? ` ▕${shareBar(share, barWidth).replaceAll(' ', '░')}▏` : '';
	return fit(`${lead}${counts}${bar}${percent}`, width);
}

function keptRecords(breakdown: Breakdown): number {
	return breakdown.groups.cached.reduce((sum, group) => sum + group.records.length, 0);
}

interface Latest {
	readonly props: BreakdownScreenProps;
	readonly groupRows: number;
}

/** Why a job's records failed: its Error records grouped by message, validator or cached. */
export function BreakdownScreen(props: BreakdownScreenProps) {
	const {theme, jobId, client} = props;
	const width = Math.max(1, Math.floor(props.width));
	const height = Math.max(1, Math.floor(props.height));
	const groupRows = Math.max(1, height - CHROME_ROWS - HEADING_ROWS);

	// Keys can arrive faster than renders: each one reads the state the previous one left, not the
	// state of the last render.
	const current = useRef<BreakdownViewState>(initialBreakdownViewState);
	const [state, setState] = useState<BreakdownViewState>(initialBreakdownViewState);
	const dispatch = useCallback((action: BreakdownViewAction) => {
		current.current = breakdownViewReducer(current.current, action);
		setState(current.current);
	}, []);

	const [reloads, setReloads] = useState(0);
	const loadId = useRef(0);
	useEffect(() => {
		const id = ++loadId.current;
		const controller = new AbortController();
		dispatch({type: 'started', id});
		loadBreakdown({
			client,
			jobId,
			signal: controller.signal,
			onProgress: progress => dispatch({type: 'progress', id, progress}),
		}).then(
			breakdown => dispatch({type: 'loaded', id, breakdown}),
			(error: unknown) => {
				if (!controller.signal.aborted) {
					const {kind, message} = describeError(error, {resource: 'records', jobId});
					dispatch({type: 'failed', id, error: {kind, message}});
				}
			},
		);
		return () => controller.abort();
	}, [client, jobId, reloads, dispatch]);

	// The handler reads the latest props through a ref: Ink re-subscribes a changed handler in an
	// effect, and a key arriving before that effect runs must not meet the previous render's props.
	const latest = useRef<Latest>(null!);
	latest.current = {props, groupRows};
	const run = useCallback(
		(command: Command) => {
			const {props, groupRows} = latest.current;
			const state = current.current;
			switch (command) {
				case 'up':
				case 'down': {
					dispatch({type: 'move', delta: command === 'up' ? -1 : 1, viewportRows: groupRows});
					break;
				}

				case 'cycleGrouping': {
					dispatch({type: 'cycleGrouping'});
					break;
				}

				case 'chooseGroup': {
					const group = visibleGroups(state)[state.selection];
					if (group) {
						props.onChoose(group, state.grouping);
					}

					break;
				}

				case 'closeBreakdown': {
					props.onClose();
					break;
				}

				case 'reload': {
					setReloads(count => count + 1);
					break;
				}

				case 'help': {
					dispatch({type: 'help', visible: true});
					break;
				}

				case 'closeHelp': {
					dispatch({type: 'help', visible: false});
					break;
				}

				case 'quit': {
					props.onQuit();
					break;
				}

				default: {
					break;
				}
			}
		},
		[dispatch],
	);
	const onKey = useCallback(
		(input: string, key: Key) => {
			if (isPaste(input)) {
				return;
			}

			for (const [character, press] of splitKeys(input, key)) {
				const command = commandFor(current.current.helpVisible ? 'help' : 'breakdown', character, press);
				if (command) {
					run(command);
				}
			}
		},
		[run],
	);
	useInput(onKey);

	const {load, grouping} = state;
	const knownTotal =
		load.kind === 'ready' ? load.breakdown.total : load.kind === 'loading' ? load.progress?.total : undefined;
	const title = `Why records failed — job ${jobId}`;
	const count =
		knownTotal === undefined ? '' : ` · ${formatCount(knownTotal)} Error record${knownTotal === 1 ? '' : 's'}`;

	const tabs = GROUPINGS.map(each =>
		each === grouping ? `[${GROUPING_TITLES[each]}]` : ` ${GROUPING_TITLES[each]} `,
	).join(' ');
	const note =
		load.kind === 'ready' && load.breakdown.truncated
			? `  counts are exact; records kept for the first ${formatCount(keptRecords(load.breakdown))}`
			: '';

	let body: React.ReactNode;
	if (state.helpVisible) {
		body = <HelpOverlay width={width} height={Math.max(1, height - CHROME_ROWS)} theme={theme} from="breakdown" />;
	} else if (load.kind === 'loading') {
		body = (
			<Text wrap="truncate" {...theme.style('accent')}>
				{progressLine(load.progress, width)}
			</Text>
		);
	} else if (load.kind === 'error') {
		body = (
			<Text wrap="truncate" {...theme.style('error')}>
				{truncate(`✖ r to retry · ${sanitize(load.error.message)}`, width)}
			</Text>
		);
	} else if (load.breakdown.total === 0) {
		body = <Text wrap="truncate">{truncate('No Error records in this job.', width)}</Text>;
	} else {
		const groups = load.breakdown.groups[grouping];
		const layout = rowLayout(groups, width);
		const top = scrollFor(state.selection, state.scrollTop, groupRows, groups.length);
		const heading =
			` ${'Count'.padStart(layout.countWidth)}  ${'Share'.padStart(layout.shareWidth)}  ` +
			(layout.barWidth > 0 ? `${' '.repeat(layout.barWidth)}  ` : '') +
			GROUPING_TITLES[grouping].replace(/^./, letter => letter.toUpperCase());
		// Right-aligned, so a narrow terminal cuts the column title rather than where the list is.
		const position =
			groups.length > groupRows
				? ` ${top + 1}–${Math.min(groups.length, top + groupRows)} of ${formatCount(groups.length)}`
				: '';
		body = (
			<>
				<Text wrap="truncate" {...theme.style('heading')}>
					{fit(heading, Math.max(0, width - position.length)) + truncate(position, width)}
				</Text>
				{groups.slice(top, top + groupRows).map((group, offset) => {
					const selected = top + offset === state.selection;
					return (
						<Text key={group.key} wrap="truncate" {...(selected ? theme.style('selection') : {})}>
							{groupLine(group, load.breakdown.total, selected, layout, width)}
						</Text>
					);
				})}
			</>
		);
	}

	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text wrap="truncate">
				<Text {...theme.style('title')}>{truncate(title, width)}</Text>
				<Text {...theme.style('dim')}>{truncate(count, Math.max(0, width - displayWidth(title)))}</Text>
			</Text>
			<Text wrap="truncate">
				<Text {...theme.style('label')}>{truncate('Group by ', width)}</Text>
				<Text {...theme.style('accent')}>{truncate(tabs, Math.max(0, width - 9))}</Text>
				<Text {...theme.style('dim')}>{truncate(note, Math.max(0, width - 9 - tabs.length))}</Text>
			</Text>
			<Box flexDirection="column" height={Math.max(0, height - CHROME_ROWS)} overflowY="hidden">
				{body}
			</Box>
			<Footer mode={state.helpVisible ? 'help' : 'breakdown'} width={width} theme={theme} />
		</Box>
	);
}
