// Page output for a non-terminal stdout: one header line, then one record per line, tab-separated.
// Unlike the export files this output is meant for people and line tools (cut, grep, less), so every
// string goes through the sanitiser: a hostile record can neither add a column or a line nor reach the
// terminal that eventually shows the text.

import type {Writable} from 'node:stream';
import {RECORD_FIELDS, type Job, type JobRecord, type JobsPage, type RecordsPage} from '../api/types.js';
import {sanitizeForTsv} from '../text/sanitize.js';
import {writeChunk} from './write.js';

export function formatTsvHeader(): string {
	return RECORD_FIELDS.join('\t');
}

export function formatTsvRow(record: JobRecord): string {
	return RECORD_FIELDS.map(field => sanitizeForTsv(record[field])).join('\t');
}

/** Writes the header and the page's records, honouring backpressure; resolves once the stream took it all. */
export async function writePageTsv(page: Pick<RecordsPage, 'results'>, stream: Writable): Promise<void> {
	const lines = [formatTsvHeader(), ...page.results.map(record => formatTsvRow(record))];
	await writeChunk(stream, `${lines.join('\n')}\n`);
}

/** Field order of a job in List Jobs, for the job list printed when no job id is given. */
export const JOB_FIELDS = [
	'id',
	'list_name',
	'status',
	'total_records',
	'valid_count',
	'invalid_count',
	'unknown_count',
	'results_summary',
	'created_at',
	'completed_at',
] as const satisfies ReadonlyArray<keyof Job>;

export async function writeJobsTsv(page: Pick<JobsPage, 'results'>, stream: Writable): Promise<void> {
	const lines = [
		JOB_FIELDS.join('\t'),
		...page.results.map(job => JOB_FIELDS.map(field => sanitizeForTsv(job[field])).join('\t')),
	];
	await writeChunk(stream, `${lines.join('\n')}\n`);
}
