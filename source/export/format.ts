// File formats of the export. Files hold the real data, byte for byte as the API sent it: no sanitising here
// (the sanitiser is for the terminal; a CSV that rewrote escape sequences would no longer be the job's data).

import {RECORD_FIELDS, type JobRecord, type RecordFilter} from '../api/types.js';

export const EXPORT_FORMATS = ['csv', 'ndjson', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RecordEncoder {
	readonly header: string;
	/** Encodes a run of records; `first` says whether any record was encoded before them. */
	records(records: readonly JobRecord[], first: boolean): string;
	footer(empty: boolean): string;
}

export function createEncoder(format: ExportFormat, options: {excelSafe?: boolean} = {}): RecordEncoder {
	switch (format) {
		case 'csv': {
			const excelSafe = options.excelSafe ?? false;
			return {
				header: `${RECORD_FIELDS.join(',')}\r\n`,
				records: records => {
					let text = '';
					for (const record of records) text += `${formatCsvRow(record, excelSafe)}\r\n`;
					return text;
				},
				footer: () => '',
			};
		}
		case 'ndjson': {
			return {
				header: '',
				records: records => {
					let text = '';
					for (const record of records) text += `${JSON.stringify(record)}\n`;
					return text;
				},
				footer: () => '',
			};
		}
		case 'json': {
			return {
				header: '[\n',
				records: (records, first) => {
					let text = '';
					let separator = first ? '' : ',\n';
					for (const record of records) {
						text += separator + JSON.stringify(record);
						separator = ',\n';
					}
					return text;
				},
				footer: empty => (empty ? ']\n' : '\n]\n'),
			};
		}
	}
}

export function formatCsvRow(record: JobRecord, excelSafe = false): string {
	return RECORD_FIELDS.map(field => csvCell(record[field], excelSafe)).join(',');
}

// OWASP CSV injection: a cell a spreadsheet would read as a formula starts with one of these.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined, excelSafe = false): string {
	if (value === null || value === undefined) return '';
	let text = String(value);
	if (excelSafe && typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
	return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const EXTENSIONS: Record<ExportFormat, string> = {csv: 'csv', ndjson: 'ndjson', json: 'json'};

/** `ecore-job-42-Q1-Leads-Error.csv`: only [A-Za-z0-9._-], since the list name is untrusted text. */
export function defaultExportFileName(
	job: {id: number; list_name?: string | null},
	status: RecordFilter,
	format: ExportFormat,
): string {
	const parts = ['ecore-job', String(job.id)];
	const slug = slugify(job.list_name ?? '');
	if (slug) parts.push(slug);
	parts.push(slugify(status) || 'All');
	return `${parts.join('-')}.${EXTENSIONS[format]}`;
}

function slugify(text: string): string {
	return text
		.normalize('NFKD')
		.replaceAll(/\p{M}/gu, '')
		.replaceAll(/[^A-Za-z0-9]+/g, '-')
		.replaceAll(/^-+|-+$/g, '')
		.slice(0, 40)
		.replace(/-+$/, '');
}
