// The command line's flags: their definitions, which readCommandLine parses with, and what a shell can
// offer after each flag that takes a value, which `completion` generates its scripts from. One table, so
// a flag cannot be parsed and not completed (the compiler checks every value flag is in FLAG_VALUES).
//
// Parsed with Node's util.parseArgs, not meow: meow's prebundled parser and package readers took ~13 ms
// of the bundle's start-up, and a locale-aware sort at its load initialised ICU (~10 ms), all before the
// first request could leave (issue 14). parseArgs is part of Node and costs nothing to load.
import {parseArgs} from 'node:util';
import {RECORD_FILTERS} from './api/types.js';
import {quote, usage} from './args.js';
import {EXPORT_FORMATS} from './export/format.js';

export const FLAGS = {
	status: {type: 'string'},
	page: {type: 'string'},
	pageSize: {type: 'string'},
	baseUrl: {type: 'string'},
	token: {type: 'string'},
	demo: {type: 'boolean'},
	format: {type: 'string'},
	output: {type: 'string', shortFlag: 'o'},
	excelSafe: {type: 'boolean'},
	port: {type: 'string'},
	latency: {type: 'string'},
	jitter: {type: 'string'},
	rateLimit: {type: 'string'},
	balance: {type: 'string'},
	check: {type: 'boolean'},
	refresh: {type: 'string'},
	listName: {type: 'string'},
	dryRun: {type: 'boolean'},
	yes: {type: 'boolean'},
} as const satisfies Record<string, {type: 'string' | 'boolean'; shortFlag?: string}>;

export type FlagName = keyof typeof FLAGS;
type ValueFlag = {
	[Name in FlagName]: (typeof FLAGS)[Name]['type'] extends 'string' ? Name : never;
}[FlagName];

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

/** Flags the command line answers itself, before any command: the help text and the version. */
export const BUILT_IN_FLAGS = ['help', 'version'] as const;
type BuiltInFlag = (typeof BUILT_IN_FLAGS)[number];

/** `pageSize` → `page-size`, as typed on the command line. */
export function dashed(name: string): string {
	return name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

/** The flags as the program reads them: camelCase names, a value flag's text (undefined when not given), switches. */
export type Flags = {
	readonly [Name in FlagName]: Name extends ValueFlag ? string | undefined : boolean;
};

/** A command line read: its flags, its words (positionals), and whether it asked for the help or the version. */
export interface CommandLine {
	readonly flags: Flags;
	readonly input: readonly string[];
	readonly help: boolean;
	readonly version: boolean;
}

const NAMES: ReadonlyMap<string, FlagName | BuiltInFlag> = new Map<string, FlagName | BuiltInFlag>([
	...(Object.keys(FLAGS) as FlagName[]).map(name => [dashed(name), name] as const),
	...BUILT_IN_FLAGS.map(name => [name, name] as const),
]);

const OPTIONS = Object.fromEntries(
	[...NAMES].map(([long, name]) => {
		const definition: {type: 'string' | 'boolean'; shortFlag?: string} =
			name === 'help' || name === 'version' ? {type: 'boolean'} : FLAGS[name];
		return [
			long,
			{
				type: definition.type,
				...(definition.shortFlag === undefined ? {} : {short: definition.shortFlag}),
			},
		];
	}),
);

/** A value given apart from its flag that looks like a flag itself (`--status --demo`); `-` and `-1` are values. */
const LOOKS_LIKE_A_FLAG = /^-(?!$|\d)/;

/**
 * Reads `argv` (the words after the program's name). Every mistake is a usage error of one line: an
 * unknown flag, a flag without its value or a switch with one, a value flag given twice.
 */
export function readCommandLine(argv: readonly string[]): CommandLine {
	// Not strict: parseArgs's own errors are several lines and name no program; these are ours.
	const {tokens} = parseArgs({
		args: [...argv],
		options: OPTIONS,
		strict: false,
		allowPositionals: true,
		tokens: true,
	});
	const values = new Map<FlagName | BuiltInFlag, string | boolean>();
	const input: string[] = [];
	for (const token of tokens) {
		if (token.kind === 'positional') {
			input.push(token.value);
			continue;
		}

		if (token.kind === 'option-terminator') {
			continue;
		}

		const name = NAMES.get(token.name);
		const typed = token.rawName;
		if (name === undefined) {
			// A long one is more likely something pasted in the wrong place (a token) than a typo: not repeated.
			usage(typed.length <= 32 ? `unknown option ${typed}` : `unknown option of ${typed.length} characters`);
		}

		if (OPTIONS[token.name]?.type === 'boolean') {
			if (token.value !== undefined) {
				usage(`${typed} takes no value`);
			}

			values.set(name, true);
			continue;
		}

		if (token.value === undefined) {
			usage(`${typed} needs a value`);
		}

		if (!token.inlineValue && LOOKS_LIKE_A_FLAG.test(token.value)) {
			const joined = typed.startsWith('--') ? `${typed}=` : typed;
			usage(
				`${typed} needs a value, not the option ${quote(token.value)} (a value that starts with - goes as ${joined}…)`,
			);
		}

		if (values.has(name)) {
			usage(`${typed} is given twice`);
		}

		// `-o=file` is `-o file`, as it always was here (getopt would name the file "=file").
		values.set(name, token.inlineValue && !typed.startsWith('--') ? token.value.replace(/^=/, '') : token.value);
	}

	const flags = Object.fromEntries(
		(Object.keys(FLAGS) as FlagName[]).map(name => [
			name,
			values.get(name) ?? (FLAGS[name].type === 'boolean' ? false : undefined),
		]),
	) as unknown as Flags;
	return {
		flags,
		input,
		help: values.has('help'),
		version: values.has('version'),
	};
}
