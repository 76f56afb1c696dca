// Page output for a non-terminal stdout: one header line, then one record per line, tab-separated.
// Unlike the export files this output is meant for people and line tools (cut, grep, less), so every
// string goes through the sanitiser: a hostile record can neither add a column or a line nor reach the
// terminal that eventually shows the text.

import type {Writable} from 'node:stream';
import {RECORD_FIELDS, type JobRecord, type RecordsPage} from '../api/types.js';
import {sanitizeForTsv} from '../terminal/sanitize.js';
import {writeChunk} from './write.js';

export function formatTsvHeader(): string {
	return RECORD_FIELDS.join('\t');
}

export function formatTsvRow(record: JobRecord): string {
	return RECORD_FIELDS.map((field) => sanitizeForTsv(record[field])).join('\t');
}

/** Writes the header and the page's records, honouring backpressure; resolves once the stream took it all. */
export async function writePageTsv(page: Pick<RecordsPage, 'results'>, stream: Writable): Promise<void> {
	const lines = [formatTsvHeader(), ...page.results.map((record) => formatTsvRow(record))];
	await writeChunk(stream, `${lines.join('\n')}\n`);
}
