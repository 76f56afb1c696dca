// An export into a path. What is at the path now decides how it is written:
// - nothing, or a regular file (also at the end of symlinks): the data goes to a hidden temporary file beside
//   the file, flushed to disk and renamed over it only once complete. A symlink stays a symlink: its target
//   is what gets replaced. On failure, abort or a termination signal the temporary file is removed, so the
//   file keeps its previous content or holds a complete export, never half of one.
// - a FIFO, a device or anything else that is not a regular file: written into as it is, like the shell's
//   `>` does. Replacing it would swap a device for a file (run as root, `-o /dev/null` would replace the
//   machine's /dev/null). A terminal device gets the escaped form (format.ts), as stdout does when it is one.

import {randomBytes} from 'node:crypto';
import {constants, createWriteStream, lstatSync, unlinkSync, type Stats, type WriteStream} from 'node:fs';
import {chmod, chown, lstat, open, realpath, rename, rm, stat, type FileHandle} from 'node:fs/promises';
import {basename, dirname, join, resolve} from 'node:path';
import {ApiError, isApiError} from '../api/errors.js';
import type {RecordFilter} from '../api/types.js';
import type {Untrusted} from '../text/untrusted.js';
import {exportRecords, type ExportOptions, type ExportResult} from './export.js';
import {defaultExportFileName, numberedFileName, type ExportFormat} from './format.js';
import {onTerminationSignals} from './signals.js';
import {endStream} from './write.js';

/** 'file': replaced atomically; 'stream' (a FIFO, a device): written into directly. */
export type OutputKind = 'file' | 'stream';

export interface ExportToFileOptions extends Omit<ExportOptions, 'output' | 'forTerminal'> {
	path: string;
	/** Told once the path is open, with what it is and where it leads (a symlink's target). */
	onOpen?: (kind: OutputKind, path: string) => void;
}

/** A path an export cannot be written to, for a reason no system error code names. */
export class OutputPathError extends Error {
	override readonly name = 'OutputPathError';
}

type Target =
	| {readonly kind: 'file'; readonly path: string; readonly previous: Stats | undefined}
	| {readonly kind: 'stream'; readonly path: string; readonly handle: FileHandle; readonly terminal: boolean};

// O_NOCTTY: opening a terminal device must not make it the controlling terminal. O_NOFOLLOW: the path was
// resolved already; a symlink appearing there since is not followed. (Both are 0 where they do not exist.)
const WRITE_IN_PLACE = constants.O_WRONLY | (constants.O_NOCTTY ?? 0) | (constants.O_NOFOLLOW ?? 0);

export async function exportToFile(options: ExportToFileOptions): Promise<ExportResult & {path: string}> {
	return stoppable(options.signal, async signal => {
		const target = await openTarget(options.path, signal);
		options.onOpen?.(target.kind, target.path);
		return target.kind === 'stream' ? writeInto(target, options, signal) : replace(target, options, signal);
	});
}

export interface ExportToNewFileOptions extends Omit<ExportToFileOptions, 'path' | 'onOpen' | 'format'> {
	/** The job's list name, for the file's name. */
	listName?: Untrusted | null;
	/** A breakdown group being exported: the file is named after its status and label. */
	group?: {status: RecordFilter; label: Untrusted};
	/** Default csv. */
	format?: ExportFormat;
	/** Where the file goes; default the current directory. */
	directory?: string;
	/** The full path chosen, once it is taken (before any record is fetched). */
	onStart?: (path: string) => void;
}

/** Names tried before giving up: `name.csv`, `name-2.csv`, … `name-999.csv`. */
const MAX_NUMBERED_NAMES = 999;

/**
 * Exports a filter (the records view's `x`) into a file of its own that did not exist before: the default
 * name, or `-2`, `-3`… when that is taken. The name is taken by creating the file exclusively (O_EXCL), so a
 * file appearing meanwhile, even under a race, is never overwritten; the data then replaces that empty file
 * atomically, and on failure or cancel the empty file is removed again.
 */
export async function exportToNewFile(options: ExportToNewFileOptions): Promise<ExportResult & {path: string}> {
	const format = options.format ?? 'csv';
	const name = defaultExportFileName(
		{id: options.jobId, list_name: options.listName},
		options.status,
		format,
		options.group,
	);
	const directory = resolve(options.directory ?? '.');
	return stoppable(options.signal, async signal => {
		const {path, stats} = await reserve(directory, name);
		// Synchronous, for a process.exit() that skips the async cleanup below: only our empty file goes.
		const releaseOnExit = () => {
			try {
				const now = lstatSync(path);
				if (now.ino === stats.ino && now.size === 0) unlinkSync(path);
			} catch {}
		};

		process.on('exit', releaseOnExit);
		try {
			options.onStart?.(path);
			return await replace({kind: 'file', path, previous: stats}, {...options, format, path}, signal);
		} catch (error) {
			releaseOnExit();
			throw error;
		} finally {
			process.off('exit', releaseOnExit);
		}
	});
}

async function reserve(directory: string, name: string): Promise<{path: string; stats: Stats}> {
	for (let n = 1; n <= MAX_NUMBERED_NAMES; n++) {
		const path = join(directory, numberedFileName(name, n));
		let handle: FileHandle;
		try {
			// `wx` is O_CREAT | O_EXCL: fails if anything (a file, a symlink) is there, atomically.
			// eslint-disable-next-line no-await-in-loop
			handle = await open(path, 'wx');
		} catch (error) {
			if (codeOf(error) === 'EEXIST') continue;
			throw error;
		}

		try {
			// eslint-disable-next-line no-await-in-loop
			return {path, stats: await handle.stat()};
		} finally {
			// eslint-disable-next-line no-await-in-loop
			await handle.close();
		}
	}

	throw new OutputPathError(`${numberedFileName(name, MAX_NUMBERED_NAMES)} and every name before it are taken`);
}

/**
 * Runs `work` with one signal for every way an export stops: the caller's abort, or SIGINT, SIGTERM and
 * SIGHUP. Listening also stops Node's default exit at those signals, so the export unwinds (and cleans up)
 * and the caller decides the exit code.
 */
async function stoppable<T>(
	callerSignal: AbortSignal | undefined,
	work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
	const controller = new AbortController();
	const onCallerAbort = () => controller.abort(callerSignal?.reason);
	if (callerSignal?.aborted) onCallerAbort();
	else callerSignal?.addEventListener('abort', onCallerAbort, {once: true});
	const stopListening = onTerminationSignals(reason => controller.abort(reason));
	try {
		return await work(controller.signal);
	} finally {
		stopListening();
		callerSignal?.removeEventListener('abort', onCallerAbort);
	}
}

async function openTarget(path: string, signal: AbortSignal): Promise<Target> {
	let target = resolve(path);
	const found = await lstat(target).catch((error: unknown) => {
		if (codeOf(error) === 'ENOENT') return undefined;
		throw error;
	});
	let stats = found;
	if (found?.isSymbolicLink()) {
		try {
			target = await realpath(target);
		} catch (error) {
			if (codeOf(error) === 'ENOENT') throw new OutputPathError('it is a symbolic link to a file that does not exist');
			throw error;
		}

		stats = await stat(target);
	}

	if (stats === undefined || stats.isFile()) return {kind: 'file', path: target, previous: stats};
	if (stats.isDirectory()) throw new OutputPathError('it is a directory');
	const handle = stats.isFIFO() ? await openFifo(target, signal) : await open(target, WRITE_IN_PLACE);
	// The path may have changed between the look and the open: what was opened is what counts.
	const opened = await handle.stat();
	if (opened.isFile()) {
		await handle.close();
		return {kind: 'file', path: target, previous: opened};
	}

	// Loaded here, for the few exports into a device: a file export does without it.
	const {isatty} = await import('node:tty');
	return {kind: 'stream', path: target, handle, terminal: isatty(handle.fd)};
}

/**
 * Opening a FIFO for writing blocks until a reader opens it, in a thread no signal reaches: a Ctrl-C could
 * not end the program. So it is opened without blocking, which fails (ENXIO) while there is no reader,
 * and tried again until there is one or the export is stopped; then opened for ordinary blocking writes.
 */
async function openFifo(path: string, signal: AbortSignal): Promise<FileHandle> {
	const {setTimeout: delay} = await import('node:timers/promises');
	for (;;) {
		if (signal.aborted) throw abortReason(signal);
		let probe: FileHandle | undefined;
		try {
			// eslint-disable-next-line no-await-in-loop
			probe = await open(path, WRITE_IN_PLACE | constants.O_NONBLOCK);
		} catch (error) {
			if (codeOf(error) !== 'ENXIO') throw error;
		}

		if (probe) {
			try {
				// A reader is there, so this does not block; the probe closes only after, so the reader sees no EOF.
				// eslint-disable-next-line no-await-in-loop
				return await open(path, WRITE_IN_PLACE);
			} finally {
				// eslint-disable-next-line no-await-in-loop
				await probe.close();
			}
		}

		// eslint-disable-next-line no-await-in-loop
		await delay(50, undefined, {signal}).catch(() => undefined);
	}
}

/** Into a FIFO or a device, as it is: nothing to replace, nothing to remove. */
async function writeInto(
	target: Extract<Target, {kind: 'stream'}>,
	options: ExportToFileOptions,
	signal: AbortSignal,
): Promise<ExportResult & {path: string}> {
	const stream = target.handle.createWriteStream({highWaterMark: 64 * 1024});
	// Write errors reach exportRecords and endStream through their own listeners and `errored`.
	stream.on('error', () => {});
	const closed = new Promise<void>(done => stream.once('close', () => done()));
	try {
		const result = await exportRecords({...options, output: stream, forTerminal: target.terminal, signal});
		await endStream(stream);
		if (signal.aborted) throw abortReason(signal);
		return {...result, path: target.path};
	} finally {
		stream.destroy();
		await closed;
	}
}

/** Through a temporary file beside `target.path`, renamed over it once complete. */
async function replace(
	target: Extract<Target, {kind: 'file'}>,
	options: ExportToFileOptions,
	signal: AbortSignal,
): Promise<ExportResult & {path: string}> {
	const directory = dirname(target.path);
	const temporary = join(
		directory,
		`.${basename(target.path)}.partial-${process.pid}-${randomBytes(6).toString('hex')}`,
	);
	// A process.exit() elsewhere skips the async cleanup below; this still removes the file.
	const removeOnExit = () => {
		try {
			unlinkSync(temporary);
		} catch {}
	};

	// `wx`: created afresh, never through something already there. `flush` fsyncs before the descriptor
	// closes: the rename must not publish data still in the page cache.
	const stream = createWriteStream(temporary, {flags: 'wx', flush: true, highWaterMark: 64 * 1024});
	// Write errors reach exportRecords and endStream through their own listeners and `errored`; this one only
	// keeps an error between those two from being an uncaught exception.
	stream.on('error', () => {});
	const closed = new Promise<void>(done => stream.once('close', () => done()));
	process.on('exit', removeOnExit);
	try {
		await opened(stream);
		if (target.previous) await keepOwnership(temporary, target.previous);
		const result = await exportRecords({...options, output: stream, signal});
		await endStream(stream);
		await closed;
		if (signal.aborted) throw abortReason(signal);
		await rename(temporary, target.path);
		await syncDirectory(directory);
		return {...result, path: target.path};
	} catch (error) {
		stream.destroy();
		await closed;
		await rm(temporary, {force: true});
		throw error;
	} finally {
		process.off('exit', removeOnExit);
	}
}

/** The replacement keeps the permissions of the file it replaces, and (when we may) its owner. */
async function keepOwnership(path: string, previous: Stats): Promise<void> {
	const uid = process.getuid?.();
	if (uid === 0 && (previous.uid !== 0 || previous.gid !== process.getgid?.())) {
		await chown(path, previous.uid, previous.gid);
	}

	await chmod(path, previous.mode & 0o7777);
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

function codeOf(error: unknown): string | undefined {
	const code = (error as {code?: unknown} | null)?.code;
	return typeof code === 'string' ? code : undefined;
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
