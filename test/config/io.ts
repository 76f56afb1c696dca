// Streams for driving the auth commands in-process: captured output, piped or TTY-like stdin.
import {EventEmitter} from 'node:events';
import {Readable, Writable} from 'node:stream';

/** Every capture made in a test file, so one check can search all of it for a token. */
export const captures: Capture[] = [];

export class Capture extends Writable {
	text = '';
	isTTY: boolean | undefined;
	readonly columns = 100;
	readonly rows = 30;

	constructor(isTTY?: boolean) {
		super();
		this.isTTY = isTTY;
		captures.push(this);
	}

	override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
		this.text += String(chunk);
		callback();
	}

	lines(): string[] {
		return this.text.split('\n').filter(line => line !== '');
	}
}

export function pipedStdin(text: string): Readable & {isTTY?: boolean} {
	return Readable.from([Buffer.from(text)], {objectMode: false});
}

/** Enough of a tty.ReadStream for Ink: raw mode is a no-op and written keys become readable. */
export class TtyStdin extends EventEmitter {
	readonly isTTY = true;
	private queue: string[] = [];

	type(data: string): void {
		this.queue.push(data);
		this.emit('readable');
	}

	read(): string | null {
		return this.queue.shift() ?? null;
	}

	setEncoding(): this {
		return this;
	}

	setRawMode(): this {
		return this;
	}

	resume(): this {
		return this;
	}

	pause(): this {
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > timeoutMs) {
			throw new Error(`Timed out waiting for ${what}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}
}
