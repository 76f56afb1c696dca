// A one-line progress display for long exports on stderr. Redrawn in place with CR, so the line must never
// wrap (a wrapped line cannot be overwritten by CR): it is cut to the terminal width.

import type {RecordFilter} from '../api/types.js';
import {formatCount, formatFraction, NO_PAGE_YET} from '../format.js';
import {eraseLine, redrawLine} from '../terminal/say.js';

export interface ExportProgress {
	done: number;
	/** The filter's records as the latest page said; undefined until the first page has answered. */
	total: number | undefined;
	/** Pages written so far, and how many the filter has as far as the latest page said. */
	page?: number;
	pages?: number;
	/** The API asked to slow down (429): nothing is fetched for this long, in ms. */
	waitMs?: number;
}

export interface ProgressReporter {
	update(progress: ExportProgress): void;
	/** Removes the line, leaving the cursor at the start of an empty line. */
	finish(): void;
}

interface ProgressStream {
	write(chunk: string): unknown;
	isTTY?: boolean;
	columns?: number;
}

export function createProgressReporter(
	stream: ProgressStream,
	options: {
		jobId: number;
		status: RecordFilter;
		/** How to stop the export from the keyboard, when keys are read (`q stops`). */
		hint?: string;
		/** What is being done to the records: `Exporting` (the default), `Reading`. */
		verb?: string;
		now?: () => number;
		intervalMs?: number;
	},
): ProgressReporter {
	if (!stream.isTTY) return {update() {}, finish() {}};
	const now = options.now ?? (() => performance.now());
	// At most ten redraws a second: a 120,000-record export reports hundreds of pages a second on loopback.
	const intervalMs = options.intervalMs ?? 100;
	const started = now();
	let lastDraw = Number.NEGATIVE_INFINITY;
	let drawn = false;
	let last: ExportProgress = {done: 0, total: undefined};
	const hint = options.hint ? ` · ${options.hint}` : '';
	// While the API makes the export wait, the line counts the wait down once a second.
	let waitUntil: number | undefined;
	let ticker: ReturnType<typeof setInterval> | undefined;
	const stopTicking = () => {
		clearInterval(ticker);
		ticker = undefined;
	};

	const draw = (time: number) => {
		lastDraw = time;
		drawn = true;
		const shown = waitUntil === undefined ? last : {...last, waitMs: Math.max(0, waitUntil - time)};
		const line = formatProgressLine(options.jobId, options.status, shown, (time - started) / 1000, options.verb) + hint;
		const width = stream.columns && stream.columns > 1 ? stream.columns - 1 : line.length;
		redrawLine(stream, line.slice(0, width));
	};

	return {
		update(progress) {
			const time = now();
			const waitChanged = (progress.waitMs !== undefined) !== (waitUntil !== undefined);
			last = {done: progress.done, total: progress.total, page: progress.page, pages: progress.pages};
			if (progress.waitMs === undefined) {
				waitUntil = undefined;
				stopTicking();
			} else {
				waitUntil = time + progress.waitMs;
				stopTicking();
				ticker = setInterval(() => {
					draw(now());
				}, 1000);
				// Only a display: it must never keep the process alive.
				ticker.unref();
			}

			// A wait starting or ending is always shown at once; counts at most every `intervalMs`.
			if (!waitChanged && progress.waitMs === undefined && time - lastDraw < intervalMs) return;
			draw(time);
		},
		finish() {
			stopTicking();
			waitUntil = undefined;
			if (drawn) eraseLine(stream);
			drawn = false;
		},
	};
}

export function formatProgressLine(
	jobId: number,
	status: RecordFilter,
	{done, total, page, pages, waitMs}: ExportProgress,
	elapsedSeconds: number,
	verb = 'Exporting',
): string {
	let line: string;
	if (total === undefined) {
		// Before the first page has answered (a 429 on it, say) nothing is known to count against.
		line = `${verb} job ${jobId} (${status}): ${NO_PAGE_YET}`;
	} else {
		const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
		const where =
			page !== undefined && pages !== undefined && pages > 0
				? `page ${formatCount(page)}/${formatCount(pages)} · `
				: '';
		line = `${verb} job ${jobId} (${status}): ${where}${formatFraction(done, total)} ${total === 1 ? 'record' : 'records'} ${percent}%`;
	}

	if (waitMs !== undefined) {
		line += ` · waiting ${formatCount(Math.ceil(waitMs / 1000))} s (rate limited)`;
	} else if (elapsedSeconds > 0.05 && done > 0) {
		line += ` · ${formatCount(done / elapsedSeconds)} rec/s`;
	}
	return line;
}
