// Streaming export of every record of one filter. Memory stays constant whatever the job size: pages come
// through api/pages.ts's sliding window (at most `concurrency` requests in flight, at most concurrency + 1
// pages held), are written in API order as soon as the next one in order arrives, and the output's
// backpressure is honoured before more is taken.

import {randomBytes} from 'node:crypto';
import {createWriteStream, unlinkSync, type WriteStream} from 'node:fs';
import {chmod, open, rename, rm, stat} from 'node:fs/promises';
import {basename, dirname, join, resolve} from 'node:path';
import type {Writable} from 'node:stream';
import {ApiError, isApiError} from '../api/errors.js';
import {DEFAULT_PAGE_CONCURRENCY, pagesOf} from '../api/pages.js';
import type {ApiClient, RecordFilter} from '../api/types.js';
import {createEncoder, type ExportFormat} from './format.js';
import type {ExportProgress} from './progress.js';
import {endStream, writeChunk} from './write.js';

export {EXPORT_FORMATS, defaultExportFileName, type ExportFormat} from './format.js';
export {createProgressReporter, type ExportProgress, type ProgressReporter} from './progress.js';

export const DEFAULT_EXPORT_CONCURRENCY = DEFAULT_PAGE_CONCURRENCY;

export interface ExportOptions {
	client: ApiClient;
	jobId: number;
	status: RecordFilter;
	format: ExportFormat;
	/** CSV only: prefix cells a spreadsheet would run as a formula with `'`. */
	excelSafe?: boolean;
	/** Receives the whole export; it is not ended here, so stdout can be passed. */
	output: Writable;
	concurrency?: number;
	pageSize?: number;
	signal?: AbortSignal;
	onProgress?: (progress: ExportProgress) => void;
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
}

export async function exportRecords(options: ExportOptions): Promise<ExportResult> {
	const {client, jobId, status, output, onProgress} = options;
	const encoder = createEncoder(options.format, {excelSafe: options.excelSafe});

	// One controller for everything in flight: the caller's abort, a dead output or a failed page stops all of it.
	const controller = new AbortController();
	const pages = pagesOf({
		client,
		jobId,
		status,
		pageSize: options.pageSize,
		concurrency: options.concurrency,
		signal: controller.signal,
	});
	const onCallerAbort = () => controller.abort(options.signal?.reason);
	if (options.signal?.aborted) onCallerAbort();
	else options.signal?.addEventListener('abort', onCallerAbort, {once: true});
	let outputError: unknown;
	const onOutputError = (error: unknown) => {
		outputError ??= error;
		controller.abort(error);
	};
	output.on('error', onOutputError);

	try {
		// Nothing is written before page 1 arrives, so a job that cannot be read leaves the output untouched.
		let step = await pages.next();
		// pagesOf yields page 1 or rejects; were there none, the export would simply be empty.
		const expected = step.done ? 0 : step.value.count;
		let total = expected;
		let changed = false;
		let records = 0;

		const write = (chunk: string) => (chunk ? writeChunk(output, chunk, controller.signal) : Promise.resolve());
		await write(encoder.header);
		while (!step.done) {
			const page = step.value;
			if (page.count !== total) {
				changed = true;
				total = page.count;
			}
			// Pages are written in order, and the output's backpressure paces the reading.
			// eslint-disable-next-line no-await-in-loop
			await write(encoder.records(page.results, records === 0));
			records += page.results.length;
			onProgress?.({done: records, total: Math.max(total, records)});
			// Pulled only once the page is written: a slow output holds the prefetching back.
			// eslint-disable-next-line no-await-in-loop
			step = await pages.next();
		}
		await write(encoder.footer(records === 0));
		return {records, expected, changed: changed || step.value.shrank || records !== expected};
	} catch (error) {
		if (outputError !== undefined) throw outputError;
		if (options.signal?.aborted) {
			const reason: unknown = options.signal.reason;
			throw isApiError(reason) ? reason : new ApiError('aborted', 'Export cancelled.');
		}
		throw error;
	} finally {
		// Pages still in flight (after a failure) are of no use any more.
		await pages.return({shrank: false});
		controller.abort(new ApiError('aborted', 'Export finished.'));
		options.signal?.removeEventListener('abort', onCallerAbort);
		output.off('error', onOutputError);
	}
}

export interface ExportToFileOptions extends Omit<ExportOptions, 'output'> {
	path: string;
}

/**
 * Exports into `path` atomically: the data goes to a hidden temporary file next to it, which is flushed to
 * disk and renamed over `path` only once complete. On failure, abort or Ctrl-C the temporary file is removed,
 * so `path` either keeps its previous content or holds a complete export, never half of one.
 */
export async function exportToFile(options: ExportToFileOptions): Promise<ExportResult & {path: string}> {
	const target = resolve(options.path);
	const directory = dirname(target);
	const temporary = join(directory, `.${basename(target)}.partial-${process.pid}-${randomBytes(6).toString('hex')}`);
	const previousMode = await stat(target).then(
		stats => (stats.isFile() ? stats.mode & 0o7777 : undefined),
		() => undefined,
	);

	const controller = new AbortController();
	const onCallerAbort = () => controller.abort(options.signal?.reason);
	if (options.signal?.aborted) onCallerAbort();
	else options.signal?.addEventListener('abort', onCallerAbort, {once: true});
	// Ctrl-C must not leave the temporary file behind; listening also stops Node's default exit, so the
	// export unwinds (and cleans up) and the caller decides the exit code.
	const onInterrupt = () => controller.abort(new ApiError('aborted', 'Export interrupted.'));
	// A process.exit() elsewhere skips the async cleanup below; this still removes the file.
	const removeOnExit = () => {
		try {
			unlinkSync(temporary);
		} catch {}
	};

	// `flush` fsyncs before the descriptor closes: the rename must not publish data still in the page cache.
	const stream = createWriteStream(temporary, {flags: 'wx', flush: true, highWaterMark: 64 * 1024});
	// Write errors reach exportRecords and endStream through their own listeners and `errored`; this one only
	// keeps an error between those two from being an uncaught exception.
	stream.on('error', () => {});
	const closed = new Promise<void>(done => stream.once('close', () => done()));
	process.on('exit', removeOnExit);
	process.on('SIGINT', onInterrupt);
	try {
		await opened(stream);
		if (previousMode !== undefined) await chmod(temporary, previousMode);
		const result = await exportRecords({...options, output: stream, signal: controller.signal});
		await endStream(stream);
		await closed;
		if (controller.signal.aborted) throw abortReason(controller.signal);
		await rename(temporary, target);
		await syncDirectory(directory);
		return {...result, path: target};
	} catch (error) {
		stream.destroy();
		await closed;
		await rm(temporary, {force: true});
		throw error;
	} finally {
		process.off('SIGINT', onInterrupt);
		process.off('exit', removeOnExit);
		options.signal?.removeEventListener('abort', onCallerAbort);
	}
}

/** Resolves once the file exists (or rejects with why it could not be created: EACCES, ENOENT, ...). */
function opened(stream: WriteStream): Promise<void> {
	return new Promise((done, fail) => {
		if (stream.errored) {
			fail(stream.errored);
			return;
		}
		if (!stream.pending) {
			done();
			return;
		}
		const onReady = () => {
			stream.off('error', onError);
			done();
		};
		const onError = (error: unknown) => {
			stream.off('ready', onReady);
			fail(error);
		};
		stream.once('ready', onReady);
		stream.once('error', onError);
	});
}

function abortReason(signal: AbortSignal): ApiError {
	const reason: unknown = signal.reason;
	return isApiError(reason) ? reason : new ApiError('aborted', 'Export cancelled.');
}

// The rename is durable only once the directory entry is on disk too; not every platform can fsync a directory.
async function syncDirectory(directory: string): Promise<void> {
	try {
		const handle = await open(directory, 'r');
		try {
			await handle.sync();
		} finally {
			await handle.close();
		}
	} catch {}
}
