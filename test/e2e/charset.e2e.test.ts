// The locale and TERM in a real terminal: what reaches the terminal is read byte for byte (pipe-pane) and
// as the screen tmux shows.
import {afterEach, describe, expect, it} from 'vitest';
import {cliCommand, openPane, type Pane} from '../helpers/tmux.js';

let pane: Pane | undefined;

afterEach(() => {
	pane?.kill();
	pane = undefined;
});

const NOT_ASCII = /[^\u0000-\u007F]/;

describe('the character set in a real terminal', () => {
	it('LANG=C: every byte the screen sends is ASCII, hostile job 666 included, and q restores the terminal', async () => {
		pane = openPane(cliCommand('--demo 666 --status Error'), {columns: 80, rows: 24, env: {LANG: 'C', LC_ALL: ''}});
		const screen = await pane.waitFor(screen => /^\| >\d+/m.test(screen) && screen.includes('Job 666 "'), {
			what: 'job 666 in ASCII',
		});
		expect(screen).toMatch(/^\+-+\+/m);
		pane.send('?');
		await pane.waitFor(screen => screen.includes('Keys - ? or Esc closes this help'), {what: 'the help'});
		pane.send('q');
		expect(await pane.waitForExit()).toBe(0);
		const raw = pane.raw().toString('latin1');
		expect(raw.length).toBeGreaterThan(1000);
		expect(NOT_ASCII.exec(raw)?.[0]).toBeUndefined();
		expect(pane.state().alternate).toBe(false);
	});

	it('TERM=dumb: the selected row is marked with >, without which it could not be told', async () => {
		pane = openPane(cliCommand('--demo 42'), {columns: 80, rows: 24, env: {TERM: 'dumb'}});
		await pane.waitFor(screen => /^│ >9881 /m.test(screen), {what: 'the first row marked'});
		pane.send('j');
		const moved = await pane.waitFor(screen => /^│ >9882 /m.test(screen), {what: 'the second row marked'});
		expect(moved).not.toMatch(/^│ >9881 /m);
		expect(moved).not.toContain('›');
		pane.send('q');
		expect(await pane.waitForExit()).toBe(0);
	});
});
