import {Box, Text} from 'ink';
import {memo} from 'react';
import type {Job, RecordFilter} from '../api/types.js';
import {sanitize} from '../text/sanitize.js';
import type {Theme} from '../terminal/theme.js';
import {displayWidth, truncate} from '../terminal/width.js';
import {isRunning, jobProgress, type ViewError} from '../store/records.js';
import type {Untrusted} from '../text/untrusted.js';
import {formatCount} from '../format.js';

export interface HeaderProps {
	readonly jobId: number;
	readonly job: Job | null;
	readonly filter: RecordFilter;
	readonly page: number;
	readonly totalPages: number | undefined;
	readonly count: number | undefined;
	readonly loading: boolean;
	readonly error: ViewError | null;
	readonly notice: string | null;
	readonly group?: {readonly label: Untrusted; readonly count: number; readonly kept: number} | undefined;
	readonly width: number;
	readonly theme: Theme;
}

/** "12/1500" → " 1%": the progress of a job still running, from results_summary. */
function progressOf(job: Job): string {
	const progress = jobProgress(job);
	return progress && progress.total > 0 ? ` (${Math.floor((progress.done / progress.total) * 100)}%)` : '';
}

function jobSummary(job: Job): string {
	const running = isRunning(job);
	// A running job's progress comes first, so a narrow terminal never cuts it off.
	const parts = running
		? [`${sanitize(job.status)} ${sanitize(job.results_summary)}${progressOf(job)}`]
		: [sanitize(job.status)];
	parts.push(
		`${formatCount(job.total_records)} records`,
		`${formatCount(job.valid_count)} valid · ${formatCount(job.invalid_count)} invalid · ${formatCount(job.unknown_count)} unknown`,
	);
	if (job.duration) {
		parts.push(sanitize(job.duration));
	}

	if (!running) {
		parts.push(sanitize(job.results_summary));
	}

	return parts.join(' · ');
}

/** Two lines: the job, then the view (filter, page, count, loading, last error). */
function HeaderImpl(props: HeaderProps) {
	const {theme, width} = props;
	const title = `Job ${props.jobId}${props.job ? ` “${sanitize(props.job.list_name)}”` : ''}`;
	const summary = props.job ? `  ${jobSummary(props.job)}` : '';
	const pages =
		props.totalPages === undefined ? `page ${props.page}` : `page ${props.page} of ${formatCount(props.totalPages)}`;
	const count = props.count === undefined ? '' : ` · ${formatCount(props.count)} records`;
	const group = props.group
		? `group “${sanitize(props.group.label)}”${props.group.kept < props.group.count ? ` (first ${formatCount(props.group.kept)} of ${formatCount(props.group.count)})` : ''} · b back · `
		: '';
	const view = `${group}${props.filter} · ${pages}${count}`;
	// The error itself is on the bottom line, which it has to itself; here only a mark.
	const status = props.error
		? {role: 'error' as const, text: '✖ failed (below)'}
		: props.notice
			? {role: 'warning' as const, text: sanitize(props.notice)}
			: undefined;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate">
				<Text {...theme.style('title')}>{truncate(title, width)}</Text>
				<Text {...theme.style('dim')}>{truncate(summary, Math.max(0, width - displayWidth(title)))}</Text>
			</Text>
			<Text wrap="truncate">
				{/* Cut here, not by Ink: a group's label can be FIELD_LIMIT long, and Ink's own cut of that took seconds. */}
				<Text {...theme.style('accent')}>{truncate(view, width)}</Text>
				<Text {...theme.style('dim')}>{props.loading ? '  ⟳ loading…' : ''}</Text>
				{status ? <Text {...theme.style(status.role)}>{`  ${status.text}`}</Text> : null}
			</Text>
		</Box>
	);
}

export const Header = memo(HeaderImpl);
