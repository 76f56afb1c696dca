// Streaming export of every record of one filter. Memory stays constant whatever the job size: pages come
// through api/pages.ts's sliding window (at most `concurrency` requests in flight, at most concurrency + 1
// pages held), are written in API order as soon as the next one in order arrives, and the output's
// backpressure is honoured before more is taken.

import type {Writable} from 'node:stream';
import {ApiError, isApiError} from '../api/errors.js';
import {DEFAULT_PAGE_CONCURRENCY} from '../api/pages.js';
import type {ApiClient, RecordFilter} from '../api/types.js';
import {createEncoder, type ExportFormat} from './format.js';
import type {ExportProgress} from './progress.js';
import {startReading, type Reading} from './read.js';
import {writeChunk} from './write.js';

export {EXPORT_FORMATS, defaultExportFileName, type ExportFormat} from './format.js';
export {createProgressReporter, type ExportProgress, type ProgressReporter} from './progress.js';
export {
	exportToFile,
	exportToNewFile,
	type ExportToFileOptions,
	type ExportToNewFileOptions,
	type OutputKind,
} from './file.js';

export const DEFAULT_EXPORT_CONCURRENCY = DEFAULT_PAGE_CONCURRENCY;

export interface ExportOptions {
	client: ApiClient;
	jobId: number;
	status: RecordFilter;
	format: ExportFormat;
	/** CSV only: prefix cells a spreadsheet would run as a formula with `'`. */
	excelSafe?: boolean;
	/** `output` is a terminal: text fields are escaped as the TSV output escapes them (see format.ts). */
	forTerminal?: boolean;
	/** Receives the whole export; it is not ended here, so stdout can be passed. */
	output: Writable;
	concurrency?: number;
	pageSize?: number;
	signal?: AbortSignal;
	onProgress?: (progress: ExportProgress) => void;
	/**
	 * The pages, already on their way (read.ts): then `pageSize` and `concurrency` are the reading's. Stopped
	 * here when the export ends, whatever happened. Default: started here, once the output is there.
	 */
	reading?: Reading;
}

export interface ExportResult {
	records: number;
	/** The record count the first page announced. */
	expected: number;
	/**
	 * The filter's record count changed while exporting (records being processed, or deleted): the export
	 * stopped cleanly at the last page that existed, and `records` may differ from `expected`.
	 */
	changed: boolean;
	/** Fields shown escaped because the output is a terminal; always 0 otherwise. */
	escapedFields: number;
}

export async function exportRecords(options: ExportOptions): Promise<ExportResult> {
	const {client, jobId, status, output, onProgress} = options;
	const encoder = createEncoder(options.format, {excelSafe: options.excelSafe, forTerminal: options.forTerminal});

	// One controller for everything in flight: the caller's abort, a dead output or a failed page stops all of it.
	const controller = new AbortController();
	let records = 0;
	// Unknown until page 1 has answered.
	let total: number | undefined;
	// Pages written, and the filter's pages as the latest one said.
	let written = 0;
	let totalPages = 0;
	// While the API makes the export wait (429), every progress report says until when.
	let waitUntil: number | undefined;
	const report = () => {
		const progress = {
			done: records,
			total: total === undefined ? undefined : Math.max(total, records),
			page: written,
			pages: Math.max(totalPages, written),
		};
		onProgress?.(waitUntil === undefined ? progress : {...progress, waitMs: Math.max(0, waitUntil - Date.now())});
	};

	const onCallerAbort = () => controller.abort(options.signal?.reason);
	if (options.signal?.aborted) onCallerAbort();
	else options.signal?.addEventListener('abort', onCallerAbort, {once: true});
	const reading =
		options.reading ??
		startReading({
			client,
			jobId,
			status,
			pageSize: options.pageSize,
			concurrency: options.concurrency,
			signal: controller.signal,
		});
	// A reading started elsewhere stops with everything else here.
	const stopReading = () => reading.abort(controller.signal.reason);
	if (controller.signal.aborted) stopReading();
	else controller.signal.addEventListener('abort', stopReading, {once: true});
	reading.onWait = wait => {
		waitUntil = wait === undefined ? undefined : Date.now() + wait.waitMs;
		report();
	};
	// A wait that began before this listened (while the output opened) is shown now: nothing else would
	// report until it ends.
	if (reading.waiting) {
		waitUntil = reading.waiting.since + reading.waiting.waitMs;
		report();
	}

	let outputError: unknown;
	const onOutputError = (error: unknown) => {
		outputError ??= error;
		controller.abort(error);
	};
	output.on('error', onOutputError);

	try {
		// Nothing is written before page 1 arrives, so a job that cannot be read leaves the output untouched.
		let step = await reading.first;
		// pagesOf yields page 1 or rejects; were there none, the export would simply be empty.
		const expected = step.done ? 0 : step.value.count;
		total = expected;
		let changed = false;

		const write = (chunk: string) => (chunk ? writeChunk(output, chunk, controller.signal) : Promise.resolve());
		await write(encoder.header);
		while (!step.done) {
			const page = step.value;
			if (page.count !== total) {
				changed = true;
				total = page.count;
			}

			// Known before the page is written: a wait that starts meanwhile is shown with it.
			totalPages = page.total_pages;
			// Pages are written in order, and the output's backpressure paces the reading.
			// eslint-disable-next-line no-await-in-loop
			await write(encoder.records(page.results, records === 0));
			records += page.results.length;
			written++;
			report();
			// Pulled only once the page is written: a slow output holds the prefetching back.
			// eslint-disable-next-line no-await-in-loop
			step = await reading.pages.next();
		}
		await write(encoder.footer(records === 0));
		return {
			records,
			expected,
			changed: changed || step.value.shrank || records !== expected,
			escapedFields: encoder.escapedFields,
		};
	} catch (error) {
		if (outputError !== undefined) throw outputError;
		if (options.signal?.aborted) {
			const reason: unknown = options.signal.reason;
			throw isApiError(reason) ? reason : new ApiError('aborted', 'Export cancelled.');
		}
		throw error;
	} finally {
		// Pages still in flight (after a failure) are of no use any more.
		controller.abort(new ApiError('aborted', 'Export finished.'));
		await reading.close();
		options.signal?.removeEventListener('abort', onCallerAbort);
		output.off('error', onOutputError);
	}
}
