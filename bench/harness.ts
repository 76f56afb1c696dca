// Runs the real <App> under Ink with the options main.tsx uses, on a fake terminal that records every
// write (bytes and time), and sends keys the way a terminal does.
import {EventEmitter} from 'node:events';
import {performance} from 'node:perf_hooks';
import {render, type RenderOptions} from 'ink';
import React from 'react';
import type {ApiClient, RecordFilter} from '../source/api/types.js';
import {App} from '../source/app.js';
import type {DemoServer} from '../source/demo/server.js';
import {inkStdout} from '../source/terminal/inkStdout.js';
import {createTheme} from '../source/terminal/theme.js';
import {FakeTtyStdin} from '../test/helpers/ttyStdin.js';

/** What every figure gets from run.ts. */
export interface BenchContext {
	/** The embedded API; a figure that injects latency sets it back to none when done. */
	readonly server: DemoServer;
	readonly client: ApiClient;
	/** The environment `npm run bench` started with, for child processes (this one is altered). */
	readonly env: NodeJS.ProcessEnv;
	/** The repository root. */
	readonly root: string;
}

export const KEYS = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
} as const;

export interface Write {
	/** performance.now() when Ink called write(). */
	readonly at: number;
	readonly bytes: number;
	readonly text: string;
}

const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[@-Z\\-_])/g;

export function stripAnsi(text: string): string {
	return text.replace(ANSI, '');
}

/** What Ink needs of a TTY stdout; every chunk is kept with its size and time. */
export class FakeTtyStdout extends EventEmitter {
	readonly isTTY = true;
	readonly writes: Write[] = [];

	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}

	write(chunk: string | Uint8Array, ...rest: unknown[]): boolean {
		const at = performance.now();
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		this.writes.push({at, bytes: Buffer.byteLength(text), text});
		const callback = rest.find(argument => typeof argument === 'function') as (() => void) | undefined;
		callback?.();
		return true;
	}

	getColorDepth(): number {
		return 8;
	}

	hasColors(): boolean {
		return true;
	}
}

export const sleep = (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	});

export interface MountOptions {
	readonly client: ApiClient;
	readonly jobId: number;
	readonly pageSize?: number;
	readonly filter?: RecordFilter;
	readonly page?: number;
	readonly prefetch?: boolean;
	readonly columns?: number;
	readonly rows?: number;
	/** main.tsx renders incrementally; false is the full-redraw baseline. */
	readonly incrementalRendering?: boolean;
	readonly onRender?: RenderOptions['onRender'];
}

export interface Mounted {
	readonly stdout: FakeTtyStdout;
	readonly writes: Write[];
	/** Sends one key; returns the time it was sent and the index of the first write it can have caused. */
	press(key: string): {at: number; from: number};
	/**
	 * The first write from index `from` on whose visible text contains `expected` (or satisfies it).
	 * Incremental frames hold only the lines that changed: expect a line the key must change.
	 */
	waitForText(expected: string | ((text: string) => boolean), from?: number, timeoutMs?: number): Promise<Write>;
	/** Resolves once nothing has been written for `quietMs`. */
	settle(quietMs?: number, timeoutMs?: number): Promise<void>;
	unmount(): void;
}

export function mountApp(options: MountOptions): Mounted {
	const stdout = new FakeTtyStdout(options.columns ?? 120, options.rows ?? 40);
	const stdin = new FakeTtyStdin();
	const stderr = new FakeTtyStdout(options.columns ?? 120, options.rows ?? 40);
	const instance = render(
		React.createElement(App, {
			client: options.client,
			jobId: options.jobId,
			pageSize: options.pageSize ?? 100,
			filter: options.filter ?? 'All',
			page: options.page ?? 1,
			theme: createTheme({}),
			prefetch: options.prefetch,
			onQuit: () => undefined,
		}),
		{
			stdout: inkStdout(stdout as unknown as NodeJS.WriteStream),
			stdin: stdin as unknown as NodeJS.ReadStream,
			stderr: stderr as unknown as NodeJS.WriteStream,
			exitOnCtrlC: false,
			patchConsole: false,
			incrementalRendering: options.incrementalRendering ?? true,
			onRender: options.onRender,
		},
	);

	const {writes} = stdout;
	return {
		stdout,
		writes,
		press(key) {
			const from = writes.length;
			const at = performance.now();
			stdin.write(key);
			return {at, from};
		},
		async waitForText(expected, from = 0, timeoutMs = 10_000) {
			const matches = typeof expected === 'string' ? (text: string) => text.includes(expected) : expected;
			const deadline = performance.now() + timeoutMs;
			let index = from;
			for (;;) {
				for (; index < writes.length; index++) {
					const write = writes[index]!;
					if (matches(stripAnsi(write.text))) {
						return write;
					}
				}

				if (performance.now() > deadline) {
					const last = stripAnsi(writes.at(-1)?.text ?? '').slice(-400);
					throw new Error(`No frame showed ${String(expected)} within ${timeoutMs} ms; last write ends: ${last}`);
				}

				// A poll every millisecond would bias timings; the write's own timestamp is what counts.
				await sleep(2);
			}
		},
		async settle(quietMs = 60, timeoutMs = 10_000) {
			const deadline = performance.now() + timeoutMs;
			for (;;) {
				const last = writes.at(-1)?.at ?? 0;
				const now = performance.now();
				if (now - last >= quietMs || now > deadline) {
					return;
				}

				await sleep(Math.max(1, quietMs - (now - last)));
			}
		},
		unmount() {
			instance.unmount();
			instance.cleanup();
		},
	};
}

/**
 * The first record id of each page (1-based index = page), asked of the API directly, so a frame can be
 * recognised by the row it must show.
 */
export async function firstIds(
	client: ApiClient,
	jobId: number,
	filter: RecordFilter,
	pageSize: number,
	pages: number,
): Promise<number[]> {
	const ids: number[] = [];
	for (let page = 1; page <= pages; page++) {
		const data = await client.getRecords(jobId, {status: filter, page, page_size: pageSize});
		const id = data.results[0]?.id;
		if (id === undefined) {
			break;
		}

		ids[page] = id;
	}

	return ids;
}
