// The real CLI in a tmux pane on a private server, with everything it writes to the terminal recorded
// (pipe-pane), its exit code and exit time written by the shell that ran it, and the pane's terminal
// state (alternate screen, cursor) readable afterwards.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {sleep} from './harness.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;

export function cliBuilt(): boolean {
	return existsSync(CLI);
}

export interface TmuxServer {
	readonly directory: string;
	run(...args: string[]): string;
	kill(): void;
}

export function startTmux(): TmuxServer {
	const directory = mkdtempSync(path.join(tmpdir(), 'ecore-chaos-'));
	const socket = path.join(directory, 'tmux.sock');
	const run = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], {encoding: 'utf8'});
	run('-f', '/dev/null', 'start-server', ';', 'set-option', '-g', 'exit-empty', 'off');
	return {
		directory,
		run,
		kill() {
			spawnSync('tmux', ['-S', socket, 'kill-server']);
			rmSync(directory, {recursive: true, force: true});
		},
	};
}

export interface CliOptions {
	readonly columns?: number;
	readonly rows?: number;
	readonly env?: Record<string, string>;
	/** A module for `node --import` (a data: URL is fine): how a fault is injected into the real CLI. */
	readonly preload?: string;
}

export interface CliPane {
	readonly session: string;
	/** Keys as tmux key names (`q`, `C-c`, `Escape`, `Right`). */
	send(...keys: string[]): void;
	/** Literal text. */
	type(text: string): void;
	screen(): string;
	/** `#{alternate_on} #{cursor_flag}`, e.g. "1 0" while Ink runs, "0 1" once restored. */
	state(): string;
	resize(columns: number, rows: number): void;
	/** The CLI's process (the pane shell's child; it renames itself, so not found by name). */
	pid(): Promise<number>;
	waitFor(predicate: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
	/** Exit code and the wall-clock time (ms) the shell saw node end. */
	exited(timeoutMs?: number): Promise<{code: number; endedAt: number}>;
	/** Every byte the program wrote to the terminal. */
	raw(): Buffer;
	stderr(): string;
	stty(): {before: string; after: string};
}

let sessions = 0;

export async function startCli(server: TmuxServer, args: string, options: CliOptions = {}): Promise<CliPane> {
	const session = `cli${++sessions}`;
	const file = (name: string) => path.join(server.directory, `${session}.${name}`);
	const env = Object.entries(options.env ?? {})
		.map(([key, value]) => `${key}='${value}'`)
		.join(' ');
	const preload = options.preload ? `--import '${options.preload}'` : '';
	writeFileSync(
		file('sh'),
		[
			// Nothing runs until pipe-pane records, so the first byte of the program is captured too.
			`while [ ! -e '${file('go')}' ]; do sleep 0.02; done`,
			`cd '${ROOT}'`,
			`stty -g > '${file('stty-before')}'`,
			`env -u CI -u TMUX -u NO_COLOR -u FORCE_COLOR -u ECORE_DEBUG TERM=xterm-256color XDG_CONFIG_HOME='${server.directory}/config' ${env} node ${preload} '${CLI}' ${args} 2> '${file('stderr')}'`,
			'code=$?',
			`date +%s%3N > '${file('ended')}'`,
			`stty -g > '${file('stty-after')}'`,
			`echo $code > '${file('code')}'`,
			'exec sleep 600',
		].join('\n'),
	);
	server.run(
		'new-session',
		'-d',
		'-s',
		session,
		'-x',
		String(options.columns ?? 80),
		'-y',
		String(options.rows ?? 24),
		`exec sh '${file('sh')}'`,
	);
	server.run('pipe-pane', '-t', session, '-o', `cat >> '${file('raw')}'`);
	writeFileSync(file('go'), '');
	const read = (name: string) => (existsSync(file(name)) ? readFileSync(file(name), 'utf8') : '');

	const pane: CliPane = {
		session,
		send(...keys) {
			server.run('send-keys', '-t', session, ...keys);
		},
		type(text) {
			server.run('send-keys', '-t', session, '-l', text);
		},
		screen: () => server.run('capture-pane', '-p', '-t', session),
		state: () => server.run('display', '-p', '-t', session, '#{alternate_on} #{cursor_flag}').trim(),
		resize(columns, rows) {
			server.run('resize-window', '-t', session, '-x', String(columns), '-y', String(rows));
		},
		async pid() {
			const shell = server.run('display', '-p', '-t', session, '#{pane_pid}').trim();
			for (let attempt = 0; attempt < 200; attempt++) {
				const found = spawnSync('pgrep', ['-n', '-P', shell], {encoding: 'utf8'}).stdout.trim();
				if (found !== '') {
					return Number(found);
				}

				await sleep(25);
			}

			throw new Error(`no node process under the shell of ${session}`);
		},
		async waitFor(predicate, what, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const screen = pane.screen();
				if (predicate(screen)) {
					return screen;
				}

				if (Date.now() > deadline) {
					throw new Error(`timed out waiting for ${what}; screen:\n${screen}\nstderr: ${read('stderr')}`);
				}

				await sleep(25);
			}
		},
		async exited(timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const code = read('code').trim();
				if (code !== '') {
					return {code: Number(code), endedAt: Number(read('ended').trim())};
				}

				if (Date.now() > deadline) {
					throw new Error(`${session} did not exit within ${timeoutMs} ms; screen:\n${pane.screen()}`);
				}

				await sleep(10);
			}
		},
		raw: () => (existsSync(file('raw')) ? readFileSync(file('raw')) : Buffer.alloc(0)),
		stderr: () => read('stderr'),
		stty: () => ({before: read('stty-before'), after: read('stty-after')}),
	};
	return pane;
}

// What Ink and the terminal module write: SGR, relative cursor moves, erase in line, cursor
// visibility, the alternate screen, bracketed paste and synchronised output. Not ED (`2J`) or CUP
// (`H`): Ink only clears the screen for a frame as tall as the terminal, which the app never draws.
const ALLOWED_SEQUENCE = /\u001b\[(?:[\d;]*m|\d*[ABCDEG]|[012]?K|\?(?:25|1049|2004|2026)[hl])/g;

/** Escape sequences in terminal output that are not in the allow-list, with some context each. */
export function foreignSequences(output: string): string[] {
	const rest = output.replaceAll(ALLOWED_SEQUENCE, '');
	const found: string[] = [];
	for (
		let index = rest.indexOf('\u001b');
		index !== -1 && found.length < 10;
		index = rest.indexOf('\u001b', index + 1)
	) {
		found.push(JSON.stringify(rest.slice(Math.max(0, index - 10), index + 20)));
	}

	return found;
}

/** The output with allowed sequences removed, for the byte-level leak check. */
export function withoutAllowedSequences(output: string): string {
	return output.replaceAll(ALLOWED_SEQUENCE, '');
}
