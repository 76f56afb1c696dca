import {Box, Text} from 'ink';
import {memo} from 'react';
import type {Job, RecordFilter} from '../api/types.js';
import {sanitize} from '../text/sanitize.js';
import type {Theme} from '../terminal/theme.js';
import {displayWidth, truncate} from '../terminal/width.js';
import type {ViewError} from '../store/records.js';
import type {Untrusted} from '../text/untrusted.js';
import {countOf, formatCount} from '../format.js';
import {fitParts, jobSummaryParts, SEPARATOR, type Part} from './summary.js';

export interface HeaderProps {
	readonly jobId: number;
	readonly job: Job | null;
	/** The job's Error records, when known: the first thing triage wants. */
	readonly errors?: number | undefined;
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

/** Two lines: the job, then the view (filter, page, count, loading, last error); each keeps what matters most. */
function HeaderImpl(props: HeaderProps) {
	const {theme, width} = props;
	const name = props.job ? ` “${sanitize(props.job.list_name)}”` : '';
	const parts = props.job ? jobSummaryParts(props.job, props.errors) : [];
	// The name gives way to the counts that matter most (a long name would otherwise hide them all).
	const first = fitParts(
		parts.filter(part => part.rank <= 1),
		width,
	);
	const firstWidth = first.reduce((sum, part) => sum + displayWidth(part.text) + SEPARATOR.length, 0);
	const title = truncate(`Job ${props.jobId}${name}`, Math.max(Math.min(width, 16), width - 2 - firstWidth));
	const summary = fitParts(parts, Math.max(0, width - displayWidth(title) - 2));

	const pages =
		props.totalPages === undefined ? `page ${props.page}` : `page ${props.page} of ${formatCount(props.totalPages)}`;
	const view: Part[] = [];
	if (props.group) {
		const {label, count, kept} = props.group;
		view.push(
			{text: truncate(`group “${sanitize(label)}”`, Math.max(10, Math.floor(width / 2))), rank: 0},
			...(kept < count ? [{text: `first ${formatCount(kept)} of ${formatCount(count)}`, rank: 4}] : []),
			{text: 'b back', rank: 5},
		);
	}

	view.push({text: props.filter, rank: 0}, {text: pages, rank: 1});
	if (props.count !== undefined) {
		view.push({text: countOf(props.count, 'record'), rank: 2});
	}

	// The error itself is on the bottom line, which it has to itself; here only a mark.
	const status = props.error
		? {role: 'error' as const, text: '✖ failed (below)'}
		: props.notice
			? {role: 'warning' as const, text: sanitize(props.notice)}
			: undefined;
	const statusText = status ? `  ${status.text}` : '';
	const loading = props.loading ? '  ⟳ loading…' : '';
	const shownView = fitParts(view, Math.max(0, width - displayWidth(loading) - Math.min(displayWidth(statusText), 20)));
	const viewText = shownView.map(part => part.text).join(SEPARATOR);
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate">
				<Text {...theme.style('title')}>{title}</Text>
				{summary.map((part, index) => (
					<Text
						key={index}
						{...theme.style(part.role ?? 'dim')}
					>{`${index === 0 ? '  ' : SEPARATOR}${part.text}`}</Text>
				))}
			</Text>
			<Text wrap="truncate">
				{/* Every part is cut here, not by Ink: a group's label can be FIELD_LIMIT long, and Ink's own cut of that took seconds. */}
				<Text {...theme.style('accent')}>{viewText}</Text>
				<Text {...theme.style('dim')}>{loading}</Text>
				{status ? (
					<Text {...theme.style(status.role)}>
						{truncate(statusText, Math.max(0, width - displayWidth(viewText) - displayWidth(loading)))}
					</Text>
				) : null}
			</Text>
		</Box>
	);
}

export const Header = memo(HeaderImpl);
