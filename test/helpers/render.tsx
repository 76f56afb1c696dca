// Render-and-press harness: renders a tree with ink-testing-library at a chosen terminal size, sends
// keys as a terminal would send them, and waits for the frame to show what a person would look for.
import {render} from 'ink-testing-library';
import type React from 'react';

export const KEYS = {
	up: '\u001b[A',
	down: '\u001b[B',
	right: '\u001b[C',
	left: '\u001b[D',
	pageUp: '\u001b[5~',
	pageDown: '\u001b[6~',
	home: '\u001b[H',
	end: '\u001b[F',
	escape: '\u001b',
	enter: '\r',
	tab: '\t',
	ctrlC: '\u0003',
} as const;

export interface Rendered {
	readonly frame: () => string;
	readonly frames: string[];
	press(...keys: string[]): Promise<void>;
	waitFor(expected: string | RegExp | ((frame: string) => boolean), timeoutMs?: number): Promise<string>;
	resize(columns: number, rows: number): void;
	unmount(): void;
}

const tick = (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	});

export async function renderAt(
	tree: React.ReactElement,
	columns = 80,
	rows = 24,
	options: {tty?: boolean | undefined} = {},
): Promise<Rendered> {
	const instance = render(tree);
	const stdout = instance.stdout as unknown as NodeJS.EventEmitter & {columns: number; rows: number};
	if (options.tty) {
		// Only for what the app itself checks (the clipboard); Ink already rendered in test mode.
		Object.defineProperty(stdout, 'isTTY', {value: true, configurable: true});
	}

	const resize = (c: number, r: number) => {
		Object.defineProperty(stdout, 'columns', {value: c, configurable: true, writable: true});
		Object.defineProperty(stdout, 'rows', {value: r, configurable: true, writable: true});
		stdout.emit('resize');
	};

	resize(columns, rows);
	const frame = () => instance.lastFrame() ?? '';
	const waitFor: Rendered['waitFor'] = async (expected, timeoutMs = 5000) => {
		const matches =
			typeof expected === 'function'
				? expected
				: typeof expected === 'string'
					? (text: string) => text.includes(expected)
					: (text: string) => expected.test(text);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const text = frame();
			if (matches(text)) {
				// React runs effects (such as a newly shown input's key subscription) shortly after the
				// frame; a person never types that fast, so give them that moment.
				await tick(40);
				return text;
			}

			if (Date.now() > deadline) {
				throw new Error(`Timed out waiting for ${String(expected)}; last frame:\n${text}`);
			}

			await tick(10);
		}
	};

	// Let effects subscribe to stdin before the first key.
	await tick(20);
	return {
		frame,
		frames: instance.frames,
		async press(...keys) {
			for (const key of keys) {
				instance.stdin.write(key);
				// Ink parses one chunk at a time; a pause keeps an Esc from merging with the next key.
				await tick(15);
			}
		},
		waitFor,
		resize,
		unmount() {
			instance.unmount();
			instance.cleanup();
		},
	};
}
