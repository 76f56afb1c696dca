// Test-side readers for the export formats, written independently of source/export so a bug in the
// writer cannot be mirrored by the reader.

import {Writable} from 'node:stream';
import {expect} from 'vitest';
import {createClient} from '../../source/api/client.js';
import type {ExportFormat} from '../../source/export/format.js';
import {RECORD_FIELDS, type ApiClient, type JobRecord, type RecordFilter} from '../../source/api/types.js';
import {rawText} from '../helpers/text.js';

export {observedClient} from '../helpers/client.js';

/** RFC 4180: quoted fields may hold `"` (doubled), commas, CR and LF; records end with CRLF. */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let i = 0;
	let quoted = false;
	let fieldStarted = false;
	while (i < text.length) {
		const char = text[i]!;
		if (quoted) {
			if (char === '"') {
				if (text[i + 1] === '"') {
					field += '"';
					i += 2;
					continue;
				}
				quoted = false;
				i++;
				continue;
			}
			field += char;
			i++;
			continue;
		}
		if (char === '"') {
			if (field !== '') throw new Error(`quote inside an unquoted field at ${i}`);
			quoted = true;
			fieldStarted = true;
			i++;
		} else if (char === ',') {
			row.push(field);
			field = '';
			fieldStarted = false;
			i++;
		} else if (char === '\r') {
			if (text[i + 1] !== '\n') throw new Error(`bare CR outside quotes at ${i}`);
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			fieldStarted = false;
			i += 2;
		} else if (char === '\n') {
			throw new Error(`bare LF outside quotes at ${i}`);
		} else {
			field += char;
			fieldStarted = true;
			i++;
		}
	}
	if (quoted) throw new Error('unterminated quoted field');
	if (fieldStarted || field !== '' || row.length > 0) throw new Error('last record does not end with CRLF');
	return rows;
}

/** The CSV cell text a record's field must have been written as (no Excel-safe prefix). */
export function expectedCsvCell(value: JobRecord[keyof JobRecord]): string {
	if (value === null) return '';
	return typeof value === 'number' || typeof value === 'boolean' ? String(value) : rawText(value);
}

export function csvRowsToComparable(records: readonly JobRecord[]): string[][] {
	return [
		[...RECORD_FIELDS],
		...records.map(record => RECORD_FIELDS.map(field => wellFormed(expectedCsvCell(record[field])))),
	];
}

/** What UTF-8 encoding does to a JS string: lone surrogates cannot be encoded and become U+FFFD. */
export function wellFormed(text: string): string {
	return text.replaceAll(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** A Writable that keeps everything written to it; `delayMs` makes it a slow consumer. */
export class Collector extends Writable {
	readonly chunks: Buffer[] = [];
	maxBuffered = 0;
	/** Writes made while the stream had asked the writer to wait for 'drain'. */
	writesWhileFull = 0;
	constructor(options: {highWaterMark?: number; delayMs?: number} = {}) {
		const delayMs = options.delayMs;
		super({
			highWaterMark: options.highWaterMark ?? 16 * 1024,
			write: (chunk: Buffer, _encoding, callback) => {
				this.chunks.push(chunk);
				if (delayMs === undefined) callback();
				else setTimeout(callback, delayMs);
			},
		});
	}

	// Overrides every overload of write(); only the buffered length after it matters here.
	override write(chunk: any, encoding?: any, callback?: any): boolean {
		if (this.writableNeedDrain) this.writesWhileFull++;
		const result = super.write(chunk, encoding, callback);
		this.maxBuffered = Math.max(this.maxBuffered, this.writableLength);
		return result;
	}

	text(): string {
		return Buffer.concat(this.chunks).toString('utf8');
	}
}

/** Every record of a filter, fetched page by page the plain way, as the reference to compare exports with. */
export async function fetchAll(
	client: ApiClient,
	jobId: number,
	status: RecordFilter,
	pageSize = 100,
): Promise<JobRecord[]> {
	const records: JobRecord[] = [];
	for (let page = 1; ; page++) {
		const data = await client.getRecords(jobId, {status, page, page_size: pageSize});
		records.push(...data.results);
		if (page >= data.total_pages) return records;
	}
}

/** The real client against a demo server, with quick retries so fault tests stay fast. */
export function testClient(server: {baseUrl: string; token: string}, token = server.token): ApiClient {
	return createClient({baseUrl: server.baseUrl, token, retry: {backoffBaseMs: 5}});
}

export function parseNdjson(text: string): JobRecord[] {
	expect(text === '' || text.endsWith('\n')).toBe(true);
	return text
		.split('\n')
		.slice(0, -1)
		.map(line => JSON.parse(line) as JobRecord);
}

/** Asserts an export's text holds exactly `records`, in order, field by field. */
export function expectExportToHold(format: ExportFormat, text: string, records: readonly JobRecord[]): void {
	switch (format) {
		case 'csv': {
			expect(parseCsv(text)).toEqual(csvRowsToComparable(records));
			return;
		}
		case 'ndjson': {
			expect(parseNdjson(text)).toEqual(records);
			return;
		}
		case 'json': {
			expect(JSON.parse(text)).toEqual(records);
			return;
		}
	}
}
