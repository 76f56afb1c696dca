// The render-and-press harness, the one every in-process UI test and the chaos suite use: renders a
// tree with Ink at a chosen terminal size (set before the first frame), with stdin reaching Ink through
// terminal/inkStdin as in main.tsx, sends keys as a terminal would send them, and waits for frames.
//
// Waits are keyed to what the app did, never to quiet time. Ink renders this tree in legacy mode:
// a key's update is rendered in a microtask after Ink read the key, the frame is written in the
// commit (debug mode: every frame, unthrottled), and the commit's effects — a newly shown input's key
// subscription among them — run later in a task of React's scheduler. So "the app has handled it"
// is: Ink's pending-Esc check has run (a setImmediate), then a task queued on React's own scheduler
// after the last frame has run (React's effect task for that frame was queued before it), and no
// frame came meanwhile.
import {EventEmitter} from 'node:events';
import {createRequire} from 'node:module';
import path from 'node:path';
import {render} from 'ink';
import type React from 'react';
import {inkStdin} from '../../source/terminal/inkStdin.js';
import {ROOT} from './build.js';
import {FakeTtyStdin} from './ttyStdin.js';

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

interface Scheduler {
	readonly unstable_NormalPriority: number;
	unstable_scheduleCallback(priority: number, callback: () => void): unknown;
}

// The scheduler React's reconciler uses, found from Ink's reconciler the way Node finds it, so it is
// the very instance whose queue holds React's effect tasks.
const fromInk = createRequire(path.join(ROOT, 'node_modules/ink/build/reconciler.js'));
const scheduler = createRequire(fromInk.resolve('react-reconciler'))('scheduler') as Scheduler;

const nextTurn = () =>
	new Promise<void>(resolve => {
		setImmediate(resolve);
	});

/** Resolves once every task React's scheduler held when this was called has run. */
const afterScheduledWork = () =>
	new Promise<void>(resolve => {
		scheduler.unstable_scheduleCallback(scheduler.unstable_NormalPriority, resolve);
	});

/**
 * For an Ink app this harness did not render (a command that renders its own, such as `login`): resolves
 * once the app has handled everything so far — keys read, frames drawn, their effects run — judged by
 * `written()` (how much it has written) no longer growing. Wait for the frame you expect first; this
 * then says the keys that frame asks for will reach it (ink-text-input subscribes in an effect).
 */
export async function settled(written: () => number): Promise<void> {
	for (;;) {
		const before = written();
		await nextTurn();
		await afterScheduledWork();
		if (written() === before) {
			return;
		}
	}
}

export type Expected = string | RegExp | ((frame: string) => boolean);

export interface Screen {
	/** The last frame Ink wrote. */
	frame(): string;
	/** Every frame Ink wrote, in order. */
	readonly frames: string[];
	/** One write to stdin, as one chunk, with no wait after it: keys typed ahead arrive back to back. */
	write(data: string): void;
	/** Each key as its own chunk, as a person types: the next goes once the app has handled the last. */
	press(...keys: string[]): Promise<void>;
	/** Resolves once the app has handled everything so far: keys read, frames drawn, their effects run. */
	idle(): Promise<void>;
	/** The first frame that matches (the current one, or one still to come), once its effects have run. */
	waitFor(expected: Expected, timeoutMs?: number): Promise<string>;
	resize(columns: number, rows: number): void;
	readonly size: {readonly columns: number; readonly rows: number};
	unmount(): void;
}

/** The name the UI tests know it by. */
export type Rendered = Screen;

/** A terminal's stdout as Ink sees it: a size, resize events, and every frame written. */
class FakeStdout extends EventEmitter {
	readonly frames: string[] = [];
	last = '';
	isTTY: boolean | undefined;
	readonly #onFrame = new Set<(frame: string) => void>();

	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}

	write = (frame: string): boolean => {
		this.frames.push(frame);
		this.last = frame;
		for (const listener of this.#onFrame) {
			listener(frame);
		}

		return true;
	};

	onFrame(listener: (frame: string) => void): () => void {
		this.#onFrame.add(listener);
		return () => this.#onFrame.delete(listener);
	}
}

function matcher(expected: Expected): (frame: string) => boolean {
	if (typeof expected === 'function') {
		return expected;
	}

	return typeof expected === 'string' ? frame => frame.includes(expected) : frame => expected.test(frame);
}

export async function renderAt(
	tree: React.ReactElement,
	columns = 80,
	rows = 24,
	options: {
		tty?: boolean | undefined;
		/** What main.tsx puts between Ink and the terminal (`s => inkStdout(s, env)`); frames are read after it. */
		stdout?: ((stdout: NodeJS.WriteStream) => NodeJS.WriteStream) | undefined;
	} = {},
): Promise<Screen> {
	const stdout = new FakeStdout(columns, rows);
	// Only for what the app itself checks (the clipboard): Ink's debug mode draws the same either way.
	stdout.isTTY = options.tty;
	const stderr = new FakeStdout(columns, rows);
	const stdin = new FakeTtyStdin();
	const instance = render(tree, {
		stdout: (options.stdout ?? (each => each))(stdout as unknown as NodeJS.WriteStream),
		stderr: stderr as unknown as NodeJS.WriteStream,
		stdin: inkStdin(stdin as unknown as NodeJS.ReadStream),
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const size = {columns, rows};

	const idle = async () => {
		for (;;) {
			const drawn = stdout.frames.length;
			// Ink's check for a lone Esc, and the microtask renders of what it read.
			await nextTurn();
			// The effects of every frame drawn so far.
			await afterScheduledWork();
			if (stdout.frames.length === drawn) {
				return;
			}
		}
	};

	const screen: Screen = {
		frame: () => stdout.last,
		frames: stdout.frames,
		write(data) {
			stdin.write(data);
		},
		async press(...keys) {
			for (const key of keys) {
				stdin.write(key);
				await idle();
			}
		},
		idle,
		async waitFor(expected, timeoutMs = 5000) {
			const matches = matcher(expected);
			let found: string | undefined = matches(stdout.last) ? stdout.last : undefined;
			if (found === undefined) {
				let stop: () => unknown = () => undefined;
				let timer: NodeJS.Timeout | undefined;
				found = await new Promise<string>((resolve, reject) => {
					stop = stdout.onFrame(frame => {
						if (matches(frame)) {
							resolve(frame);
						}
					});
					timer = setTimeout(() => {
						reject(new Error(`Timed out waiting for ${String(expected)}; last frame:\n${stdout.last}`));
					}, timeoutMs);
				}).finally(() => {
					stop();
					clearTimeout(timer);
				});
			}

			await idle();
			return found;
		},
		resize(c, r) {
			size.columns = c;
			size.rows = r;
			stdout.columns = c;
			stdout.rows = r;
			stdout.emit('resize');
		},
		size,
		unmount() {
			instance.unmount();
			instance.cleanup();
		},
	};
	// The first frame's effects (the app's key subscriptions among them) before the first key.
	await idle();
	return screen;
}
