// The alternate screen (with bracketed paste on) and the promise to leave it. Ink 6 has no alternate-screen option, so the
// program enters it here and every way out (normal exit, process.exit, SIGINT/SIGTERM/SIGHUP,
// uncaught exception, unhandled rejection) goes through one idempotent restore.
//
// Order matters: Ink writes a last frame when it unmounts. Ink subscribes its unmount with
// signal-exit, which runs *after* every `process.on('exit')` listener, so without help that frame
// would land on the main screen after we left the alternate one. Hence `beforeExit`: the app
// passes a callback that aborts requests and unmounts Ink (which also unsubscribes Ink's own exit
// hook), we call it first, then restore, then exit. Because we listen for the signals ourselves,
// signal-exit sees other listeners and leaves the signal alone.

import {EXIT} from '../exit.js';
import {BRACKETED_PASTE_OFF, BRACKETED_PASTE_ON} from './terminalInput.js';
import {writeLine} from './say.js';

const CSI = '\u001B[';
export const ENTER_ALTERNATE_SCREEN = `${CSI}?1049h`;
export const LEAVE_ALTERNATE_SCREEN = `${CSI}?1049l`;
export const SHOW_CURSOR = `${CSI}?25h`;
export const RESET_ATTRIBUTES = `${CSI}0m`;
/** Entering the full screen: the alternate screen, and pastes bracketed so they are never keys (inkStdin.ts). */
export const START_SCREEN = ENTER_ALTERNATE_SCREEN + BRACKETED_PASTE_ON;
/** Every way out: the shell gets back plain pastes, the cursor and the main screen. */
export const RESTORE_SCREEN = RESET_ATTRIBUTES + SHOW_CURSOR + BRACKETED_PASTE_OFF + LEAVE_ALTERNATE_SCREEN;
/** The same for a prompt on the main screen. */
const RESTORE_INLINE = RESET_ATTRIBUTES + SHOW_CURSOR + BRACKETED_PASTE_OFF;

/** Exit codes follow the shell convention 128 + signal number. */
export type HandledSignal = 'SIGHUP' | 'SIGINT' | 'SIGTERM';
const SIGNALS: readonly HandledSignal[] = ['SIGHUP', 'SIGINT', 'SIGTERM'];

export type ExitReason =
	| {readonly kind: 'signal'; readonly signal: HandledSignal; readonly code: number}
	| {readonly kind: 'error'; readonly error: unknown; readonly code: 1}
	| {readonly kind: 'exit'; readonly code: number};

export interface TerminalOutput {
	readonly isTTY?: boolean;
	write(chunk: string): unknown;
}

export interface TerminalInput {
	readonly isTTY?: boolean;
	setRawMode?(mode: boolean): unknown;
}

/** The part of `process` used here; tests pass a fake so nothing real exits. */
export interface ProcessLike {
	readonly env: NodeJS.ProcessEnv;
	// Node's own listener type for process events.
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	on(event: string, listener: (...args: any[]) => void): unknown;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	off(event: string, listener: (...args: any[]) => void): unknown;
	exit(code?: number): void;
}

export interface TerminalOptions {
	readonly stdout: TerminalOutput;
	readonly stdin: TerminalInput;
	/** Where the one-line error goes after an uncaught error; defaults to `process.stderr`. */
	readonly stderr?: TerminalOutput;
	/**
	 * Runs once, synchronously, before the terminal is restored on any way out: abort in-flight
	 * requests and unmount Ink here so Ink's last frame is drawn on the alternate screen.
	 */
	readonly beforeExit?: (reason: ExitReason) => void;
	/** Prefix of the error line. */
	readonly name?: string;
	readonly process?: ProcessLike;
	/**
	 * `inline`: no alternate screen, only bracketed paste (a prompt drawn where the command was typed,
	 * `login`); the full screen by default.
	 */
	readonly screen?: 'full' | 'inline';
}

export interface TerminalSession {
	/** False when stdout is not a terminal: nothing was written and nothing will be. */
	readonly active: boolean;
	/**
	 * Leaves the alternate screen and gives the terminal back; safe to call any number of times. A
	 * `lastLine` is then said on stderr (`ecore-records: …`, sanitised), so it stays on the main screen.
	 */
	restore(lastLine?: string): void;
	/** `beforeExit`, restore, then exit with `code`: the normal way out of the app. */
	exit(code: number): void;
	/** Restores the terminal and stops watching the process: the command goes on without a screen. */
	release(): void;
}

/** What an unexpected error says on stderr (say.ts redacts and sanitises it); a stack only with ECORE_DEBUG=1. */
function describe(error: unknown, debug: boolean): {text: string; multiline: boolean} {
	if (error instanceof Error) {
		if (debug && error.stack) {
			return {text: error.stack, multiline: true};
		}

		return {text: error.message || error.name, multiline: false};
	}

	return {text: String(error), multiline: false};
}

export function setupTerminal(options: TerminalOptions): TerminalSession {
	const proc = options.process ?? process;
	const {stdout, stdin, beforeExit} = options;
	const stderr = options.stderr ?? process.stderr;
	const name = options.name ?? 'ecore-records';

	const say = (line: string | undefined): void => {
		if (line !== undefined) {
			try {
				writeLine(stderr, `${name}: ${line}`);
			} catch {
				// Nowhere else to say it.
			}
		}
	};

	let beforeExitDone = false;
	const runBeforeExit = (reason: ExitReason): void => {
		if (beforeExitDone) {
			return;
		}

		beforeExitDone = true;
		try {
			beforeExit?.(reason);
		} catch {
			// The terminal is restored regardless; a failing unmount must not keep it broken.
		}
	};

	if (!stdout.isTTY) {
		return {
			active: false,
			restore: say,
			exit(code) {
				runBeforeExit({kind: 'exit', code});
				proc.exit(code);
			},
			release() {},
		};
	}

	const inline = options.screen === 'inline';

	const write = (chunk: string): void => {
		try {
			stdout.write(chunk);
		} catch {
			// After SIGHUP the terminal may be gone (EIO); there is nothing left to restore.
		}
	};

	let restored = false;
	const restore = (): void => {
		if (restored) {
			return;
		}

		restored = true;
		if (stdin.isTTY && typeof stdin.setRawMode === 'function') {
			try {
				stdin.setRawMode(false);
			} catch {
				// Same as above: a closed terminal has no mode to reset.
			}
		}

		// Leaving the alternate screen comes last so it is the final thing the terminal sees.
		write(inline ? RESTORE_INLINE : RESTORE_SCREEN);
	};

	const finish = (reason: ExitReason, message?: {text: string; multiline: boolean}): void => {
		runBeforeExit(reason);
		restore();
		if (message !== undefined) {
			try {
				writeLine(stderr, message.text, {multiline: message.multiline});
			} catch {
				// Nowhere else to report it.
			}
		}

		proc.exit(reason.code);
	};

	const listeners: Array<[string, Parameters<ProcessLike['on']>[1]]> = SIGNALS.map(signal => [
		signal,
		() => {
			finish({kind: 'signal', signal, code: EXIT[signal]});
		},
	]);

	const onError = (error: unknown): void => {
		const debug = proc.env['ECORE_DEBUG'] === '1';
		const {text, multiline} = describe(error, debug);
		finish({kind: 'error', error, code: 1}, {text: `${name}: ${text}`, multiline});
	};

	listeners.push(
		['uncaughtException', onError],
		['unhandledRejection', onError],
		// `process.exit()` from anywhere, or the event loop running dry.
		[
			'exit',
			(code: number) => {
				runBeforeExit({kind: 'exit', code});
				restore();
			},
		],
	);
	for (const [event, listener] of listeners) {
		proc.on(event, listener);
	}

	write(inline ? BRACKETED_PASTE_ON : START_SCREEN);
	// Keys are the app's from the first frame on. Ink turns raw mode on only when its first input
	// handler subscribes, after that frame is on screen; a key pressed in between went through the
	// terminal's line discipline (Ctrl+C as SIGINT to the whole foreground process group, other keys
	// held until raw mode). Unread keys wait in the terminal until Ink reads them.
	if (stdin.isTTY && typeof stdin.setRawMode === 'function') {
		try {
			stdin.setRawMode(true);
		} catch {
			// Not a terminal after all: Ink reads it as it is.
		}
	}

	return {
		active: true,
		restore(lastLine) {
			restore();
			say(lastLine);
		},
		exit(code) {
			finish({kind: 'exit', code});
		},
		release() {
			restore();
			for (const [event, listener] of listeners) {
				proc.off(event, listener);
			}
		},
	};
}
