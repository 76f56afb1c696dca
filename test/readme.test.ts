// The README is the contract with a newcomer: every flag, command, key, environment variable and exit code
// the program has is in it (and in --help), and nothing it names is missing from the program. These
// checks read the program's own tables (the flags, the command words, the key map, the exit codes) and
// its source (for the environment), so a flag, key or variable added or renamed without the README fails
// here, not in front of the person who reads it.
import fs from 'node:fs';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {COMMAND_WORDS} from '../source/args.js';
import {EXIT} from '../source/exit.js';
import {BUILT_IN_FLAGS, FLAGS, dashed} from '../source/flags.js';
import {BINDINGS, type KeySpec, type Mode} from '../source/keys/keymap.js';
import {runCli} from './helpers/cli.js';

const root = path.resolve(import.meta.dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

/** The text under a heading, up to the next heading of the same level or above. */
function section(heading: string): string {
	const lines = readme.split('\n');
	const start = lines.indexOf(heading);
	expect(start, `README has no "${heading}"`).toBeGreaterThanOrEqual(0);
	const level = heading.indexOf(' ');
	const end = lines.findIndex((line, index) => index > start && /^#+ /.test(line) && line.indexOf(' ') <= level);
	return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

/** The rows of the first table in a piece of Markdown, as cells (`\|` inside a cell is a `|`). */
function tableRows(text: string): string[][] {
	return text
		.split('\n')
		.filter(line => line.startsWith('|'))
		.slice(2)
		.map(line =>
			line
				.slice(1, -1)
				.split(/(?<!\\)\|/)
				.map(cell => cell.trim().replaceAll('\\|', '|')),
		);
}

/** The words in backquotes in a piece of Markdown. */
function quoted(text: string): string[] {
	return [...text.matchAll(/`([^`]+)`/g)].map(match => match[1]!);
}

let help = '';
beforeAll(async () => {
	const result = await runCli(['--help'], {home: fs.mkdtempSync('home-')});
	expect(result.code).toBe(0);
	help = result.stdout;
});

/** A part of --help: the lines under its title ("Options", "Environment"…), up to the next title. */
function helpPart(title: string): string {
	const lines = help.split('\n');
	const start = lines.indexOf(`  ${title}`);
	expect(start, `--help has no "${title}"`).toBeGreaterThanOrEqual(0);
	const end = lines.findIndex((line, index) => index > start && line.trim() === '');
	return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

describe('flags: the README, --help and the flag table agree', () => {
	const known = new Set<string>([
		...Object.keys(FLAGS).map(name => `--${dashed(name)}`),
		...Object.values(FLAGS).flatMap(flag => ('shortFlag' in flag ? [`-${flag.shortFlag}`] : [])),
		...BUILT_IN_FLAGS.map(name => `--${name}`),
	]);
	const optionTable = tableRows(section('### Command line'));
	const inTable = new Set(
		optionTable.flatMap(([flag]) => [...flag!.matchAll(/(?<![\w-])--?[a-z][a-z-]*/g)].map(m => m[0])),
	);

	it('gives every flag a row in the option table', () => {
		expect([...known].filter(flag => !inTable.has(flag))).toEqual([]);
	});

	it('names no flag the program does not have, anywhere', () => {
		const named = new Set([...readme.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map(m => m[0]));
		expect([...named].filter(flag => !known.has(flag))).toEqual([]);
	});

	it('lists every flag in --help, and only those', () => {
		const options = helpPart('Options');
		const named = new Set([...options.matchAll(/(?<![\w-])--?[a-z][a-z-]*/g)].map(m => m[0]));
		expect([...known].filter(flag => !named.has(flag))).toEqual([]);
		expect([...named].filter(flag => !known.has(flag))).toEqual([]);
	});
});

describe('defaults: the README and --help give each flag the same default', () => {
	/** The value after "default" in a flag's text (`All`, `100`, `100,000` as 100000), or undefined. */
	const defaultIn = (text: string) =>
		/\bdefault:? `?([^`;,)\s]+(?:,\d{3})*)/.exec(text)?.[1]?.replaceAll(/(?<=\d),(?=\d{3})/g, '');
	const optionRows = tableRows(section('### Command line'));

	it('reads them (as numbers without their commas)', () => {
		expect(defaultIn('credits (default 100,000); an upload')).toBe('100000');
		expect(defaultIn('`csv` (RFC 4180), `ndjson` or `json` (default `csv`)')).toBe('csv');
		expect(defaultIn('port (default 8787; 0 picks a free one)')).toBe('8787');
	});

	it.each(Object.keys(FLAGS).map(name => [`--${dashed(name)}`]))('%s', flag => {
		const row = optionRows.find(([names]) => names!.startsWith(`\`${flag}`));
		const line = helpPart('Options')
			.split('\n')
			.find(text => text.trimStart().startsWith(`${flag} `) || text.trimStart().startsWith(`${flag},`));
		expect(defaultIn(row![1]!), `the README's ${flag}`).toBe(defaultIn(line!));
	});
});

describe('commands: the README and --help show every command word', () => {
	it.each(COMMAND_WORDS.map(word => [word]))('%s', word => {
		const usage = new RegExp(`ecore-records ${word}\\b|alias: ${word}\\b`);
		expect(section('### Command line')).toMatch(usage);
		expect(helpPart('Usage')).toMatch(usage);
	});
});

describe('exit codes: the README and --help list every code in exit.ts, and only those', () => {
	const codes = [...new Set(Object.values(EXIT))].map(String).sort();

	it('in the README', () => {
		const documented = tableRows(section('### Exit codes')).flatMap(([code]) => code!.split(/\s*\/\s*/));
		expect(documented.sort()).toEqual(codes);
	});

	it('in --help', () => {
		const documented = [...helpPart('Exit codes').matchAll(/\b\d+\b/g)].map(m => m[0]);
		expect([...new Set(documented)].sort()).toEqual(codes);
	});
});

/** Every environment variable the program reads: `env['X']`, `env.X`, or a `…_ENV = 'X'` constant. */
function variablesReadBySource(): Map<string, string> {
	const found = new Map<string, string>();
	const walk = (dir: string): void => {
		for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) {
				walk(full);
			} else if (/\.tsx?$/.test(entry.name)) {
				const text = fs.readFileSync(full, 'utf8');
				const patterns = [
					/\benv\[['"]([A-Z][A-Z\d_]*)['"]\]/g,
					/\benv\.([A-Z][A-Z\d_]*)\b/g,
					/_ENV = ['"]([A-Z][A-Z\d_]*)['"]/g,
				];
				for (const pattern of patterns) {
					for (const match of text.matchAll(pattern)) {
						found.set(match[1]!, path.relative(root, full));
					}
				}
			}
		}
	};

	walk(path.join(root, 'source'));
	return found;
}

describe('environment: the README documents every variable the program reads, and only those', () => {
	const read = variablesReadBySource();
	const table = tableRows(section('### Environment'));
	const documented = new Set(table.flatMap(([names]) => quoted(names!)));

	it('finds the variables it knows are read (the scan works)', () => {
		for (const name of ['ECORE_API_TOKEN', 'NO_COLOR', 'LANG', 'XDG_CONFIG_HOME', 'TERM']) {
			expect(read.has(name), name).toBe(true);
		}
	});

	it('gives every variable read in source/ a row', () => {
		expect([...read].filter(([name]) => !documented.has(name))).toEqual([]);
	});

	it('documents no variable the program does not read', () => {
		expect([...documented].filter(name => !read.has(name))).toEqual([]);
	});

	it('names every documented variable in --help, and only those', () => {
		// Each line: the variables (`TERM=dumb`, `LC_ALL, LANG`), two spaces or more, what they do.
		const named = new Set(
			helpPart('Environment')
				.split('\n')
				.flatMap(line =>
					[
						...line
							.trim()
							.split(/\s{2,}/)[0]!
							.matchAll(/\b[A-Z][A-Z\d_]+\b/g),
					].map(m => m[0]),
				),
		);
		expect([...documented].filter(name => !named.has(name))).toEqual([]);
		expect([...named].filter(name => !documented.has(name))).toEqual([]);
	});
});

/** Which row of the README's key table describes the keys of each mode (the compiler wants every mode). */
const KEY_ROWS: Readonly<Record<Mode, readonly string[]>> = {
	picker: ['Lists', 'Job list'],
	pickerFind: ['Job find bar', "Text fields (find bars, token, `R`'s list name)"],
	browse: ['Lists', 'Records'],
	filter: ['Filter list'],
	find: ['Find bar', "Text fields (find bars, token, `R`'s list name)"],
	breakdown: ['Lists', 'Error breakdown'],
	token: ['Token screen', "Text fields (find bars, token, `R`'s list name)"],
	confirm: ['Re-validation (`R`)'],
	confirmName: ['Re-validation (`R`)', "Text fields (find bars, token, `R`'s list name)"],
	confirmWait: ['Re-validation (`R`)'],
	confirmFailed: ['Re-validation (`R`)'],
	confirmRejected: ['Re-validation (`R`)'],
	confirmUnknown: ['Re-validation (`R`)'],
	help: ['Help (`?`)'],
	export: ['`export` at a terminal'],
};

type NamedKey = Extract<KeySpec, {key: unknown}>['key'];

/** How the README writes each named key. */
const KEY_NAMES: Readonly<Record<NamedKey, string>> = {
	upArrow: '↑',
	downArrow: '↓',
	leftArrow: '←',
	rightArrow: '→',
	pageUp: 'PgUp',
	pageDown: 'PgDn',
	home: 'Home',
	end: 'End',
	return: 'Enter',
	escape: 'Esc',
	tab: 'Tab',
	backspace: 'Backspace',
	delete: 'Delete',
	ctrl: 'Ctrl',
	shift: 'Shift',
	meta: 'Alt',
	super: 'Super',
	hyper: 'Hyper',
	capsLock: 'CapsLock',
	numLock: 'NumLock',
};

/** A key as the README writes it: `x` for a letter, Space, Ctrl+C, Enter, ↑. */
function written(spec: KeySpec): string {
	if ('key' in spec) {
		return spec.ctrl ? `Ctrl+${KEY_NAMES[spec.key]}` : KEY_NAMES[spec.key];
	}

	if (spec.ctrl) {
		return `Ctrl+${spec.input.toUpperCase()}`;
	}

	return spec.input === ' ' ? 'Space' : `\`${spec.input}\``;
}

/** The keys a cell of the key table names, as `written` writes them (`1`–`6` is six keys). */
function keysNamed(cell: string): Set<string> {
	const keys = new Set<string>();
	const text = cell.replaceAll(/`(\d)`–`(\d)`/g, (_all, from: string, to: string) =>
		Array.from({length: Number(to) - Number(from) + 1}, (_, index) => `\`${Number(from) + index}\``).join(' '),
	);
	for (const match of text.matchAll(
		/`([^`])`|Ctrl\+[A-Z]|[↑↓←→]|\b(?:PgUp|PgDn|Home|End|Enter|Esc|Tab|Space|Backspace|Delete)\b/g,
	)) {
		const key = match[1];
		// An arrow is the same key in backquotes or not.
		keys.add(key === undefined ? match[0] : /[↑↓←→]/.test(key) ? key : `\`${key}\``);
	}

	return keys;
}

describe('keys: the README key table and the key map agree', () => {
	const rows = new Map(tableRows(section('### Keys')).map(([where, keys]) => [where!, keys!]));

	it('has every row the modes point to', () => {
		const wanted = new Set(Object.values(KEY_ROWS).flat());
		expect([...wanted].filter(row => !rows.has(row))).toEqual([]);
		expect([...rows.keys()].filter(row => !wanted.has(row))).toEqual([]);
	});

	it.each(Object.entries(KEY_ROWS))('names every key of mode %s in its rows', (mode, where) => {
		const named = new Set(where.flatMap(row => [...keysNamed(rows.get(row) ?? '')]));
		const missing = BINDINGS.filter(binding => binding.modes.includes(mode as Mode)).flatMap(binding =>
			binding.keys
				.map(written)
				.filter(key => !named.has(key))
				.map(key => `${key} (${binding.command})`),
		);
		expect(missing).toEqual([]);
	});

	// Keys the README names that the key map does not hold, with the reason.
	const NOT_IN_THE_KEY_MAP: Readonly<Record<string, string>> = {
		// The terminal's job control: export/keys.ts passes it on as the signal it would have been.
		'`export` at a terminal: Ctrl+Z': 'job control, not a command',
	};

	it.each([...rows])('names no key in "%s" that does nothing there', (where, cell) => {
		const modes = (Object.entries(KEY_ROWS) as Array<[Mode, readonly string[]]>)
			.filter(([, names]) => names.includes(where))
			.map(([mode]) => mode);
		const bound = new Set(
			BINDINGS.filter(binding => binding.modes.some(mode => modes.includes(mode))).flatMap(binding =>
				binding.keys.map(written),
			),
		);
		const stray = [...keysNamed(cell)].filter(key => !bound.has(key) && !(`${where}: ${key}` in NOT_IN_THE_KEY_MAP));
		expect(stray).toEqual([]);
	});
});

/** The repository's files, as paths from its root with `/`, without node_modules, .git and dist. */
function repositoryFiles(dir = root): string[] {
	return fs.readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		if (['node_modules', '.git', 'dist'].includes(entry.name)) {
			return [];
		}

		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? repositoryFiles(full) : [path.relative(root, full).split(path.sep).join('/')];
	});
}

describe('files: every file of the repository the README names exists', () => {
	const files = repositoryFiles();
	// `source/terminal/inkOutput.ts`, `test/chaos/found-bugs.test.tsx`, or a name alone (`RecordsScreen.tsx`).
	const named = [
		...readme.matchAll(/`((?:source|test|bench|scripts|docs)\/[^`\s]*)`|\b([\w.-]+\.(?:tsx?|md|svg))\b/g),
	].map(match => match[1] ?? match[2]!);

	it.each([...new Set(named)].map(name => [name]))('%s', name => {
		const exists = name.includes('/')
			? files.some(file => file === name || file.startsWith(name.endsWith('/') ? name : `${name}/`))
			: files.some(file => file === name || file.endsWith(`/${name}`));
		expect(exists).toBe(true);
	});
});
