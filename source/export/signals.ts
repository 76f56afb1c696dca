// The signals that end a command-line program (Ctrl-C, `kill`, a closed SSH session) stop an export the same
// way: it unwinds, its temporary file is removed, and the exit code names the signal (128 + its number, as a
// shell reports it), from exit.ts's table.

import {ApiError} from '../api/errors.js';
import {EXIT} from '../exit.js';

export const TERMINATION_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type TerminationSignal = (typeof TERMINATION_SIGNALS)[number];

/** The reason an export stopped: a signal arrived. An ApiError of kind 'aborted', so every layer passes it on. */
export class Interrupted extends ApiError {
	readonly signal: TerminationSignal;

	constructor(signal: TerminationSignal) {
		super('aborted', `Interrupted by ${signal}.`);
		this.signal = signal;
	}

	get exitCode(): number {
		return EXIT[this.signal];
	}
}

export function isInterrupted(error: unknown): error is Interrupted {
	return error instanceof Interrupted;
}

/**
 * Calls `stop` on each termination signal until the returned function is called. While anyone listens,
 * Node no longer dies on the spot at these signals, so the export can clean up and the caller picks the
 * exit code.
 */
export function onTerminationSignals(stop: (reason: Interrupted) => void): () => void {
	const listeners = TERMINATION_SIGNALS.map(signal => {
		const listener = () => {
			stop(new Interrupted(signal));
		};

		process.on(signal, listener);
		return [signal, listener] as const;
	});
	return () => {
		for (const [signal, listener] of listeners) process.off(signal, listener);
	};
}
