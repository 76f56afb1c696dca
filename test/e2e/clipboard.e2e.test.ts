// Copy inside a real tmux: `y` must reach tmux's clipboard with the settings people have. tmux 3.3+
// drops the passthrough form unless allow-passthrough is on, so a copy that sends only that form
// "succeeds" with nothing copied (issue 13).
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {nestedTmux, openPane, type Pane} from '../helpers/tmux.js';

const cli = path.resolve(import.meta.dirname, '../../dist/cli.js');
let pane: Pane | undefined;
const cleanups: Array<() => void> = [];

afterEach(() => {
	pane?.kill();
	pane = undefined;
	for (const cleanup of cleanups.splice(0)) {
		cleanup();
	}
});

/** tmux's newest paste buffer, or undefined when it has none. */
function newestBuffer(target: Pane): string | undefined {
	return target.tmux('list-buffers', '-F', '#{buffer_name}').trim() === '' ? undefined : target.tmux('show-buffer');
}

/** Waits until tmux's newest buffer holds `text` (the copy is sent after the notice is queued). */
async function waitForBuffer(target: Pane, text: string, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (newestBuffer(target) !== text) {
		if (Date.now() > deadline) {
			throw new Error(`tmux's buffer is ${JSON.stringify(newestBuffer(target))}, not ${JSON.stringify(text)}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 25);
		});
	}
}

describe('y in a real tmux', () => {
	it('with `set -g set-clipboard on` (the README’s line), puts the email in tmux’s buffer', async () => {
		pane = openPane(`node ${cli} --demo 42`, {columns: 100, rows: 30, config: ['set -g set-clipboard on']});
		await pane.waitFor(screen => screen.includes('Record 9881'));
		expect(newestBuffer(pane)).toBeUndefined();
		pane.send('y');
		await pane.waitFor(screen => screen.includes("Sent the email to the terminal's clipboard (OSC 52)."));
		await waitForBuffer(pane, 'jane@acme.com');

		pane.send('j');
		await pane.waitFor(screen => !screen.includes('Record 9881') && /Record \d+/.test(screen));
		const email = /email +(\S+@\S+)/.exec(pane.screen())?.[1];
		pane.send('y');
		await waitForBuffer(pane, email ?? '');
		pane.send('q');
		expect(await pane.waitForExit()).toBe(0);
	});

	it('in a tmux with only `allow-passthrough on`, inside one with set-clipboard on: the passthrough form reaches the outer', async () => {
		// The inner tmux ignores a plain OSC 52 (set-clipboard external) and hands the passthrough form's
		// content to its terminal, the outer tmux's pane, which makes a buffer of it.
		const inner = nestedTmux(['set -g set-clipboard external', 'set -g allow-passthrough on']);
		cleanups.push(inner.kill);
		pane = openPane(inner.command(`node ${cli} --demo 42`), {
			columns: 120,
			rows: 30,
			config: ['set -g set-clipboard on'],
		});
		await pane.waitFor(screen => screen.includes('Record 9881'));
		pane.send('y');
		await pane.waitFor(screen =>
			screen.includes("Sent the email to the terminal's clipboard (OSC 52 through tmux passthrough)."),
		);
		await waitForBuffer(pane, 'jane@acme.com');
	});

	it('with tmux’s defaults, says that tmux drops it and which line fixes it', async () => {
		pane = openPane(`node ${cli} --demo 42`, {columns: 120, rows: 30});
		await pane.waitFor(screen => screen.includes('Record 9881'));
		pane.send('y');
		await pane.waitFor(screen =>
			screen.includes('Sent the email as OSC 52; tmux drops it: put `set -g set-clipboard on` in ~/.tmux.conf.'),
		);
		expect(newestBuffer(pane)).toBeUndefined();
	});
});
