// The real thing: an Ink app in a tmux pane, ended by a signal, an exception or an exit, and the
// pane asked afterwards whether it is still in the alternate screen and whether the cursor shows.
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ROOT, startTmux, type TmuxServer} from '../helpers/tmux.js';

const FIXTURE = fileURLToPath(new URL('fixtures/terminal-exit.tsx', import.meta.url));

// A tmux server of our own; its directory holds each run's script and what the shell recorded.
let server: TmuxServer;
const tmux = (...args: string[]) => server.run(...args);

async function waitFor<T>(what: string, probe: () => T | undefined, timeout = 15_000): Promise<T> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const value = probe();
		if (value !== undefined) {
			return value;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}

		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

function readIfExists(file: string): string | undefined {
	if (!existsSync(file)) {
		return undefined;
	}

	const text = readFileSync(file, 'utf8').trim();
	return text === '' ? undefined : text;
}

interface Outcome {
	readonly code: number;
	readonly whileRunning: string;
	readonly after: string;
	readonly screen: string;
	readonly sttyBefore: string;
	readonly sttyAfter: string;
}

/** Starts the fixture in its own session, ends it with `trigger`, and reports the pane's state. */
async function run(mode: string, trigger: (pid: number) => void): Promise<Outcome> {
	const session = `s-${mode}`;
	const file = (name: string) => path.join(server.directory, `${mode}.${name}`);
	const script = file('sh');
	// The shell writes nothing to the pane after node exits, so the pane shows what node left.
	writeFileSync(
		script,
		[
			`cd '${ROOT}'`,
			`stty -g > '${file('stty-before')}'`,
			`env -u CI -u TMUX -u ECORE_DEBUG node --import tsx '${FIXTURE}' ${mode} '${file('ready')}'`,
			`echo $? > '${file('code')}'`,
			`stty -g > '${file('stty-after')}'`,
			'exec sleep 600',
		].join('\n'),
	);
	tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', `sh '${script}'`);
	const state = () => tmux('display', '-p', '-t', session, '#{alternate_on} #{cursor_flag}').trim();
	const pid = Number(await waitFor('the fixture to start', () => readIfExists(file('ready'))));
	await waitFor('the first Ink frame', () =>
		tmux('capture-pane', '-p', '-t', session).includes('INK-FRAME-MARKER') ? true : undefined,
	);
	const whileRunning = state();
	trigger(pid);
	const code = Number(await waitFor('the fixture to exit', () => readIfExists(file('code'))));
	await waitFor('the shell to continue', () => readIfExists(file('stty-after')));
	return {
		code,
		whileRunning,
		after: state(),
		screen: tmux('capture-pane', '-p', '-t', session),
		sttyBefore: readFileSync(file('stty-before'), 'utf8'),
		sttyAfter: readFileSync(file('stty-after'), 'utf8'),
	};
}

describe('setupTerminal in a real terminal (tmux)', () => {
	beforeAll(() => {
		server = startTmux();
	});

	afterAll(() => {
		server.kill();
	});

	const signal = (name: NodeJS.Signals) => (pid: number) => process.kill(pid, name);
	// SIGUSR2 tells the fixture to leave the way its mode names.
	const cases = [
		{mode: 'sigterm', code: 143, trigger: signal('SIGTERM'), message: ''},
		{mode: 'sigint', code: 130, trigger: signal('SIGINT'), message: ''},
		{mode: 'sighup', code: 129, trigger: signal('SIGHUP'), message: ''},
		{mode: 'throw', code: 1, trigger: signal('SIGUSR2'), message: 'ecore-records: boom\\x1b[2J'},
		{mode: 'reject', code: 1, trigger: signal('SIGUSR2'), message: 'ecore-records: rejected'},
		{mode: 'process-exit', code: 3, trigger: signal('SIGUSR2'), message: ''},
		{mode: 'quit', code: 0, trigger: signal('SIGUSR2'), message: ''},
	];

	it.each(cases)(
		'$mode: exits $code, out of the alternate screen, cursor visible',
		async ({mode, code, trigger, message}) => {
			const outcome = await run(mode, trigger);
			const lines = outcome.screen.split('\n').filter(line => line.trim() !== '');
			// One line for an error and nothing else: no stack trace, no frame.
			expect(lines).toEqual(message ? [message] : []);
			// Alternate screen on, cursor hidden by Ink: the check below can tell a failure apart.
			expect(outcome.whileRunning).toBe('1 0');
			expect(outcome.code).toBe(code);
			expect(outcome.after).toBe('0 1');
			// Ink's last frame was drawn before leaving, so it is not left on the main screen.
			expect(outcome.screen).not.toContain('INK-FRAME-MARKER');
			expect(outcome.sttyAfter).toBe(outcome.sttyBefore);
		},
	);
});
