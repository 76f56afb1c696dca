// Shell completion as a person meets it: the script loaded the README's way into a real bash, zsh
// and fish in a tmux pane, a command line typed, Tab pressed, the line read back from the screen.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {RECORD_FILTERS} from '../../source/api/types.js';
import {EXPORT_FORMATS} from '../../source/export/format.js';
import {openPane, requireProgram, type Pane} from '../helpers/tmux.js';

const cli = path.resolve(import.meta.dirname, '../../dist/cli.js');
let bin: string;
let pane: Pane | undefined;

beforeAll(() => {
	// `ecore-records` on PATH, as an installed package has it, and a file for -o to complete.
	bin = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-completion-'));
	fs.writeFileSync(path.join(bin, 'ecore-records'), `#!/bin/sh\nexec node ${cli} "$@"\n`, {mode: 0o755});
	fs.writeFileSync(path.join(bin, 'report-7001.csv'), '');
});

afterAll(() => {
	fs.rmSync(bin, {recursive: true, force: true});
});

afterEach(() => {
	pane?.kill();
	pane = undefined;
});

// Each shell without its rc files, a plain `$ ` prompt, and the script loaded as the README says.
const SHELLS = {
	bash: {
		start: 'bash --norc --noprofile -i',
		setup: [`PS1='$ '`, 'source <(ecore-records completion bash)'],
	},
	zsh: {
		start: 'zsh -f -i',
		setup: [`PS1='$ '`, 'autoload -U compinit && compinit -D -u', 'source <(ecore-records completion zsh)'],
	},
	fish: {
		start: 'fish --no-config -i',
		setup: [
			`function fish_prompt; echo '$ '; end`,
			'set -g fish_autosuggestion_enabled 0',
			'ecore-records completion fish | source',
		],
	},
} as const;

type ShellName = keyof typeof SHELLS;

async function shell(name: ShellName): Promise<Pane> {
	const opened = openPane(SHELLS[name].start, {
		columns: 160,
		rows: 20,
		env: {PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: bin, TERM: 'xterm-256color'},
	});
	opened.type(`cd ${bin}`);
	opened.send('Enter');
	for (const line of SHELLS[name].setup) {
		opened.type(line);
		opened.send('Enter');
	}

	opened.type('echo ready');
	opened.send('Enter');
	await opened.waitFor(screen => /^ready$/m.test(screen), 15_000);
	opened.send('C-l');
	await opened.waitFor(screen => !screen.includes('ready'));
	return opened;
}

/** The command line as the shell shows it: the prompt's line, up to the cursor (tmux drops trailing spaces). */
function commandLine(target: Pane): string {
	const [x = 0, y = 0] = target
		.tmux('display', '-p', '-t', 'e2e', '#{cursor_x} #{cursor_y}')
		.trim()
		.split(' ')
		.map(Number);
	const row = target.screen().split('\n')[y] ?? '';
	return row.padEnd(x).slice(0, x);
}

/** Types `line`, presses Tab, and waits for the command line to read `expected` (a trailing space: the word is done). */
async function complete(target: Pane, line: string, ...expected: string[]): Promise<void> {
	target.type(line);
	await target.waitFor(() => commandLine(target) === `$ ${line}`);
	target.send('Tab');
	try {
		await target.waitFor(() => expected.some(text => commandLine(target) === `$ ${text}`), 8000);
	} catch {
		throw new Error(`${line}<Tab> gave ${JSON.stringify(commandLine(target))}, not ${JSON.stringify(expected)}`);
	} finally {
		// Clear the line for the next case (Ctrl+U works in all three).
		target.send('C-u');
		target.send('C-l');
		await target.waitFor(() => commandLine(target) === '$ ');
	}
}

for (const name of Object.keys(SHELLS) as ShellName[]) {
	describe(`completion in ${name}`, () => {
		it('completes commands, flags, statuses, formats, shells and file names', async () => {
			requireProgram(name, 'the shell completion tests');
			pane = await shell(name);
			await complete(pane, 'ecore-records exp', 'ecore-records export ');
			await complete(pane, 'ecore-records demo-s', 'ecore-records demo-server ');
			// zsh offers the value after an = (--page-size=100), bash and fish after a space.
			await complete(pane, 'ecore-records --page-s', 'ecore-records --page-size ', 'ecore-records --page-size=');
			await complete(pane, 'ecore-records --excel-', 'ecore-records --excel-safe ');
			await complete(pane, 'ecore-records 7001 --status Er', 'ecore-records 7001 --status Error ');
			await complete(pane, 'ecore-records export 7001 --format nd', 'ecore-records export 7001 --format ndjson ');
			await complete(pane, 'ecore-records export 7001 -o rep', 'ecore-records export 7001 -o report-7001.csv ');
			await complete(pane, 'ecore-records completion z', 'ecore-records completion zsh ');
		});
	});
}

describe('the generated scripts', () => {
	const script = (shell: string) => execFileSync('node', [cli, 'completion', shell], {encoding: 'utf8'});

	it.each(['bash', 'zsh', 'fish'])('%s: offers every status and every export format', shell => {
		const text = script(shell);
		expect(text).toContain(RECORD_FILTERS.join(' '));
		expect(text).toContain(EXPORT_FORMATS.join(' '));
		for (const command of ['export', 'login', 'logout', 'auth', 'whoami', 'demo-server', 'completion']) {
			expect(text).toContain(command);
		}
	});

	it('every flag --help lists is in every script, and nothing else', () => {
		const help = execFileSync('node', [cli, '--help'], {encoding: 'utf8'});
		const helpFlags = [...help.matchAll(/^\s+(--[a-z-]+)/gm)].map(match => match[1]).sort();
		const bashFlags = /compgen -W '(--[^']*)'/
			.exec(script('bash'))?.[1]
			?.split(' ')
			.filter(flag => flag.startsWith('--'));
		expect(bashFlags?.sort()).toEqual(helpFlags);
		const fishFlags = [...script('fish').matchAll(/ -l ([a-z-]+)/g)].map(match => `--${match[1]}`).sort();
		expect(fishFlags).toEqual(helpFlags);
		const zshFlags = [...script('zsh').matchAll(/(--[a-z-]+)[=[]/g)].map(match => match[1]).sort();
		expect(zshFlags).toEqual(helpFlags);
	});

	it.each([
		[['completion', 'tcsh'], 'ecore-records: completion knows bash, zsh, fish, not "tcsh"'],
		[['completion'], 'ecore-records: completion needs a shell: bash, zsh, fish'],
		[['completion', 'bash', 'extra'], 'ecore-records: unexpected argument "extra"'],
	])('usage mistakes (%j) exit 2 with one line', (args, line) => {
		let failure: {status: number; stderr: string; stdout: string} | undefined;
		try {
			execFileSync('node', [cli, ...args], {encoding: 'utf8', stdio: 'pipe'});
		} catch (error) {
			failure = error as typeof failure;
		}

		expect(failure?.status).toBe(2);
		expect(failure?.stdout).toBe('');
		expect(failure?.stderr.trimEnd().split('\n')).toHaveLength(1);
		expect(failure?.stderr.startsWith(line)).toBe(true);
	});
});
