// Where everything goes for a terminal of a given size. Pure, so it is tested without rendering.

import {displayWidth, truncate, wrap} from '../terminal/width.js';
import {FOOTER_ROWS, HEADER_ROWS, TABLE_CHROME_ROWS} from './rows.js';

export {FOOTER_ROWS, HEADER_ROWS, TABLE_CHROME_ROWS, jobsBodyRows, jobsPageSize} from './rows.js';

export interface ColumnSpec {
	readonly key: 'id' | 'email' | 'status' | 'validator' | 'cached' | 'processed' | 'error';
	readonly title: string;
	/** Display width of the content (the table adds one space of padding on each side). */
	readonly width: number;
}

export interface Layout {
	readonly columns: number;
	/** Height of the whole frame: one row less than the terminal, so Ink never clears the screen per frame. */
	readonly frameRows: number;
	readonly sideBySide: boolean;
	readonly tableWidth: number;
	/** Record rows the table shows. */
	readonly tableRows: number;
	readonly detailVisible: boolean;
	readonly detailWidth: number;
	readonly detailHeight: number;
	readonly compact: boolean;
	readonly tableColumns: readonly ColumnSpec[];
}

// Beside the table only from 140 columns: narrower, the table would lose its email column to the
// pane, and every selection move would rewrite whole terminal lines (both halves) instead of the
// pane's own lines below the table.
const SIDE_BY_SIDE_MIN_COLUMNS = 140;

/** A table this wide shows each record's error_message in a column of its own. */
export const ERROR_COLUMN_MIN_WIDTH = 120;

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

/**
 * @param idDigits digits of the largest record id seen in this filter, so the id column keeps its
 * width while paging.
 */
export function computeLayout(options: {
	columns: number;
	rows: number;
	detailVisible: boolean;
	idDigits: number;
	/** Rows of a message shown above the footer (see placeNotice). */
	messageRows?: number;
}): Layout {
	const columns = Math.max(20, options.columns);
	const frameRows = Math.max(1, options.rows - 1);
	const body = Math.max(0, frameRows - HEADER_ROWS - FOOTER_ROWS - (options.messageRows ?? 0));
	const sideBySide = options.detailVisible && columns >= SIDE_BY_SIDE_MIN_COLUMNS;

	let tableWidth = columns;
	let detailWidth = 0;
	let detailHeight = 0;
	let tableBody = body;
	if (sideBySide) {
		detailWidth = clamp(Math.floor(columns * 0.38), 44, 72);
		tableWidth = columns - detailWidth;
		detailHeight = body;
	} else if (options.detailVisible) {
		detailWidth = columns;
		detailHeight = clamp(Math.floor(body * 0.4), Math.min(6, body), 12);
		tableBody = body - detailHeight;
	}

	const tableRows = Math.max(1, tableBody - TABLE_CHROME_ROWS);
	const {compact, specs} = tableColumns(tableWidth, options.idDigits);
	return {
		columns,
		frameRows,
		sideBySide,
		tableWidth,
		tableRows,
		detailVisible: options.detailVisible,
		detailWidth,
		detailHeight,
		compact,
		tableColumns: specs,
	};
}

function tableColumns(width: number, idDigits: number): {compact: boolean; specs: ColumnSpec[]} {
	// The id column also carries the selection marker.
	const id = Math.max(6, idDigits) + 1;
	const wide: Array<Omit<ColumnSpec, 'width'> & {width: number}> = [
		{key: 'id', title: 'id', width: id},
		{key: 'email', title: 'email', width: 0},
		{key: 'status', title: 'status', width: 7},
		{key: 'validator', title: 'validator', width: 11},
		{key: 'cached', title: 'cached', width: 6},
		{key: 'processed', title: 'processed', width: 11},
	];
	const compactSpecs: typeof wide = [
		{key: 'id', title: 'id', width: id},
		{key: 'email', title: 'email', width: 0},
		{key: 'status', title: 'status', width: 7},
		{key: 'validator', title: 'via', width: 4},
		{key: 'cached', title: 'c', width: 1},
		{key: 'processed', title: 'date', width: 5},
	];
	const compact = width - tableWidthOf(wide) < 30;
	if (width >= ERROR_COLUMN_MIN_WIDTH) {
		// Why a record failed, beside it: the email keeps at least as much room as the message gets.
		const rest = width - tableWidthOf(wide) - 3;
		wide.push({key: 'error', title: 'error', width: Math.min(72, Math.floor(rest / 2))});
	}

	const specs = fitColumns(compact ? compactSpecs : wide, width, {
		flexible: 'email',
		minimum: 5,
		optional: ['cached', 'validator', 'processed'],
	});
	return {compact, specs};
}

/** Width of a table of these columns: each has a space either side and a bar before it, plus the last bar. */
export function tableWidthOf(columns: ReadonlyArray<{readonly width: number}>): number {
	return columns.reduce((sum, column) => sum + column.width + 3, 1);
}

/**
 * The columns for a table `width` wide: the flexible column takes what is left, and while that is
 * under its minimum the optional columns go, in order. The table's bars are drawn at fixed places
 * (DataTable), so a table must never need more than its width.
 */
export function fitColumns<T extends {readonly key: string; readonly width: number}>(
	columns: readonly T[],
	width: number,
	options: {flexible: T['key']; minimum: number; optional: ReadonlyArray<T['key']>},
): T[] {
	let kept = [...columns];
	const left = () => width - tableWidthOf(kept.filter(column => column.key !== options.flexible)) - 3;
	for (const key of options.optional) {
		if (left() >= options.minimum) {
			break;
		}

		kept = kept.filter(column => column.key !== key);
	}

	const flexible = Math.max(options.minimum, left());
	return kept.map(column => (column.key === options.flexible ? {...column, width: flexible} : column));
}

/** Short names for the compact validator column. */
export const VALIDATOR_SHORT: Readonly<Record<string, string>> = {
	ZeroBounce: 'ZB',
	RevenueBase: 'RB',
	SMTP: 'SMTP',
};

/**
 * What a terminal too small to draw in shows: the size it needs and the size it is, wrapped to its width
 * and cut to the frame's rows (one less than the terminal's), the sizes first where even that is too much.
 */
export function tooSmallMessage(
	size: {readonly columns: number; readonly rows: number},
	minimum: {readonly columns: number; readonly rows: number},
): string[] {
	const columns = Math.max(1, size.columns);
	const rows = Math.max(1, size.rows - 1);
	const need = `${minimum.columns}×${minimum.rows}`;
	const is = `${size.columns}×${size.rows}`;
	for (const text of [
		`Make the terminal at least ${need} (it is ${is}).`,
		`Needs at least ${need} (it is ${is}).`,
		`Needs ${need}, is ${is}.`,
		`Needs ${need}`,
		`min ${need}`,
	]) {
		const lines = wrap(text, columns);
		if (lines.length <= rows) {
			return lines;
		}
	}

	return wrap(need, columns).slice(0, rows);
}

/** Columns of the header's second line kept for the view (filter, page, count, loading) beside a notice. */
const HEADER_VIEW_COLUMNS = 45;
export const MAX_MESSAGE_ROWS = 4;

/**
 * Where a notice goes: in the header when it fits there whole; else on lines of its own above the footer,
 * wrapped (a path is broken where the line ends, never cut), at most MAX_MESSAGE_ROWS of them.
 */
export function placeNotice(notice: string | null, columns: number): {header: string | null; lines: string[]} {
	if (notice === null || displayWidth(notice) + 2 <= columns - HEADER_VIEW_COLUMNS) {
		return {header: notice, lines: []};
	}

	const lines = wrap(notice, columns);
	if (lines.length > MAX_MESSAGE_ROWS) {
		const last = lines[MAX_MESSAGE_ROWS - 1]!;
		return {header: null, lines: [...lines.slice(0, MAX_MESSAGE_ROWS - 1), truncate(`${last}…`, columns)]};
	}

	return {header: null, lines};
}
