// The `--export` command: runs an export to a file or stdout and turns its outcome into stderr lines and
// an exit code. The data itself never goes to stderr; stderr carries only progress and one closing line.

import type {Writable} from 'node:stream';
import {commandLineSentence, describeError} from '../api/index.js';
import {EXIT, exitCodeFor} from '../exit.js';
import {countOf, formatCount} from '../format.js';
import type {ApiClient, RecordFilter} from '../api/types.js';
import {writeLine} from '../terminal/say.js';
import {exportRecords, exportToFile, type ExportFormat, type ExportResult, type OutputKind} from './export.js';
import {OutputPathError} from './file.js';
import type {CancelKeys, JobControl, KeyInput} from './keys.js';
import {createProgressReporter, type ProgressReporter} from './progress.js';
import type {Reading} from './read.js';
import {isInterrupted} from './signals.js';

export interface RunExportOptions {
	client: ApiClient;
	jobId: number;
	status: RecordFilter;
	format: ExportFormat;
	/** File path; undefined or `-` writes to stdout. */
	output?: string;
	excelSafe?: boolean;
	stdout: Writable & {isTTY?: boolean};
	stderr: Writable & {isTTY?: boolean; columns?: number};
	signal?: AbortSignal;
	concurrency?: number;
	/** The terminal the export was started from: `q` and Ctrl+C there stop it (keys.ts says when). */
	stdin?: KeyInput;
	/** The pages, already asked for (read.ts); stopped here whatever happens. Default: asked for once the output is open. */
	reading?: Reading;
	/** For tests: whether this is the terminal's foreground job (default: the system's word). */
	foreground?: () => boolean | undefined;
	jobControl?: JobControl;
}

export async function runExport(options: RunExportOptions): Promise<number> {
	const {stdout} = options;
	// The caller's signal (SIGINT, SIGTERM, SIGHUP), or a key typed at the terminal.
	const controller = new AbortController();
	// The keys (and the keymap) are loaded only for a terminal: anything else reads none and loads nothing.
	const keys: CancelKeys = options.stdin?.isTTY
		? (await import('./keys.js')).onCancelKeys(
				{stdin: options.stdin, stdout, foreground: options.foreground, jobControl: options.jobControl},
				reason => controller.abort(reason),
			)
		: NO_KEYS;
	const onAbort = () => controller.abort(options.signal?.reason);
	if (options.signal?.aborted) onAbort();
	else options.signal?.addEventListener('abort', onAbort, {once: true});
	try {
		return await exportWith(options, controller.signal, keys.listening);
	} finally {
		// Already stopped when the export ran; not when the output could not be opened.
		await options.reading?.close();
		// No more keys read, and the terminal back in the mode it was in, whatever happened.
		keys.close();
		options.signal?.removeEventListener('abort', onAbort);
	}
}

async function exportWith(options: RunExportOptions, signal: AbortSignal, keysRead: boolean): Promise<number> {
	const {client, jobId, status, format, stdout, stderr} = options;
	// `-o -` is stdout, as for most tools that take a file name.
	const output = options.output === '-' ? undefined : options.output;
	// A terminal gets the data escaped (format.ts); the progress line would only garble it, so it is left out.
	const toTerminal = output === undefined && stdout.isTTY === true;
	const progress = toTerminal
		? SILENT
		: createProgressReporter(stderr, {jobId, status, hint: keysRead ? 'q stops' : undefined});
	let kind: OutputKind = 'file';
	const common = {
		client,
		jobId,
		status,
		format,
		excelSafe: options.excelSafe ?? false,
		concurrency: options.concurrency,
		signal,
		onProgress: progress.update,
		reading: options.reading,
	};
	try {
		let result: ExportResult;
		if (output === undefined) {
			result = await exportRecords({...common, output: stdout, forTerminal: toTerminal});
			progress.finish();
		} else {
			result = await exportToFile({
				...common,
				path: output,
				onOpen(opened) {
					kind = opened;
				},
			});
			progress.finish();
			writeLine(stderr, `Wrote ${plural(result.records, 'record')} to ${output}`);
		}
		if (result.changed) {
			writeLine(
				stderr,
				`Note: job ${jobId}'s ${status} records changed during the export ` +
					`(${formatCount(result.expected)} when it started); the output holds ${plural(result.records, 'record')}.`,
			);
		}
		if (result.escapedFields > 0) {
			writeLine(
				stderr,
				`Note: control characters in ${plural(result.escapedFields, 'field')} are shown escaped on the terminal; ` +
					'use -o FILE or a pipe for the exact data.',
			);
		}
		return EXIT.ok;
	} catch (error) {
		progress.finish();
		// The reader of a pipe went away (`| head`): it has all it wanted, which is not a failure.
		if (output === undefined && errorCode(error) === 'EPIPE') return EXIT.ok;
		const {message, exitCode} = describeFailure(error, output);
		if (isInterrupted(error) || exitCode === EXIT.SIGINT) {
			const kept =
				output === undefined
					? ''
					: kind === 'file'
						? ` ${output} was left as it was.`
						: ` What was written to ${output} stays there.`;
			writeLine(stderr, `Export cancelled.${kept}`);
		} else {
			writeLine(stderr, `Export failed: ${message}`);
		}
		return exitCode;
	}
}

const SILENT: ProgressReporter = {update() {}, finish() {}};
const NO_KEYS: CancelKeys = {listening: false, close() {}};

function describeFailure(error: unknown, output: string | undefined): {message: string; exitCode: number} {
	if (isInterrupted(error)) return {message: error.message, exitCode: error.exitCode};
	if (error instanceof OutputPathError) {
		return {message: `could not write ${output ?? 'the output'}: ${error.message}`, exitCode: EXIT.failure};
	}
	const code = errorCode(error);
	if (code !== undefined && error instanceof Error) {
		const where = output === undefined ? 'the output' : output;
		return {message: `could not write ${where}: ${FILE_ERRORS[code] ?? error.message}`, exitCode: EXIT.failure};
	}
	if (error instanceof RangeError) return {message: error.message, exitCode: EXIT.failure};
	const apiError = describeError(error);
	const exitCode = exitCodeFor(apiError.kind);
	return {message: commandLineSentence(apiError), exitCode};
}

const FILE_ERRORS: Record<string, string> = {
	ENOENT: 'the directory does not exist',
	ENOTDIR: 'a part of the path is not a directory',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EROFS: 'the file system is read-only',
	ENOSPC: 'no space left on the device',
	EDQUOT: 'disk quota exceeded',
	EISDIR: 'it is a directory',
	EPIPE: 'the reader closed the pipe',
	ELOOP: 'too many levels of symbolic links',
	ENXIO: 'nothing is behind it (a socket, or a device that is not there)',
	EINVAL: 'it cannot be written to',
};

function errorCode(error: unknown): string | undefined {
	if (typeof error !== 'object' || error === null || !('code' in error) || !('syscall' in error)) return undefined;
	return typeof error.code === 'string' ? error.code : undefined;
}

const plural = (count: number, noun: string) => countOf(count, noun);
