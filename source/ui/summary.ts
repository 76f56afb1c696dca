// What a header line says when it cannot say everything: parts ranked for triage, dropped whole (never
// cut mid-word), shown in their own order. Pure, so it is tested without rendering.
import type {Job} from '../api/types.js';
import {countOf, formatCount, summaryText} from '../format.js';
import {isRunning, jobProgress} from '../store/records.js';
import type {Role} from '../terminal/theme.js';
import {sanitize} from '../text/sanitize.js';
import {sameText} from '../text/untrusted.js';
import {displayWidth} from '../terminal/width.js';

export interface Part {
	readonly text: string;
	/** Lower is kept first. */
	readonly rank: number;
	readonly role?: Role;
}

export const SEPARATOR = ' · ';

/**
 * The parts that fit in `width` display columns joined by `separator`: taken by rank (a part that does
 * not fit is left out, a smaller one of lower rank may still fit), then shown in the order given.
 */
export function fitParts(parts: readonly Part[], width: number, separator = SEPARATOR): Part[] {
	const byRank = [...parts.keys()].sort((a, b) => parts[a]!.rank - parts[b]!.rank || a - b);
	const kept = new Set<number>();
	let used = 0;
	for (const index of byRank) {
		const cost = displayWidth(parts[index]!.text) + (kept.size > 0 ? displayWidth(separator) : 0);
		if (used + cost <= width) {
			kept.add(index);
			used += cost;
		}
	}

	return parts.filter((_, index) => kept.has(index));
}

/**
 * The job's summary, ranked for triage: a running job's progress, then its Error records (when there
 * are any), a Failed job's status, the record total, the other counts; the rest last.
 */
export function jobSummaryParts(job: Job, errors: number | undefined): Part[] {
	const running = isRunning(job);
	const progress = jobProgress(job);
	const percent = progress && progress.total > 0 ? ` (${Math.floor((progress.done / progress.total) * 100)}%)` : '';
	const processed = sameText(job.status, 'Processed');
	const parts: Part[] = [];
	if (running) {
		parts.push({
			text: `${sanitize(job.status)} ${summaryText(job.results_summary)}${percent}`,
			rank: 0,
			role: 'accent',
		});
	}

	if (errors !== undefined && errors > 0) {
		parts.push({text: countOf(errors, 'error'), rank: 0, role: 'status.Error'});
	}

	// A job that failed or has a status we do not know says so early, first.
	if (!running && !processed) {
		parts.push({text: sanitize(job.status), rank: 1, role: 'error'});
	}

	parts.push(
		{text: countOf(job.total_records, 'record'), rank: 2},
		{text: `${formatCount(job.valid_count)} valid`, rank: 5},
		{text: `${formatCount(job.invalid_count)} invalid`, rank: 3},
		{text: `${formatCount(job.unknown_count)} unknown`, rank: 4},
	);
	// A processed one after the counts, but kept before them: a job followed until it is done says it is
	// done however long its name (the name gives way, Header.tsx).
	if (processed) {
		parts.push({text: sanitize(job.status), rank: 1});
	}

	if (job.duration) {
		parts.push({text: sanitize(job.duration), rank: 7});
	}

	if (!running) {
		parts.push({text: summaryText(job.results_summary), rank: 8});
	}

	return parts;
}
