// A resize after moving between screens redraws the whole screen, in a real terminal (tmux) through
// the real CLI: the app's one size subscription asks for the full redraw and lays out at the new size.
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {openPane, type Pane} from '../helpers/tmux.js';

const cli = path.resolve(import.meta.dirname, '../../dist/cli.js');
let pane: Pane | undefined;

afterEach(() => {
	pane?.kill();
	pane = undefined;
});

function resize(target: Pane, columns: number, rows: number): void {
	execFileSync('tmux', ['-L', target.socket, 'resize-window', '-t', 'e2e', '-x', String(columns), '-y', String(rows)]);
}

/** The records screen drawn whole at this size: header, table, footer, and exactly `rows` − 1 lines. */
function wholeRecords(screen: string, rows: number): boolean {
	const lines = screen.trimEnd().split('\n');
	return (
		/^Job \d+/.test(lines[0] ?? '') &&
		/ · page \d+/.test(lines[1] ?? '') &&
		lines.some(line => line.startsWith('┌')) &&
		lines.some(line => line.startsWith('└')) &&
		(lines.at(-1) ?? '').includes('q quit') &&
		lines.length === rows - 1
	);
}

const selectedId = (screen: string) => /›(\d+)/.exec(screen)?.[1];

/**
 * Presses j and waits for the selection to move: the screen now on top takes keys, so everything it
 * set up when it appeared (its key handler and, before the fix, its own size listener) is in place.
 */
async function settled(target: Pane): Promise<void> {
	const before = selectedId(target.screen());
	target.send('j');
	await target.waitFor(screen => selectedId(screen) !== undefined && selectedId(screen) !== before);
}

describe('a resize after switching screens, in tmux', () => {
	it.each([
		['e then b (records → breakdown → records)', 'e', 'Why records failed', 'b'],
		['b then Enter (records → job list → records)', 'b', 'Your validation jobs', 'Enter'],
	])('%s, then two resizes: the whole screen each time', async (_name, away, awayText, back) => {
		pane = openPane(`node ${cli} --demo 42`, {columns: 80, rows: 24});
		await pane.waitFor(screen => wholeRecords(screen, 24));
		pane.send(away);
		await pane.waitFor(screen => screen.includes(awayText));
		if (away === 'b') {
			await settled(pane);
		}

		pane.send(back);
		await pane.waitFor(screen => wholeRecords(screen, 24) && selectedId(screen) !== undefined);
		await settled(pane);

		resize(pane, 100, 30);
		await pane.waitFor(screen => wholeRecords(screen, 30));
		resize(pane, 90, 26);
		await pane.waitFor(screen => wholeRecords(screen, 26));

		pane.send('q');
		expect(await pane.waitForExit()).toBe(0);
	});
});
