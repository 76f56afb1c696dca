import {memo, useMemo} from 'react';
import type {JobRecord} from '../api/types.js';
import {sanitize} from '../text/sanitize.js';
import {SELECTION_MARKER, type Theme} from '../terminal/theme.js';
import {fit} from '../terminal/width.js';
import {DataTable, type TableRow} from './DataTable.js';
import {lookup} from '../text/untrusted.js';
import {compactTime} from '../format.js';
import {VALIDATOR_SHORT, type ColumnSpec} from './layout.js';

/** One record as the fitted cell texts of the columns, in column order. */
export function recordCells(
	record: JobRecord,
	specs: readonly ColumnSpec[],
	compact: boolean,
	selected: boolean,
	marker = SELECTION_MARKER,
): string[] {
	return specs.map(spec => {
		switch (spec.key) {
			case 'id': {
				return fit(`${selected ? marker : ' '}${record.id}`, spec.width);
			}

			case 'email': {
				return fit(sanitize(record.email), spec.width);
			}

			case 'status': {
				return fit(sanitize(record.status), spec.width);
			}

			case 'validator': {
				const name = record.validator_used === null ? '—' : sanitize(record.validator_used);
				return fit(compact ? (lookup(VALIDATOR_SHORT, record.validator_used) ?? name) : name, spec.width);
			}

			case 'cached': {
				return fit(compact ? (record.is_cached ? '✓' : ' ') : record.is_cached ? 'yes' : 'no', spec.width);
			}

			case 'processed': {
				return fit(compactTime(record.processed_at, compact), spec.width);
			}

			case 'error': {
				return fit(record.error_message === null ? '' : sanitize(record.error_message), spec.width);
			}
		}
	});
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
	/** Indexes of records matching the find, marked in the id column. */
	readonly matches?: ReadonlySet<number>;
}

/** Only the rows that fit are mounted, whatever the page size. */
function RecordsTableImpl({
	records,
	selection,
	top,
	visibleRows,
	specs,
	compact,
	theme,
	emptyMessage,
	matches,
}: RecordsTableProps) {
	const statusColumn = specs.findIndex(spec => spec.key === 'status');
	const emailColumn = specs.findIndex(spec => spec.key === 'email');
	const rows = useMemo<TableRow[]>(
		() =>
			records.slice(top, top + visibleRows).map((record, offset) => {
				const index = top + offset;
				const selected = index === selection;
				const roles = specs.map((_, column) =>
					column === statusColumn
						? theme.statusRole(record.status)
						: column === emailColumn && matches?.has(index)
							? ('accent' as const)
							: undefined,
				);
				return {cells: recordCells(record, specs, compact, selected, theme.marker), selected, roles};
			}),
		[records, top, visibleRows, selection, specs, compact, theme, statusColumn, emailColumn, matches],
	);
	return <DataTable columns={specs} rows={rows} visibleRows={visibleRows} theme={theme} emptyMessage={emptyMessage} />;
}

export const RecordsTable = memo(RecordsTableImpl);
