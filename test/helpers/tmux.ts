// A real pseudo-terminal for end-to-end tests: the CLI runs in a tmux pane on a private socket, keys
// are typed with send-keys and the screen is read with capture-pane, as a person would see it.
import {execFileSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function hasTmux(): boolean {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
		return true;
	} catch {
		return false;
	}
}

export interface Pane {
	readonly socket: string;
	send(...keys: string[]): void;
	/** Literal text, not key names. */
	type(text: string): void;
	screen(): string;
	/** Process id of the program in the pane. */
	pid(): number;
	/** Whether the pane is on the alternate screen and whether the cursor is visible. */
	state(): {alternate: boolean; cursorVisible: boolean; dead: boolean; exitStatus: number | undefined};
	waitFor(predicate: (screen: string) => boolean, timeoutMs?: number): Promise<string>;
	waitForExit(timeoutMs?: number): Promise<number | undefined>;
	/** Any tmux command on the pane's own server (`show-buffer`, `resize-window`…); its output. */
	tmux(...args: string[]): string;
	kill(): void;
}

const sleep = (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	});

export function openPane(
	command: string,
	options: {
		columns?: number;
		rows?: number;
		env?: Record<string, string>;
		/** More lines for the server's tmux.conf (`set -g set-clipboard on`). */
		config?: readonly string[];
	} = {},
): Pane {
	const socket = `ecore-test-${process.pid}-${randomBytes(4).toString('hex')}`;
	// remain-on-exit must be on before the program starts, so its exit status and last screen stay readable.
	const config = path.join(os.tmpdir(), `${socket}.conf`);
	fs.writeFileSync(config, ['set -g remain-on-exit on', 'set -g status off', ...(options.config ?? []), ''].join('\n'));
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', config, ...args], {encoding: 'utf8'});
	const env = Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`);
	tmux(
		'new-session',
		'-d',
		'-s',
		'e2e',
		'-x',
		String(options.columns ?? 80),
		'-y',
		String(options.rows ?? 24),
		'env',
		...env,
		'sh',
		'-c',
		// The shell outlives the program, so the terminal state it left behind is what tmux reports.
		`${command}; printf '\\n[exit %s]\\n' "$?"; exec sleep 600`,
	);
	const pane: Pane = {
		socket,
		send: (...keys) => {
			tmux('send-keys', '-t', 'e2e', ...keys);
		},
		type: text => {
			tmux('send-keys', '-t', 'e2e', '-l', text);
		},
		screen: () => tmux('capture-pane', '-p', '-t', 'e2e'),
		pid() {
			const shell = tmux('display', '-p', '-t', 'e2e', '#{pane_pid}').trim();
			return Number(execFileSync('pgrep', ['-n', '-P', shell], {encoding: 'utf8'}).trim());
		},
		state() {
			const [alternate, cursor, dead, status] = tmux(
				'display',
				'-p',
				'-t',
				'e2e',
				'#{alternate_on} #{cursor_flag} #{pane_dead} #{pane_dead_status}',
			)
				.trim()
				.split(' ');
			return {
				alternate: alternate === '1',
				cursorVisible: cursor === '1',
				dead: dead === '1',
				exitStatus: status === undefined || status === '' ? undefined : Number(status),
			};
		},
		async waitFor(predicate, timeoutMs = 8000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const screen = pane.screen();
				if (predicate(screen)) {
					return screen;
				}

				if (Date.now() > deadline) {
					throw new Error(`Timed out; screen:\n${screen}`);
				}

				await sleep(25);
			}
		},
		async waitForExit(timeoutMs = 5000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const status = /\[exit (\d+)\]/.exec(pane.screen())?.[1];
				if (status !== undefined) {
					return Number(status);
				}

				if (Date.now() > deadline) {
					throw new Error('The program did not exit');
				}

				await sleep(25);
			}
		},
		tmux: (...args) => tmux(...args),
		kill() {
			try {
				tmux('kill-server');
			} catch {
				// Already gone.
			}

			fs.rmSync(config, {force: true});
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
