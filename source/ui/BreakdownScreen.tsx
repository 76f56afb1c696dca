import {Box, Text} from 'ink';
import type React from 'react';
import {countOf, formatCount, formatFraction} from '../format.js';
import {
	GROUPING_TITLES,
	GROUPINGS,
	visibleGroups,
	type Breakdown,
	type BreakdownProgress,
	type BreakdownRefresh,
	type Group,
} from '../store/breakdown.js';
import type {BreakdownController} from '../store/breakdownController.js';
import type {Command} from '../keys/keymap.js';
import {scrollFor} from '../store/records.js';
import type {TerminalSize} from '../store/size.js';
import {useStore} from '../store/useStore.js';
import {sanitize} from '../text/sanitize.js';
import type {Theme} from '../terminal/theme.js';
import {displayWidth, fit, truncate} from '../terminal/width.js';
import {Footer} from './Footer.js';
import {errorLine, worksAfter} from './errorLine.js';
import {HelpOverlay} from './HelpOverlay.js';

export interface BreakdownScreenProps {
	readonly controller: BreakdownController;
	readonly size: TerminalSize;
	readonly theme: Theme;
}

/** The keys that need a group row: they do nothing while there is none (loading, failed, no Error records). */
const GROUP_COMMANDS = [
	'up',
	'down',
	'chooseGroup',
	'cycleGrouping',
	'revalidate',
] as const satisfies readonly Command[];

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
	marker: string,
	label: string = sanitize(group.label),
): string {
	const bar = layout.barWidth > 0 ? `${shareBar(total > 0 ? group.count / total : 0, layout.barWidth)}  ` : '';
	const line =
		`${selected ? marker : ' '}${formatCount(group.count).padStart(layout.countWidth)}  ` +
		`${formatShare(group.count, total).padStart(layout.shareWidth)}  ${bar}` +
		truncate(label, layout.labelWidth);
	return fit(line, width);
}

function progressLine(progress: BreakdownProgress | null, width: number): string {
	const lead = 'Fetching Error records…';
	if (progress === null || progress.total === 0) {
		return fit(lead + throttled(progress), width);
	}

	const share = Math.min(1, progress.done / progress.total);
	const counts = ` ${formatFraction(progress.done, progress.total)}`;
	const percent = ` ${Math.floor(share * 100)}%${throttled(progress)}`;
	const barWidth = Math.min(30, width - lead.length - counts.length - percent.length - 3);
	const bar = barWidth >= 4 ? ` ▕${shareBar(share, barWidth).replaceAll(' ', '░')}▏` : '';
	return fit(`${lead}${counts}${bar}${percent}`, width);
}

/** The wait the API asked for, in whole seconds left (the controller counts it down once a second). */
function throttled(progress: BreakdownProgress | null): string {
	return progress?.waitMs === undefined
		? ''
		: ` · rate limited: waiting ${formatCount(Math.ceil(progress.waitMs / 1000))} s`;
}

/** Beside the title while the groups on screen are being fetched again, or could not be. */
function refreshNote(refresh: BreakdownRefresh | undefined): string {
	if (refresh === undefined) {
		return '';
	}

	if (refresh.kind === 'failed') {
		// `r` only where asking again can help, as on every error line (errorLine.ts).
		return ` · not updated${worksAfter(refresh.error, 'reload') ? ', r to retry' : ''}: ${sanitize(refresh.error.message)}`;
	}

	const {progress} = refresh;
	return progress === null || progress.total === 0
		? ' · updating…'
		: ` · updating ${Math.floor(Math.min(1, progress.done / progress.total) * 100)}%${throttled(progress)}`;
}

function keptRecords(breakdown: Breakdown): number {
	return breakdown.groups.cached.reduce((sum, group) => sum + group.records.length, 0);
}

/** The frame: the whole width, one row less than the terminal (as every screen keeps). */
function frameOf(size: TerminalSize): {width: number; height: number} {
	return {width: Math.max(1, Math.floor(size.columns)), height: Math.max(1, Math.floor(size.rows) - 1)};
}

/** Group rows the screen shows at a terminal size (the controller moves the selection within them). */
export function breakdownRows(size: TerminalSize): number {
	return Math.max(1, frameOf(size).height - CHROME_ROWS - HEADING_ROWS);
}

/**
 * Why a job's records failed: its Error records grouped by message, pattern, validator or cached; or an
 * opened pattern's variants (its messages) under a first row for the whole pattern.
 */
export function BreakdownScreen({controller, size, theme}: BreakdownScreenProps) {
	const state = useStore(controller.store);
	const {jobId} = controller;
	const {width, height} = frameOf(size);
	const groupRows = breakdownRows(size);
	const {load, grouping, drill} = state;
	const knownTotal =
		load.kind === 'ready' ? load.breakdown.total : load.kind === 'loading' ? load.progress?.total : undefined;
	const title = drill ? `Variants of a pattern — job ${jobId}` : `Why records failed — job ${jobId}`;
	const count = knownTotal === undefined ? '' : ` · ${countOf(knownTotal, 'Error record')}`;
	// First after the title, so even a narrow terminal shows it.
	const notice = state.notice === null ? '' : ` · ${state.notice}`;

	const refresh = refreshNote(load.kind === 'ready' ? load.refresh : undefined);
	const refreshFailed = load.kind === 'ready' && load.refresh?.kind === 'failed';
	const failure =
		load.kind === 'error'
			? load.error
			: load.kind === 'ready' && load.refresh?.kind === 'failed'
				? load.refresh.error
				: null;
	const noGroups = load.kind !== 'ready' || load.breakdown.total === 0;

	const tabs = GROUPINGS.map(each =>
		each === grouping ? `[${GROUPING_TITLES[each]}]` : ` ${GROUPING_TITLES[each]} `,
	).join(' ');
	const note =
		load.kind === 'ready' && load.breakdown.truncated
			? `  counts are exact; records kept for the first ${formatCount(keptRecords(load.breakdown))}`
			: '';

	let body: React.ReactNode;
	if (state.helpVisible) {
		body = (
			<HelpOverlay
				width={width}
				height={Math.max(1, height - CHROME_ROWS)}
				theme={theme}
				from="breakdown"
				page={state.helpPage}
			/>
		);
	} else if (load.kind === 'loading') {
		body = (
			<Text wrap="truncate" {...theme.style('accent')}>
				{progressLine(load.progress, width)}
			</Text>
		);
	} else if (load.kind === 'error') {
		body = (
			<Text wrap="truncate" {...theme.style('error')}>
				{errorLine(load.error, ['reload'], width)}
			</Text>
		);
	} else if (load.breakdown.total === 0) {
		body = <Text wrap="truncate">{truncate('No Error records in this job.', width)}</Text>;
	} else {
		const groups = visibleGroups(state);
		// An opened pattern's rows share its records: each one's share is of the pattern.
		const total = drill ? drill.pattern.count : load.breakdown.total;
		const layout = rowLayout(groups, width);
		const top = scrollFor(state.selection, state.scrollTop, groupRows, groups.length);
		const heading =
			` ${'Count'.padStart(layout.countWidth)}  ${'Share'.padStart(layout.shareWidth)}  ` +
			(layout.barWidth > 0 ? `${' '.repeat(layout.barWidth)}  ` : '') +
			(drill ? 'Message' : GROUPING_TITLES[grouping].replace(/^./, letter => letter.toUpperCase()));
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
							{groupLine(
								group,
								total,
								selected,
								layout,
								width,
								theme.marker,
								drill && offset + top === 0 ? `(all ${countOf(groups.length - 1, 'variant')})` : undefined,
							)}
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
				<Text {...theme.style('warning')}>{truncate(notice, Math.max(0, width - displayWidth(title)))}</Text>
				<Text {...theme.style('dim')}>
					{truncate(count, Math.max(0, width - displayWidth(title) - displayWidth(notice)))}
				</Text>
				<Text {...theme.style(refreshFailed ? 'error' : 'accent')}>
					{truncate(refresh, Math.max(0, width - displayWidth(title) - displayWidth(notice) - displayWidth(count)))}
				</Text>
			</Text>
			{drill ? (
				<Text wrap="truncate">
					<Text {...theme.style('label')}>{truncate('Pattern ', width)}</Text>
					<Text {...theme.style('accent')}>{truncate(sanitize(drill.pattern.label), Math.max(0, width - 8))}</Text>
				</Text>
			) : (
				<Text wrap="truncate">
					<Text {...theme.style('label')}>{truncate('Group by ', width)}</Text>
					<Text {...theme.style('accent')}>{truncate(tabs, Math.max(0, width - 9))}</Text>
					<Text {...theme.style('dim')}>{truncate(note, Math.max(0, width - 9 - tabs.length))}</Text>
				</Text>
			)}
			<Box flexDirection="column" height={Math.max(0, height - CHROME_ROWS)} overflowY="hidden">
				{body}
			</Box>
			<Footer
				mode={state.helpVisible ? 'help' : 'breakdown'}
				width={width}
				theme={theme}
				error={failure}
				idle={noGroups ? GROUP_COMMANDS : undefined}
			/>
		</Box>
	);
}
