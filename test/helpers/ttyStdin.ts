import {EventEmitter} from 'node:events';

/**
 * A terminal's stdin as far as Ink uses it: the shape of ink-testing-library's, but a TTY, so Ink
 * turns raw mode on and reads each chunk through 'readable' + read(). Shared by the chaos harness,
 * the inkStdin tests and the benchmarks.
 */
export class FakeTtyStdin extends EventEmitter {
	readonly isTTY = true;
	#pending: string | null = null;

	write(data: string): void {
		this.#pending = data;
		this.emit('readable');
		this.emit('data', data);
	}

	read(): string | null {
		const data = this.#pending;
		this.#pending = null;
		return data;
	}

	setRawMode(): this {
		return this;
	}

	setEncoding(): this {
		return this;
	}

	ref(): this {
		return this;
	}

	unref(): this {
		return this;
	}

	resume(): this {
		return this;
	}

	pause(): this {
		return this;
	}
}
