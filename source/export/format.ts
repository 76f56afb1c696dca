// File formats of the export. Files and pipes hold the real data, byte for byte as the API sent it (a CSV that
// rewrote escape sequences would no longer be the job's data). Only an export whose output is a terminal
// escapes, field by field as the TSV output does, since there the bytes would act on the terminal.

import {RECORD_FIELDS, type JobRecord, type RecordFilter} from '../api/types.js';
import {sanitizeForTsv} from '../text/sanitize.js';
import {rawText, type Untrusted} from '../text/untrusted.js';

export const EXPORT_FORMATS = ['csv', 'ndjson', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RecordEncoder {
	readonly header: string;
	/** Encodes a run of records; `first` says whether any record was encoded before them. */
	records(records: readonly JobRecord[], first: boolean): string;
	footer(empty: boolean): string;
	/** How many fields were shown escaped (only with `forTerminal`). */
	readonly escapedFields: number;
}

export interface EncoderOptions {
	/** CSV only: prefix cells a spreadsheet would run as a formula with `'`. */
	excelSafe?: boolean;
	/**
	 * The output is a terminal: every text field is escaped as the TSV output escapes it (controls, escape
	 * introducers, bidi and zero-width characters become visible `\x1b`-style text) before it is encoded.
	 */
	forTerminal?: boolean;
}

export function createEncoder(format: ExportFormat, options: EncoderOptions = {}): RecordEncoder {
	let escapedFields = 0;
	const shown = options.forTerminal
		? (record: JobRecord): JobRecord => {
				// Every string field, whichever fields the record has: a new one cannot slip through raw.
				const copy: Record<string, unknown> = {...record};
				for (const [field, value] of Object.entries(record)) {
					if (typeof value !== 'string') continue;
					const safe = sanitizeForTsv(value);
					if (safe !== value) escapedFields++;
					copy[field] = safe;
				}
				return copy as unknown as JobRecord;
			}
		: (record: JobRecord) => record;
	const encoder = (parts: Omit<RecordEncoder, 'escapedFields'>): RecordEncoder => ({
		...parts,
		get escapedFields() {
			return escapedFields;
		},
	});
	switch (format) {
		case 'csv': {
			const excelSafe = options.excelSafe ?? false;
			return encoder({
				header: `${RECORD_FIELDS.join(',')}\r\n`,
				records: records => {
					let text = '';
					for (const record of records) text += `${formatCsvRow(shown(record), excelSafe)}\r\n`;
					return text;
				},
				footer: () => '',
			});
		}
		case 'ndjson': {
			return encoder({
				header: '',
				records: records => {
					let text = '';
					for (const record of records) text += `${JSON.stringify(shown(record))}\n`;
					return text;
				},
				footer: () => '',
			});
		}
		case 'json': {
			return encoder({
				header: '[\n',
				records: (records, first) => {
					let text = '';
					let separator = first ? '' : ',\n';
					for (const record of records) {
						text += separator + JSON.stringify(shown(record));
						separator = ',\n';
					}
					return text;
				},
				footer: empty => (empty ? ']\n' : '\n]\n'),
			});
		}
	}
}

export function formatCsvRow(record: JobRecord, excelSafe = false): string {
	return RECORD_FIELDS.map(field => csvCell(record[field], excelSafe)).join(',');
}

// OWASP CSV injection: a cell a spreadsheet would read as a formula starts with one of these.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(
	value: Untrusted | string | number | bigint | boolean | null | undefined,
	excelSafe = false,
): string {
	if (value === null || value === undefined) return '';
	const isText = typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean';
	// The file holds the data exactly as the API sent it.
	let text = isText ? rawText(value) : String(value);
	if (excelSafe && isText && FORMULA_START.test(text)) text = `'${text}`;
	return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const EXTENSIONS: Record<ExportFormat, string> = {csv: 'csv', ndjson: 'ndjson', json: 'json'};

/**
 * `ecore-job-42-Q1-Leads-Error.csv`: only [A-Za-z0-9._-], since the list name is untrusted text. A breakdown
 * group's records are named after the group's status and label instead of the filter they are served under
 * (`ecore-job-42-Q1-Leads-Error-SMTP-550-mailbox-unavailable.csv`).
 */
export function defaultExportFileName(
	job: {id: number; list_name?: Untrusted | null},
	status: RecordFilter,
	format: ExportFormat,
	group?: {status: RecordFilter; label: Untrusted},
): string {
	const parts = ['ecore-job', String(job.id)];
	const slug = slugify(rawText(job.list_name ?? ''));
	if (slug) parts.push(slug);
	parts.push(slugify(group?.status ?? status) || 'All');
	const label = slugify(rawText(group?.label ?? ''));
	if (label) parts.push(label);
	return `${parts.join('-')}.${EXTENSIONS[format]}`;
}

/** The n-th name to try when `name` is taken: `a.csv`, `a-2.csv`, `a-3.csv`, … */
export function numberedFileName(name: string, n: number): string {
	if (n <= 1) return name;
	const dot = name.lastIndexOf('.');
	return dot <= 0 ? `${name}-${n}` : `${name.slice(0, dot)}-${n}${name.slice(dot)}`;
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
