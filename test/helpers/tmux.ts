// A real pseudo-terminal for tests: a program runs in a tmux pane on a private tmux server, keys are
// typed with send-keys and the screen is read with capture-pane, as a person would see it. Every byte
// the program writes to the terminal is recorded (pipe-pane), and the shell that runs it records the
// terminal modes before and after, its exit code and when it ended. Used by test/e2e and test/chaos.
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {CLI} from './build.js';

export {CLI, ROOT} from './build.js';

/** The Node that runs the CLI in tests: `ECORE_TEST_NODE` (CI runs the smoke on Node 22 and 24), else this one. */
export const NODE = process.env['ECORE_TEST_NODE'] || process.execPath;

const installed = new Map<string, boolean>();

/**
 * A test that needs a program never skips without it ("no skipped tests" holds on every machine): it
 * fails with one line saying what to install. `.ci/run` installs them all.
 */
export function requireProgram(program: string, needs: string): void {
	let found = installed.get(program);
	if (found === undefined) {
		found = spawnSync('sh', ['-c', `command -v ${shellQuote(program)}`], {stdio: 'ignore'}).status === 0;
		installed.set(program, found);
	}

	if (!found) {
		throw new Error(
			`${program} is not installed, and ${needs} need it: install ${program} (apt-get install ${program}, brew install ${program}); .ci/run does.`,
		);
	}
}

/** Every test that drives the CLI in a real terminal comes through here (startTmux, nestedTmux). */
function requireTmux(): void {
	requireProgram('tmux', 'the tests that drive the CLI in a real terminal');
}

/** The shell command that runs the built CLI with `args` (already shell words) on `NODE`. */
export function cliCommand(args: string, options: {preload?: string | undefined} = {}): string {
	const preload = options.preload ? `--import ${shellQuote(options.preload)} ` : '';
	return `${shellQuote(NODE)} ${preload}${shellQuote(CLI)} ${args}`;
}

export interface PaneState {
	readonly alternate: boolean;
	readonly cursorVisible: boolean;
	/** The pane's shell has ended (it outlives the program, so normally false). */
	readonly dead: boolean;
}

export interface PaneOptions {
	readonly columns?: number;
	readonly rows?: number;
	/** Set for the program, after the defaults (TERM=xterm-256color, a private XDG_CONFIG_HOME). */
	readonly env?: Readonly<Record<string, string>>;
	/** 'file' keeps stderr off the screen and readable with stderr(); default: the terminal, as for a person. */
	readonly stderr?: 'terminal' | 'file';
	/** Working directory of the program; default the pane's own temporary directory. */
	readonly cwd?: string;
	/** false hides that it runs in tmux (TMUX unset), as for a terminal of its own; default: shown, as tmux does. */
	readonly inTmux?: boolean;
}

export interface OpenPaneOptions extends PaneOptions {
	/** More lines for the server's configuration (`set -g set-clipboard on`), read before the pane opens. */
	readonly config?: readonly string[];
}

export interface Pane {
	/** The tmux server's socket name (`tmux -L <socket>`). */
	readonly socket: string;
	readonly session: string;
	/** The pane's temporary directory: its files, the default working directory and XDG_CONFIG_HOME. */
	readonly directory: string;
	/** Keys as tmux key names (`q`, `C-c`, `Escape`, `Right`). */
	send(...keys: string[]): void;
	/** Literal text, not key names. */
	type(text: string): void;
	screen(): string;
	resize(columns: number, rows: number): void;
	/** Any tmux command on the pane's own server (`show-buffer`, `resize-window`…); its output. */
	tmux(...args: string[]): string;
	/** Process id of the program (the pane shell's child). */
	pid(): number;
	state(): PaneState;
	/** Waits for a screen that matches; `what` names it in the timeout's message. */
	waitFor(
		predicate: (screen: string) => boolean,
		options?: number | {readonly what?: string; readonly timeoutMs?: number},
	): Promise<string>;
	/** Exit code and the wall-clock time (ms) the shell saw the program end. */
	exited(timeoutMs?: number): Promise<{code: number; endedAt: number}>;
	/** Exit code. */
	waitForExit(timeoutMs?: number): Promise<number>;
	/** Every byte the program wrote to the terminal. */
	raw(): Buffer;
	/** What the program wrote to stderr, with `stderr: 'file'`. */
	stderr(): string;
	/** `stty -g` before the program started and after it ended. */
	stty(): {before: string; after: string};
	/** Ends the pane (and the server, for a pane from openPane). */
	kill(): void;
}

export interface TmuxServer {
	readonly socket: string;
	readonly directory: string;
	run(...args: string[]): string;
	/** Runs `command` (a shell command line) in a new pane of this server. */
	open(command: string, options?: PaneOptions & {readonly session?: string}): Pane;
	kill(): void;
}

const sleep = (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	});

/** A private tmux server (its own socket and temporary directory); panes are opened on it. */
export function startTmux(): TmuxServer {
	requireTmux();
	const socket = `ecore-test-${process.pid}-${randomBytes(4).toString('hex')}`;
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-tmux-'));
	const run = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	run('-f', '/dev/null', 'start-server', ';', 'set-option', '-g', 'exit-empty', 'off');
	run('set-option', '-g', 'status', 'off');
	let panes = 0;
	const server: TmuxServer = {
		socket,
		directory,
		run,
		open(command, options = {}) {
			return openOn(server, options.session ?? `pane${++panes}`, command, options);
		},
		kill() {
			spawnSync('tmux', ['-L', socket, 'kill-server']);
			fs.rmSync(directory, {recursive: true, force: true});
		},
	};
	return server;
}

/** One pane on a server of its own, in session `e2e`; kill() ends both. */
export function openPane(command: string, options: OpenPaneOptions = {}): Pane {
	const server = startTmux();
	if (options.config && options.config.length > 0) {
		const file = path.join(server.directory, 'tmux.conf');
		fs.writeFileSync(file, [...options.config, ''].join('\n'));
		server.run('source-file', file);
	}

	const pane = server.open(command, {...options, session: 'e2e'});
	return {
		...pane,
		kill() {
			server.kill();
		},
	};
}

/** The built CLI (`args` are shell words) in a new pane of `server`, stderr to a file, as in a terminal of its own. */
export function startCli(
	server: TmuxServer,
	args: string,
	options: PaneOptions & {readonly preload?: string} = {},
): Pane {
	return server.open(cliCommand(args, {preload: options.preload}), {stderr: 'file', inTmux: false, ...options});
}

function openOn(server: TmuxServer, session: string, command: string, options: PaneOptions): Pane {
	const file = (name: string) => path.join(server.directory, `${session}.${name}`);
	const home = file('home');
	fs.mkdirSync(path.join(home, 'config'), {recursive: true});
	const env = Object.entries({TERM: 'xterm-256color', XDG_CONFIG_HOME: path.join(home, 'config'), ...options.env})
		.map(([key, value]) => `${key}=${shellQuote(value)}`)
		.join(' ');
	const tmux = `tmux -L ${shellQuote(server.socket)}`;
	fs.writeFileSync(
		file('sh'),
		[
			// Nothing runs until pipe-pane records, so the first byte of the program is captured too.
			`${tmux} wait-for ${shellQuote(`${session}-go`)}`,
			`cd ${shellQuote(options.cwd ?? home)}`,
			`stty -g > ${shellQuote(file('stty-before'))}`,
			// The environment a person's terminal has: not CI, colours as the terminal says, no token.
			`env -u CI -u CONTINUOUS_INTEGRATION ${options.inTmux === false ? '-u TMUX ' : ''}-u NO_COLOR -u FORCE_COLOR -u ECORE_DEBUG -u ECORE_API_TOKEN -u ECORE_BASE_URL ${env} sh -c ${shellQuote(command)}${
				options.stderr === 'file' ? ` 2> ${shellQuote(file('stderr'))}` : ''
			}`,
			'code=$?',
			`date +%s%3N > ${shellQuote(file('ended'))}`,
			`stty -g > ${shellQuote(file('stty-after'))}`,
			`echo $code > ${shellQuote(file('code'))}`,
			`${tmux} wait-for -S ${shellQuote(`${session}-exited`)}`,
			// The shell outlives the program, so the terminal state it left behind is what tmux reports.
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
		`exec sh ${shellQuote(file('sh'))}`,
	);
	server.run('pipe-pane', '-t', session, '-o', `cat >> ${shellQuote(file('raw'))}`);
	server.run('wait-for', '-S', `${session}-go`);
	const read = (name: string) => (fs.existsSync(file(name)) ? fs.readFileSync(file(name), 'utf8') : '');

	const pane: Pane = {
		socket: server.socket,
		session,
		directory: home,
		send(...keys) {
			server.run('send-keys', '-t', session, ...keys);
		},
		type(text) {
			server.run('send-keys', '-t', session, '-l', text);
		},
		screen: () => server.run('capture-pane', '-p', '-t', session),
		resize(columns, rows) {
			server.run('resize-window', '-t', session, '-x', String(columns), '-y', String(rows));
		},
		tmux: (...args) => server.run(...args),
		pid() {
			const shell = server.run('display', '-p', '-t', session, '#{pane_pid}').trim();
			// The deepest of the newest descendants (`sh -c` may or may not fork for its last command); a
			// shell or env there means the program is still starting, so a few more tries.
			const found = spawnSync(
				'sh',
				[
					'-c',
					`for i in $(seq 200); do p=${shell}; while c=$(pgrep -n -P "$p"); do p=$c; done; case "$(ps -o comm= -p "$p")" in sh|dash|bash|env|'') ;; *) echo "$p"; exit 0 ;; esac; sleep 0.025; done; exit 1`,
				],
				{encoding: 'utf8'},
			);
			if (found.status !== 0 || String(Number(found.stdout.trim())) !== found.stdout.trim()) {
				throw new Error(`no program under the shell of ${session}`);
			}

			return Number(found.stdout.trim());
		},
		state() {
			const [alternate, cursor, dead] = server
				.run('display', '-p', '-t', session, '#{alternate_on} #{cursor_flag} #{pane_dead}')
				.trim()
				.split(' ');
			return {alternate: alternate === '1', cursorVisible: cursor === '1', dead: dead === '1'};
		},
		async waitFor(predicate, options = {}) {
			const {what = 'the screen', timeoutMs = 15_000} = typeof options === 'number' ? {timeoutMs: options} : options;
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
			// The shell signals the channel once the code is written; tmux remembers a signal sent before the wait.
			const waiter = spawn('tmux', ['-L', server.socket, 'wait-for', `${session}-exited`], {stdio: 'ignore'});
			const timer = setTimeout(() => waiter.kill(), timeoutMs);
			const status = await new Promise<number | null>(resolve => {
				waiter.once('exit', resolve);
			});
			clearTimeout(timer);
			// Signal the channel again, so a second exited() returns too.
			spawnSync('tmux', ['-L', server.socket, 'wait-for', '-S', `${session}-exited`]);
			const code = read('code').trim();
			if (status !== 0 || code === '') {
				throw new Error(`${session} did not exit within ${timeoutMs} ms; screen:\n${pane.screen()}`);
			}

			return {code: Number(code), endedAt: Number(read('ended').trim())};
		},
		async waitForExit(timeoutMs) {
			return (await pane.exited(timeoutMs)).code;
		},
		raw: () => (fs.existsSync(file('raw')) ? fs.readFileSync(file('raw')) : Buffer.alloc(0)),
		stderr: () => read('stderr'),
		stty: () => ({before: read('stty-before'), after: read('stty-after')}),
		kill() {
			spawnSync('tmux', ['-L', server.socket, 'kill-session', '-t', session]);
		},
	};
	return pane;
}

/**
 * A second tmux server, on its own socket and config, to run inside a pane (tmux in tmux, or tmux at
 * the far end of an SSH session): `command(program)` is the shell command that starts it around the
 * program, attached to the terminal it runs in.
 */
export function nestedTmux(config: readonly string[] = []): {
	readonly socket: string;
	command(program: string): string;
	/** Any tmux command on this server; its output. */
	tmux(...args: string[]): string;
	kill(): void;
} {
	requireTmux();
	const socket = `ecore-nested-${process.pid}-${randomBytes(4).toString('hex')}`;
	const file = path.join(os.tmpdir(), `${socket}.conf`);
	fs.writeFileSync(file, ['set -g status off', ...config, ''].join('\n'));
	return {
		socket,
		// $TMUX is the outer server's: tmux refuses to start inside another unless it is unset.
		command: program => `env -u TMUX tmux -L ${socket} -f ${file} new-session ${shellQuote(program)}`,
		tmux: (...args) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'}),
		kill() {
			try {
				execFileSync('tmux', ['-L', socket, 'kill-server'], {stdio: 'ignore'});
			} catch {
				// Already gone.
			}

			fs.rmSync(file, {force: true});
		},
	};
}

/** One argument for sh, whatever it holds. */
export function shellQuote(text: string): string {
	return `'${text.replaceAll("'", `'\\''`)}'`;
}
