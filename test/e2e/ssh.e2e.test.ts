// The app the way people run it: over SSH, from inside tmux, often with tmux at the far end too. A real
// sshd on loopback (test/helpers/sshd.ts), ssh in a tmux pane on the near side, and on the far side
// either the app itself or a second tmux running it: resize reaches the app, `y` reaches the near
// tmux's clipboard through every layer, and `q` leaves every terminal as it was.
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startSshd, sshdMissing, type Sshd} from '../helpers/sshd.js';
import {nestedTmux, openPane, type Pane} from '../helpers/tmux.js';

const cli = path.resolve(import.meta.dirname, '../../dist/cli.js');
// The far side runs `node` by its full path: an SSH session's PATH is sshd's, not this process's.
const app = `${process.execPath} ${cli} --demo 42`;
// The README's one line, on every tmux in the chain.
const CLIPBOARD = 'set -g set-clipboard on';

const missing = sshdMissing();
if (missing !== undefined) {
	// Said where the run shows it: these tests are the only proof of the SSH path.
	console.warn(`ssh end-to-end tests skipped: ${missing}`);
}

let sshd: Sshd | undefined;
let pane: Pane | undefined;
const cleanups: Array<() => void> = [];

beforeAll(async () => {
	if (missing === undefined) {
		sshd = await startSshd();
	}
});

afterAll(async () => {
	await sshd?.stop();
});

afterEach(() => {
	pane?.kill();
	pane = undefined;
	for (const cleanup of cleanups.splice(0)) {
		cleanup();
	}
});

const sleep = async (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms);
	});

/** Waits until tmux's newest paste buffer holds `text`. */
async function waitForBuffer(target: Pane, text: string): Promise<void> {
	const deadline = Date.now() + 8000;
	const newest = () =>
		target.tmux('list-buffers', '-F', '#{buffer_name}').trim() === '' ? undefined : target.tmux('show-buffer');
	while (newest() !== text) {
		if (Date.now() > deadline) {
			throw new Error(`the near tmux's buffer is ${JSON.stringify(newest())}, not ${JSON.stringify(text)}`);
		}

		await sleep(25);
	}
}

/** The widest line on screen: the app draws to the terminal's full width. */
const widest = (screen: string) => Math.max(...screen.split('\n').map(line => line.trimEnd().length));

/** Resizes the near tmux's window (as a person resizes their terminal) and waits for the app to redraw to it. */
async function resizeTo(target: Pane, columns: number, rows: number): Promise<string> {
	target.tmux('resize-window', '-t', 'e2e', '-x', String(columns), '-y', String(rows));
	return target.waitFor(screen => widest(screen) === columns && screen.includes('Record 9881'), 10_000);
}

describe.runIf(missing === undefined)('over SSH, from tmux', () => {
	it('the app at the far end: resize, y reaches the near tmux, q restores the terminal', async () => {
		pane = openPane(sshd!.command(app), {columns: 90, rows: 28, config: [CLIPBOARD]});
		const first = await pane.waitFor(screen => screen.includes('Record 9881'), 15_000);
		expect(widest(first)).toBe(90);
		expect(pane.state().alternate).toBe(true);

		await resizeTo(pane, 130, 36);
		await resizeTo(pane, 80, 24);

		pane.send('y');
		await pane.waitFor(screen => screen.includes("Sent the email to the terminal's clipboard"));
		await waitForBuffer(pane, 'jane@acme.com');

		pane.send('q');
		expect(await pane.waitForExit(10_000)).toBe(0);
		expect(pane.state()).toMatchObject({alternate: false, cursorVisible: true});
		expect(pane.screen()).not.toContain('Record 9881');
	});

	it('tmux at the far end too: resize, y reaches the near tmux through both, q restores the far pane', async () => {
		// A shell outlives the app in the far pane, so the state the app left there can be read.
		const far = nestedTmux([CLIPBOARD]);
		cleanups.push(far.kill);
		const farProgram = `${app}; printf '\\n[far exit %s]\\n' "$?"; exec sleep 600`;
		pane = openPane(sshd!.command(far.command(farProgram)), {columns: 90, rows: 28, config: [CLIPBOARD]});
		await pane.waitFor(screen => screen.includes('Record 9881'), 15_000);

		await resizeTo(pane, 130, 36);
		await resizeTo(pane, 100, 30);

		pane.send('y');
		await pane.waitFor(screen => screen.includes("Sent the email to the terminal's clipboard"));
		await waitForBuffer(pane, 'jane@acme.com');

		pane.send('j');
		await pane.waitFor(screen => !screen.includes('Record 9881') && /Record \d+/.test(screen));
		pane.send('Y');
		await pane.waitFor(screen => /Sent record \d+ as JSON/.test(screen));
		const deadline = Date.now() + 8000;
		while (!pane.tmux('show-buffer').startsWith('{"id":')) {
			expect(Date.now()).toBeLessThan(deadline);
			await sleep(25);
		}

		pane.send('q');
		await pane.waitFor(screen => screen.includes('[far exit 0]'));
		const [alternate, cursor] = far.tmux('display', '-p', '#{alternate_on} #{cursor_flag}').trim().split(' ');
		expect({alternate: alternate === '1', cursorVisible: cursor === '1'}).toEqual({
			alternate: false,
			cursorVisible: true,
		});
		expect(pane.screen()).not.toContain('Record 9881');
		// The far shell's `sleep` is interrupted as a person would: its window closes, so does the far
		// tmux (its last session), then the SSH session.
		pane.send('C-c');
		expect(await pane.waitForExit(10_000)).toBe(0);
		expect(pane.state()).toMatchObject({alternate: false, cursorVisible: true});
	});
});
