import {Table} from '@alcalzone/ink-table';
import {Box, Text} from 'ink';
import type React from 'react';
import {createContext, memo, useContext} from 'react';
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
	// The leading space holds the place of the bar before the cell (and the last cell's trailing one
	// that of the right edge): the table draws the bars over them, a column at a time (see Bars).
	const last = column === row.cells.length - 1;
	return <Text {...(role ? theme.style(role) : {})}>{`  ${row.cells[column] ?? ''} ${last ? ' ' : ''}`}</Text>;
}

function HeadingCell({children}: {children?: React.ReactNode}) {
	const theme = useContext(ThemeContext);
	return <Text {...theme?.style('heading')}>{children}</Text>;
}

/**
 * A `│` drawn as the left border of a box one cell wide: Ink then measures no text for it (for any
 * non-ASCII text that costs ~10 µs a frame, string-width's grapheme path), and a box of `height` rows
 * draws a whole column of them in one node.
 */
function VerticalBar({height, left, color}: {height: number; left?: number; color: string | undefined}) {
	return (
		<Box
			position={left === undefined ? 'relative' : 'absolute'}
			marginLeft={left ?? 0}
			width={1}
			height={height}
			borderStyle="single"
			borderTop={false}
			borderBottom={false}
			borderRight={false}
			borderColor={color}
		/>
	);
}

function Border({children}: {children?: React.ReactNode}) {
	const theme = useContext(ThemeContext);
	// Within data rows the bars are drawn a column at a time by Bars, over the cells' leading spaces.
	if (useContext(RowContext)) {
		return null;
	}

	if (children === '│') {
		return <VerticalBar height={1} color={theme?.borderColor} />;
	}

	return <Text {...theme?.style('border')}>{children}</Text>;
}

/**
 * The bars of the data rows: one box per column edge, as tall as the rows, drawn after them. A row
 * then costs a box and its cells' text nodes instead of also one node per bar (a third of the nodes
 * in a frame, and of React's and Yoga's work in the first one).
 */
function Bars({columns, rows, color}: {columns: readonly TableColumn[]; rows: number; color: string | undefined}) {
	const edges = [0];
	for (const column of columns) {
		edges.push(edges.at(-1)! + column.width + 3);
	}

	return (
		<>
			{edges.map(left => (
				<VerticalBar key={left} left={left} height={rows} color={color} />
			))}
		</>
	);
}

/**
 * The ink-table fork, changed through its extension points: fixed column widths (so columns keep
 * their widths while paging) and no separator line between rows (it would halve the rows that fit).
 */
class FixedTable extends Table<Row> {
	declare props: Table<Row>['props'] & {
		fixed: {columns: readonly TableColumn[]; rows: readonly TableRow[]; borderColor: string | undefined};
	};

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
		const headings = Object.fromEntries(
			this.props.fixed.columns.map(column => [column.key, fit(column.title, column.width)]),
		);
		return (
			<Box flexDirection="column">
				{this.header({key: 'header', columns, data: {}})}
				{this.heading({key: 'heading', columns, data: headings})}
				{this.separator({key: 'separator', columns, data: {}})}
				<Box flexDirection="column">
					{this.props.fixed.rows.map((row, index) => (
						// Rows are keyed by position: paging rewrites text in place instead of remounting rows.
						<RowContext.Provider key={index} value={row}>
							{this.data({key: `row-${index}`, columns, data: {}})}
						</RowContext.Provider>
					))}
					<Bars
						columns={this.props.fixed.columns}
						rows={this.props.fixed.rows.length}
						color={this.props.fixed.borderColor}
					/>
				</Box>
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
		const widest = columns.reduce(
			(best, column, index) => (column.width > (columns[best]?.width ?? 0) ? index : best),
			0,
		);
		const cells = [...blank];
		cells[widest] = fit(emptyMessage, columns[widest]!.width);
		all[0] = {cells, selected: false};
	}

	return (
		<ThemeContext.Provider value={theme}>
			<FixedTable
				data={[]}
				cell={DataCell}
				header={HeadingCell}
				skeleton={Border}
				fixed={{columns, rows: all, borderColor: theme.borderColor}}
			/>
		</ThemeContext.Provider>
	);
}

export const DataTable = memo(DataTableImpl);
