// The program's exit codes, in one table: every command, the browser and the export return one of these.
import type {ApiErrorKind} from './api/errors.js';

export const EXIT = {
	ok: 0,
	/** The API or the network failed, or a file could not be written. */
	failure: 1,
	/** A usage mistake: a bad argument, or a base URL this program refuses to send a token to. */
	usage: 2,
	/** The token is missing or was refused (401). */
	auth: 4,
	/** 128 + the signal's number, as a shell reports a command stopped by it. */
	SIGHUP: 129,
	SIGINT: 130,
	SIGTERM: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of a failed API call, by the kind of failure; the compiler checks every kind is here. */
const FOR_API_ERROR: Readonly<Record<ApiErrorKind, ExitCode>> = {
	auth: EXIT.auth,
	insecure: EXIT.usage,
	aborted: EXIT.SIGINT,
	'not-found': EXIT.failure,
	'invalid-page': EXIT.failure,
	'bad-request': EXIT.failure,
	'rate-limited': EXIT.failure,
	server: EXIT.failure,
	http: EXIT.failure,
	timeout: EXIT.failure,
	network: EXIT.failure,
	malformed: EXIT.failure,
	'rejected-emails': EXIT.failure,
	'insufficient-credits': EXIT.failure,
	'outcome-unknown': EXIT.failure,
};

export function exitCodeFor(kind: ApiErrorKind): ExitCode {
	return FOR_API_ERROR[kind];
}

/** A command that cannot go on: its sentence is the one line main.tsx prints, with this exit code. */
export class CommandFailure extends Error {
	override readonly name = 'CommandFailure';

	constructor(
		message: string,
		readonly code: ExitCode,
	) {
		super(message);
	}
}
