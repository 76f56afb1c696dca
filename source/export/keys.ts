// `q` and Ctrl+C stop an export that runs at a terminal, as they stop the browser. For `q` to arrive without
// Enter the terminal is in raw mode while the export runs; Ctrl+C and Ctrl+Z then arrive as bytes, not as
// signals, so they are given their meaning here: Ctrl+C stops the export the way SIGINT does (signals.ts,
// same exit code), Ctrl+Z suspends it as the shell expects (raw mode is left first, and taken again on `fg`).
//
// Only in the foreground, with stdout not a pipe: a background job that touched the terminal's mode or read
// from it would be stopped by the kernel (SIGTTOU/SIGTTIN), and `export 7 | less` shares the terminal with a
// pager that reads its own keys from it.

import {readFileSync} from 'node:fs';
import {Socket} from 'node:net';
import process from 'node:process';
import {PLAIN_KEY} from '../keys/input.js';
import {commandFor} from '../keys/keymap.js';
import {Interrupted} from './signals.js';

/** The part of a terminal's stdin this uses (process.stdin at a terminal is a tty.ReadStream). */
export interface KeyInput {
	readonly isTTY?: boolean;
	setRawMode?(mode: boolean): unknown;
	on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
	off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
	resume(): unknown;
	pause(): unknown;
}

export interface CancelKeysOptions {
	readonly stdin: KeyInput | undefined;
	/** Where the data goes: no keys are read while it is a pipe. */
	readonly stdout: unknown;
	/** Whether this process is the terminal's foreground job; undefined when the system does not say. */
	readonly foreground?: () => boolean | undefined;
	/** Ctrl+Z as the terminal would have taken it; default: SIGTSTP to this process, SIGCONT when it goes on. */
	readonly jobControl?: JobControl;
}

export interface JobControl {
	suspend(): void;
	/** Calls `listener` each time the process is continued (`fg`, `bg`); returns the function that stops that. */
	onContinue(listener: () => void): () => void;
}

const PROCESS_JOB_CONTROL: JobControl = {
	suspend() {
		process.kill(process.pid, 'SIGTSTP');
	},
	onContinue(listener) {
		process.on('SIGCONT', listener);
		return () => {
			process.off('SIGCONT', listener);
		};
	},
};

export interface CancelKeys {
	/** Keys are read: the progress line may say `q` stops the export. */
	readonly listening: boolean;
	/** Reads no more keys and puts the terminal back as it was. */
	close(): void;
}

/** A pipe or a socket (not a terminal, a file or /dev/null): another program reads it, perhaps a pager. */
export function isPipe(stream: unknown): boolean {
	return stream instanceof Socket && !(stream as {isTTY?: boolean}).isTTY;
}

/**
 * Linux's word on whether this process's group is its terminal's foreground group (/proc/self/stat: pgrp
 * and tpgid); undefined elsewhere.
 */
export function isForegroundJob(): boolean | undefined {
	try {
		const stat = readFileSync('/proc/self/stat', 'utf8');
		// The command name (in parentheses) may hold spaces and parentheses: the fields follow the last ')'.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const processGroup = Number(fields[2]);
		const foregroundGroup = Number(fields[5]);
		return Number.isInteger(processGroup) && processGroup > 0 ? processGroup === foregroundGroup : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Calls `stop` when `q` or Ctrl+C is typed, until `close()`. Reads nothing (and `listening` is false)
 * unless stdin is a terminal, stdout is not a pipe and the process is known to be in the foreground.
 */
export function onCancelKeys(options: CancelKeysOptions, stop: (reason: Interrupted) => void): CancelKeys {
	const {stdin, stdout} = options;
	const foreground = options.foreground ?? isForegroundJob;
	const jobControl = options.jobControl ?? PROCESS_JOB_CONTROL;
	if (!stdin?.isTTY || typeof stdin.setRawMode !== 'function' || isPipe(stdout) || foreground() !== true) {
		return {listening: false, close() {}};
	}

	let reading = false;
	const onData = (chunk: Buffer | string) => {
		const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
		// Escape sequences (arrows, function keys) mean nothing here.
		if (text.startsWith('\u001b')) return;
		for (const character of text) {
			const code = character.codePointAt(0) ?? 0;
			// Ctrl+letter arrives as 1–26; Ink hands it over as the letter with ctrl, which is what keymap.ts says.
			const [input, key] =
				code >= 1 && code <= 26
					? [String.fromCodePoint(code + 96), {...PLAIN_KEY, ctrl: true}]
					: [character, PLAIN_KEY];
			if (commandFor('export', input, key) === 'cancelExport') {
				stop(new Interrupted('SIGINT'));
				return;
			}

			if (key.ctrl && input === 'z') {
				pauseReading();
				jobControl.suspend();
				return;
			}
		}
	};

	function startReading(): void {
		if (reading) return;
		reading = true;
		stdin!.setRawMode!(true);
		stdin!.on('data', onData);
		stdin!.resume();
	}

	function pauseReading(): void {
		if (!reading) return;
		reading = false;
		stdin!.off('data', onData);
		stdin!.setRawMode!(false);
		// Reading no more, so the process can end and a suspended job does not read the terminal.
		stdin!.pause();
	}

	// Back in the foreground (`fg`): keys again. Continued in the background (`bg`): none, until `fg`.
	const stopHearing = jobControl.onContinue(() => {
		if (foreground() === true) startReading();
	});
	startReading();
	return {
		listening: true,
		close() {
			stopHearing();
			pauseReading();
		},
	};
}
