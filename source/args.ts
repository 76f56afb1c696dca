// The command line's words and values: the command words, the checks every value goes through, and
// what a checked command line gives the commands (flags.ts has the flags and reads them).
import {RECORD_FILTERS, type RecordFilter} from './api/types.js';

/** The words that name a command; anything else in the first place is a job id. */
export const COMMAND_WORDS = [
	'export',
	'revalidate',
	'login',
	'logout',
	'auth',
	'whoami',
	'demo-server',
	'completion',
] as const;
export type CommandWord = (typeof COMMAND_WORDS)[number];

export function isCommandWord(value: string | undefined): value is CommandWord {
	return (COMMAND_WORDS as readonly string[]).includes(value ?? '');
}

/** A usage mistake: one line on stderr and exit 2 (cli.tsx prints it). */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

export function usage(message: string): never {
	throw new UsageError(message);
}

/**
 * A value the person typed, as a usage error may repeat it: short ones in quotes (a typo is easier to see
 * than to describe), longer ones only by their length. A token pasted in the wrong place is 40 characters
 * and is never repeated; one that is known (flag, environment, saved) is redacted whatever its length.
 */
export function quote(raw: string): string {
	return raw.length <= 16 ? `"${raw}"` : `a value of ${raw.length} characters`;
}

/** Command words that take no argument; `login` least of all, since what people put there is the token. */
export const NO_ARGUMENT: Partial<Record<CommandWord, string>> = {
	login:
		'login takes no argument and does not repeat it: pass the token with --token, in ECORE_API_TOKEN, or on standard input (… | ecore-records login)',
	logout: 'logout takes no argument',
	auth: 'auth takes no argument (--check asks the API)',
	whoami: 'whoami takes no argument (--check asks the API)',
	'demo-server': 'demo-server takes no argument (--port picks the port)',
};

export function positiveInteger(name: string, raw: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
	const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
	if (!Number.isSafeInteger(value) || value < min || value > max) {
		const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
		usage(`${name} must be an integer ${range}, got ${quote(raw)}`);
	}

	return value;
}

export function parseStatus(raw: string | undefined): RecordFilter {
	if (raw === undefined) {
		return 'All';
	}

	const match = RECORD_FILTERS.find(filter => filter.toLowerCase() === raw.toLowerCase());
	if (!match) {
		usage(`--status must be one of ${RECORD_FILTERS.join(', ')}, got ${quote(raw)}`);
	}

	return match;
}

export function parseJobId(raw: string | undefined): number | undefined {
	return raw === undefined ? undefined : positiveInteger('job id', raw, 1);
}

/**
 * What runs: `browse` is the screen, `print` the page as text (stdout is not a terminal); the rest are
 * the command words (`whoami` is `auth`).
 */
export type Command = 'browse' | 'print' | 'export' | 'revalidate' | 'login' | 'logout' | 'auth' | 'demo-server';

/** A checked command line. */
export interface RunOptions {
	readonly command: Command;
	readonly jobId: number | undefined;
	readonly status: RecordFilter;
	readonly page: number;
	readonly pageSize: number;
	readonly flags: {
		readonly token: string | undefined;
		readonly baseUrl: string | undefined;
		readonly demo: boolean;
		readonly format: 'csv' | 'ndjson' | 'json';
		readonly output: string | undefined;
		readonly excelSafe: boolean;
		readonly port: number | undefined;
		/** demo-server: --latency, --jitter, --rate-limit (0 = none), --balance (undefined = the default). */
		readonly demoServer: {
			readonly latencyMs: number;
			readonly jitterMs: number;
			readonly rateLimitPerSecond: number;
			readonly balance: number | undefined;
		};
		readonly check: boolean;
		readonly refreshSeconds: number;
		/** revalidate: --list-name (more than spaces), --dry-run, --yes. */
		readonly revalidate: {
			readonly listName: string | undefined;
			readonly dryRun: boolean;
			readonly yes: boolean;
		};
	};
}
