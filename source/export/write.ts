// Writing to a stream the way a long export must: never queue more than the stream's high-water mark,
// and never hang on a stream that died (a closed pipe emits 'error' or 'close', never 'drain').

import type {Writable} from 'node:stream';

export class StreamClosedError extends Error {
	override readonly name = 'StreamClosedError';
	constructor() {
		super('The output closed before the export finished.');
	}
}

/** Writes one chunk; when the stream's buffer is full, resolves only after it drained. */
export function writeChunk(stream: Writable, chunk: string, signal?: AbortSignal): Promise<void> {
	if (stream.destroyed || stream.writableEnded) return Promise.reject(stream.errored ?? new StreamClosedError());
	if (stream.write(chunk)) return Promise.resolve();
	return waitForDrain(stream, signal);
}

function waitForDrain(stream: Writable, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		const cleanup = () => {
			stream.off('drain', onDrain);
			stream.off('error', onError);
			stream.off('close', onClose);
			signal?.removeEventListener('abort', onAbort);
		};
		const onDrain = () => {
			cleanup();
			resolve();
		};
		const onError = (error: unknown) => {
			cleanup();
			reject(error);
		};
		const onClose = () => {
			cleanup();
			reject(stream.errored ?? new StreamClosedError());
		};
		const onAbort = () => {
			cleanup();
			reject(signal?.reason);
		};
		if (signal?.aborted) {
			onAbort();
			return;
		}
		stream.on('drain', onDrain);
		stream.on('error', onError);
		stream.on('close', onClose);
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/** Ends the stream and resolves once everything written reached the underlying resource. */
export function endStream(stream: Writable): Promise<void> {
	return new Promise((resolve, reject) => {
		if (stream.errored) {
			reject(stream.errored);
			return;
		}
		const onError = (error: unknown) => {
			stream.off('finish', onFinish);
			reject(error);
		};
		const onFinish = () => {
			stream.off('error', onError);
			resolve();
		};
		stream.once('error', onError);
		stream.once('finish', onFinish);
		stream.end();
	});
}
