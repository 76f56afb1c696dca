// The rows of a frame that are not records, and what that leaves the job list. Pure arithmetic that
// imports nothing: start-up asks for the job list's first page (one screen of jobs) before any view is
// loaded (commands/browse.ts), and layout.ts's width helpers would load string-width, whose
// module-level Intl.Segmenter initialises ICU (~10 ms) before the request could leave.

export const HEADER_ROWS = 2;
export const FOOTER_ROWS = 1;
/** Top border, heading, separator, bottom border. */
export const TABLE_CHROME_ROWS = 4;

/** Rows of jobs the job list shows at a terminal size. */
export function jobsBodyRows(size: {readonly rows: number}): number {
	const frameRows = Math.max(1, size.rows - 1);
	return Math.max(1, frameRows - HEADER_ROWS - FOOTER_ROWS - TABLE_CHROME_ROWS);
}

/**
 * Jobs per page for a terminal: one page is one screen (the API allows 1–100); more would leave jobs
 * of the page off screen. Here, not in the view, because start-up asks for the first page before any
 * view is loaded.
 */
export function jobsPageSize(size: {readonly rows: number}): number {
	return Math.max(1, Math.min(100, jobsBodyRows(size)));
}
