import {Table} from '@alcalzone/ink-table';
import {Box, Text} from 'ink';
import React, {createContext, memo, useContext} from 'react';
import type {JobRecord} from '../api/types.js';
import {sanitize} from '../terminal/sanitize.js';
import type {Theme} from '../terminal/theme.js';
import {fit} from '../terminal/width.js';
import {compactTime} from './format.js';
import {VALIDATOR_SHORT, type ColumnSpec} from './layout.js';

type Row = Record<ColumnSpec['key'], string>;

interface RowContextValue {
	readonly cells: readonly string[];
	readonly status: string;
	readonly selected: boolean;
}

const ThemeContext = createContext<Theme | null>(null);
const RowContext = createContext<RowContextValue | null>(null);
const StatusColumnContext = createContext(-1);

const SELECTED_MARKER = '›';

/** One record as the fitted cell texts of the columns, in column order. */
export function recordCells(record: JobRecord, specs: readonly ColumnSpec[], compact: boolean, selected: boolean): string[] {
	return specs.map(spec => {
		switch (spec.key) {
			case 'id': {
				return fit(`${selected ? SELECTED_MARKER : ' '}${record.id}`, spec.width);
			}

			case 'email': {
				return fit(sanitize(record.email), spec.width);
			}

			case 'status': {
				return fit(sanitize(record.status), spec.width);
			}

			case 'validator': {
				const name = record.validator_used === null ? '—' : sanitize(record.validator_used);
				return fit(compact ? (VALIDATOR_SHORT[name] ?? name) : name, spec.width);
			}

			case 'cached': {
				return fit(compact ? (record.is_cached ? '✓' : ' ') : record.is_cached ? 'yes' : 'no', spec.width);
			}

			case 'processed': {
				return fit(sanitize(compactTime(record.processed_at, compact)), spec.width);
			}
		}
	});
}

/**
 * Data cells ignore the text the table hands them: the fork pads by string length, which misaligns
 * wide characters, so each cell is drawn from the row's own cells, already fitted to display width.
 */
function DataCell({column}: {column: number; children?: React.ReactNode}) {
	const row = useContext(RowContext);
	const theme = useContext(ThemeContext);
	const statusColumn = useContext(StatusColumnContext);
	if (!row || !theme) {
		return null;
	}

	const text = ` ${row.cells[column] ?? ''} `;
	const style = row.selected
		? theme.style('selection')
		: column === statusColumn
			? theme.style(theme.statusRole(row.status))
			: {};
	return <Text {...style}>{text}</Text>;
}

function HeadingCell({children}: {children?: React.ReactNode}) {
	const theme = useContext(ThemeContext);
	return <Text {...theme?.style('heading')}>{children}</Text>;
}

function Border({children}: {children?: React.ReactNode}) {
	const theme = useContext(ThemeContext);
	return <Text {...theme?.style('border')}>{children}</Text>;
}

interface RowsProps {
	readonly rows: readonly RowContextValue[];
	readonly specs: readonly ColumnSpec[];
	readonly keys: readonly number[];
}

/**
 * The ink-table fork, with two changes made through its extension points: fixed column widths (so
 * columns keep their widths while paging) and no separator line between records (it would halve the
 * rows that fit).
 */
class FixedTable extends Table<Row> {
	declare props: Table<Row>['props'] & {rowsProps: RowsProps};

	override getColumns() {
		return this.props.rowsProps.specs.map(spec => ({
			column: spec.key,
			key: spec.key,
			width: spec.width + 2,
			align: 'left' as const,
		}));
	}

	override render() {
		const columns = this.getColumns();
		const {rows, keys} = this.props.rowsProps;
		const headings = Object.fromEntries(
			this.props.rowsProps.specs.map(spec => [spec.key, fit(spec.title, spec.width)]),
		) as Partial<Row>;
		return (
			<Box flexDirection="column">
				{this.header({key: 'header', columns, data: {}})}
				{this.heading({key: 'heading', columns, data: headings})}
				{this.separator({key: 'separator', columns, data: {}})}
				{rows.map((row, index) => (
					<RowContext.Provider key={keys[index]} value={row}>
						{this.data({key: `row-${keys[index]}`, columns, data: {}})}
					</RowContext.Provider>
				))}
				{this.footer({key: 'footer', columns, data: {}})}
			</Box>
		);
	}
}

export interface RecordsTableProps {
	readonly records: readonly JobRecord[];
	readonly selection: number;
	/** Index of the first visible record. */
	readonly top: number;
	readonly visibleRows: number;
	readonly specs: readonly ColumnSpec[];
	readonly compact: boolean;
	readonly theme: Theme;
	/** Shown in the first row when there are no records. */
	readonly emptyMessage?: string;
}

/** Only the rows that fit are mounted, whatever the page size. */
function RecordsTableImpl({records, selection, top, visibleRows, specs, compact, theme, emptyMessage}: RecordsTableProps) {
	const visible = records.slice(top, top + visibleRows);
	const rows = visible.map((record, index) => {
		const selected = top + index === selection;
		return {cells: recordCells(record, specs, compact, selected), status: record.status, selected};
	});
	// Blank rows keep the table's height constant, so the panes below never jump.
	const blanks = Math.max(0, visibleRows - rows.length);
	const blankCells = specs.map(spec => ' '.repeat(spec.width));
	const allRows = [...rows, ...Array.from({length: blanks}, () => ({cells: blankCells, status: '', selected: false}))];
	const emailColumn = specs.findIndex(spec => spec.key === 'email');
	if (records.length === 0 && emptyMessage && allRows[0] && emailColumn >= 0) {
		const cells = [...blankCells];
		cells[emailColumn] = fit(emptyMessage, specs[emailColumn]!.width);
		allRows[0] = {cells, status: '', selected: false};
	}

	const keys = allRows.map((_, index) => index);
	return (
		<ThemeContext.Provider value={theme}>
			<StatusColumnContext.Provider value={specs.findIndex(spec => spec.key === 'status')}>
				<FixedTable
					data={[]}
					cell={DataCell}
					header={HeadingCell}
					skeleton={Border}
					rowsProps={{rows: allRows, specs, keys}}
				/>
			</StatusColumnContext.Provider>
		</ThemeContext.Provider>
	);
}

export const RecordsTable = memo(RecordsTableImpl);
