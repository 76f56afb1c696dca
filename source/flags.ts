// The command line's flags: meow's definitions, which cli.tsx parses with, and what a shell can offer
// after each flag that takes a value, which `completion` generates its scripts from. One table, so a
// flag cannot be parsed and not completed (the compiler checks every value flag is in FLAG_VALUES).
import {RECORD_FILTERS} from './api/types.js';
import {EXPORT_FORMATS} from './export/format.js';

export const FLAGS = {
	status: {type: 'string'},
	page: {type: 'string'},
	pageSize: {type: 'string'},
	baseUrl: {type: 'string'},
	token: {type: 'string'},
	demo: {type: 'boolean', default: false},
	format: {type: 'string'},
	output: {type: 'string', shortFlag: 'o'},
	excelSafe: {type: 'boolean', default: false},
	port: {type: 'string'},
	latency: {type: 'string'},
	jitter: {type: 'string'},
	rateLimit: {type: 'string'},
	balance: {type: 'string'},
	check: {type: 'boolean', default: false},
	refresh: {type: 'string'},
	listName: {type: 'string'},
	dryRun: {type: 'boolean', default: false},
	yes: {type: 'boolean', default: false},
} as const satisfies Record<string, {type: 'string' | 'boolean'; shortFlag?: string; default?: boolean}>;

export type FlagName = keyof typeof FLAGS;
type ValueFlag = {[Name in FlagName]: (typeof FLAGS)[Name]['type'] extends 'string' ? Name : never}[FlagName];

/** After a flag that takes a value: these words, a file name, or nothing to offer (a number, a URL, a token). */
export type FlagValues = readonly string[] | 'file' | 'none';

export const FLAG_VALUES: Readonly<Record<ValueFlag, FlagValues>> = {
	status: RECORD_FILTERS,
	format: EXPORT_FORMATS,
	output: 'file',
	page: 'none',
	pageSize: 'none',
	baseUrl: 'none',
	token: 'none',
	port: 'none',
	latency: 'none',
	jitter: 'none',
	rateLimit: 'none',
	balance: 'none',
	refresh: 'none',
	listName: 'none',
};

/** Flags meow handles itself. */
export const BUILT_IN_FLAGS = ['help', 'version'] as const;

/** Every name meow can put in its flags object: the flags, their short forms, and its own. */
export const KNOWN_FLAGS: ReadonlySet<string> = new Set<string>([
	...Object.keys(FLAGS),
	...Object.values(FLAGS).flatMap(flag => ('shortFlag' in flag ? [flag.shortFlag] : [])),
	...BUILT_IN_FLAGS,
]);

/** `pageSize` → `page-size`, as typed on the command line. */
export function dashed(name: string): string {
	return name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}
