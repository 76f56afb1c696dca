// Bracketed paste and unasked terminal reports in a real terminal: tmux brackets a paste (`paste-buffer -p`)
// only for a program that turned the mode on, and sends report bytes as a terminal would (`send-keys -H`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startDemoServer} from '../../source/demo/server.js';
import {cliCommand, openPane, type Pane} from '../helpers/tmux.js';

let pane: Pane | undefined;

afterEach(() => {
	pane?.kill();
	pane = undefined;
});

const PASTE_ON = '\u001b[?2004h';
const PASTE_OFF = '\u001b[?2004l';

/** tmux pastes `text` as a terminal would, bracketed when the program asked for it. */
function paste(pane: Pane, text: string): void {
	pane.tmux('set-buffer', '-b', 'e2e', text);
	pane.tmux('paste-buffer', '-p', '-b', 'e2e', '-t', pane.session);
}

/** Raw bytes to the program, as the terminal sends them (a report, a key's sequence). */
function sendBytes(pane: Pane, text: string): void {
	pane.tmux('send-keys', '-t', pane.session, '-H', ...[...Buffer.from(text)].map(byte => byte.toString(16)));
}

const findBar = (screen: string) =>
	screen
		.split('\n')
		.filter(line => line.trim() !== '')
		.at(-1) ?? '';

describe('bracketed paste in a real terminal', () => {
	it('turns the mode on; a pasted q and R y run nothing; a paste goes into the find bar; the mode is off after q', async () => {
		pane = openPane(cliCommand('--demo 42'), {columns: 100, rows: 30});
		await pane.waitFor(screen => screen.includes('Record 9881') && screen.includes('page 1 of'));
		expect(pane.raw().toString('utf8')).toContain(PASTE_ON);

		paste(pane, 'q');
		await pane.waitFor(screen => screen.includes('Pasted text ignored here; press / to find.'), {
			what: 'the notice for a paste outside a field',
		});
		paste(pane, 'Ry');
		paste(pane, '3');
		pane.send('2');
		await pane.waitFor(screen => screen.includes('Valid · page 1 of'), {what: 'the key typed after the pastes'});
		expect(pane.state().dead).toBe(false);
		expect(pane.screen()).not.toContain('emails to upload');

		pane.send('/');
		await pane.waitFor(screen => findBar(screen).startsWith('/'));
		paste(pane, 'gmail\n');
		// A focus report (as a terminal sends with mode 1004 left on) between the paste and a typed key.
		sendBytes(pane, '\u001b[O\u001b[I');
		pane.type('.');
		const typed = await pane.waitFor(screen => findBar(screen).includes('gmail.'), {what: 'the pasted text'});
		expect(findBar(typed)).toMatch(/^\/ gmail\. /);
		expect(typed).not.toMatch(/\[20[01]~|\[O|\[I/);

		pane.send('Escape');
		await pane.waitFor(screen => !findBar(screen).startsWith('/'));
		pane.send('q');
		expect(await pane.waitForExit()).toBe(0);
		const raw = pane.raw().toString('utf8');
		expect(raw.lastIndexOf(PASTE_OFF)).toBeGreaterThan(raw.lastIndexOf(PASTE_ON));
		expect(pane.state().alternate).toBe(false);
	});

	it('turns the mode off on SIGTERM too', async () => {
		pane = openPane(cliCommand('--demo 42'), {columns: 100, rows: 30});
		await pane.waitFor(screen => screen.includes('Record 9881'));
		process.kill(pane.pid(), 'SIGTERM');
		expect(await pane.waitForExit()).toBe(143);
		const raw = pane.raw().toString('utf8');
		expect(raw).toContain(PASTE_ON);
		expect(raw.lastIndexOf(PASTE_OFF)).toBeGreaterThan(raw.lastIndexOf(PASTE_ON));
	});
});

describe('login’s token prompt in a real terminal', () => {
	it('takes a pasted token (bracketed) as exactly the token, never shows it, and gives plain pastes back', async () => {
		const token = 'pastedToken_0123456789abcdefXYZ';
		const server = await startDemoServer({port: 0, tokens: [token]});
		const config = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-login-'));
		try {
			pane = openPane(cliCommand(`login --base-url ${server.baseUrl}`), {
				columns: 100,
				rows: 30,
				env: {XDG_CONFIG_HOME: config},
			});
			await pane.waitFor(screen => screen.includes('Token:'), {what: 'the token prompt'});
			expect(pane.raw().toString('utf8')).toContain(PASTE_ON);
			// A line break in the paste is text, not Enter: nothing is sent until Enter is pressed.
			paste(pane, `${token}\n`);
			await pane.waitFor(screen => /Token: •{8}/.test(screen), {what: 'the masked token'});
			expect(server.requests).toHaveLength(0);
			pane.send('Enter');
			expect(await pane.waitForExit()).toBe(0);
			const saved = fs
				.readdirSync(config, {recursive: true, encoding: 'utf8'})
				.map(file => path.join(config, file))
				.filter(file => file.endsWith('.json'));
			expect(saved).toHaveLength(1);
			expect((JSON.parse(fs.readFileSync(saved[0]!, 'utf8')) as {token: string}).token).toBe(token);
			const raw = pane.raw().toString('utf8');
			expect(raw).not.toContain(token);
			expect(raw.lastIndexOf(PASTE_OFF)).toBeGreaterThan(raw.lastIndexOf(PASTE_ON));
		} finally {
			await server.close();
			fs.rmSync(config, {recursive: true, force: true});
		}
	});
});
