import {Table} from '@alcalzone/ink-table';
import {Box, Text} from 'ink';
import React, {createContext, memo, useContext} from 'react';
import type {Role, Theme} from '../terminal/theme.js';
import {fit} from '../terminal/width.js';

export interface TableColumn {
	readonly key: string;
	readonly title: string;
	/** Display width of the content (the table adds one space of padding on each side). */
	readonly width: number;
}

export interface TableRow {
	/** Already sanitised and fitted to each column's width. */
	readonly cells: readonly string[];
	readonly selected: boolean;
	/** Role of each cell when not selected (e.g. a status colour). */
	readonly roles?: ReadonlyArray<Role | undefined>;
}

type Row = Record<string, string>;

const ThemeContext = createContext<Theme | null>(null);
const RowContext = createContext<TableRow | null>(null);

/**
 * Data cells ignore the text the table hands them: the fork pads by string length, which misaligns
 * wide characters, so each cell is drawn from the row's own cells, already fitted to display width.
 */
function DataCell({column}: {column: number; children?: React.ReactNode}) {
	const row = useContext(RowContext);
	const theme = useContext(ThemeContext);
	if (!row || !theme) {
		return null;
	}

	const role = row.selected ? 'selection' : row.roles?.[column];
	return <Text {...(role ? theme.style(role) : {})}>{` ${row.cells[column] ?? ''} `}</Text>;
}

function HeadingCell({children}: {children?: React.ReactNode}) {
	const theme = useContext(ThemeContext);
	return <Text {...theme?.style('heading')}>{children}</Text>;
}

/** A one-cell box whose only border is its left one: Ink draws it without measuring any text. */
const VERTICAL_BAR = (
	<Box width={1} height={1} borderStyle="single" borderTop={false} borderBottom={false} borderRight={false} />
);

function Border({children}: {children?: React.ReactNode}) {
	const theme = useContext(ThemeContext);
	// The `│` between cells is most of a frame's text nodes. Ink measures every text node's width each
	// frame, and for any non-ASCII text that costs ~10 µs (string-width's grapheme path): ~4 ms a frame
	// at 200×60. Borders are uncoloured (theme.ts), so a box border draws the same character.
	if (children === '│' && !theme?.borderColor) {
		return VERTICAL_BAR;
	}

	return <Text {...theme?.style('border')}>{children}</Text>;
}

/**
 * The ink-table fork, changed through its extension points: fixed column widths (so columns keep
 * their widths while paging) and no separator line between rows (it would halve the rows that fit).
 */
class FixedTable extends Table<Row> {
	declare props: Table<Row>['props'] & {fixed: {columns: readonly TableColumn[]; rows: readonly TableRow[]}};

	override getColumns() {
		return this.props.fixed.columns.map(column => ({
			column: column.key,
			key: column.key,
			width: column.width + 2,
			align: 'left' as const,
		}));
	}

	override render() {
		const columns = this.getColumns();
		const headings = Object.fromEntries(this.props.fixed.columns.map(column => [column.key, fit(column.title, column.width)]));
		return (
			<Box flexDirection="column">
				{this.header({key: 'header', columns, data: {}})}
				{this.heading({key: 'heading', columns, data: headings})}
				{this.separator({key: 'separator', columns, data: {}})}
				{this.props.fixed.rows.map((row, index) => (
					// Rows are keyed by position: paging rewrites text in place instead of remounting rows.
					// eslint-disable-next-line react/no-array-index-key
					<RowContext.Provider key={index} value={row}>
						{this.data({key: `row-${index}`, columns, data: {}})}
					</RowContext.Provider>
				))}
				{this.footer({key: 'footer', columns, data: {}})}
			</Box>
		);
	}
}

export interface DataTableProps {
	readonly columns: readonly TableColumn[];
	/** Only the rows that fit: the caller slices, so a 1,000-row page mounts a screenful. */
	readonly rows: readonly TableRow[];
	readonly visibleRows: number;
	readonly theme: Theme;
	/** Shown in the first row when there are no rows, in the widest column. */
	readonly emptyMessage?: string;
}

function DataTableImpl({columns, rows, visibleRows, theme, emptyMessage}: DataTableProps) {
	const blank = columns.map(column => ' '.repeat(column.width));
	// Blank rows keep the table's height constant, so what is below it never jumps.
	const all: TableRow[] = [
		...rows,
		...Array.from({length: Math.max(0, visibleRows - rows.length)}, () => ({cells: blank, selected: false})),
	];
	if (rows.length === 0 && emptyMessage && all[0]) {
		const widest = columns.reduce((best, column, index) => (column.width > (columns[best]?.width ?? 0) ? index : best), 0);
		const cells = [...blank];
		cells[widest] = fit(emptyMessage, columns[widest]!.width);
		all[0] = {cells, selected: false};
	}

	return (
		<ThemeContext.Provider value={theme}>
			<FixedTable data={[]} cell={DataCell} header={HeadingCell} skeleton={Border} fixed={{columns, rows: all}} />
		</ThemeContext.Provider>
	);
}

export const DataTable = memo(DataTableImpl);
