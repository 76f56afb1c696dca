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

describe('the real CLI in a pseudo-terminal', () => {
	it('opens job 42, pages, filters, selects, reads the detail pane and leaves a clean terminal', async () => {
		pane = openPane(cliCommand('--demo 42'), {columns: 80, rows: 24});
		const first = await pane.waitFor(screen => screen.includes('Q1 Leads') && screen.includes('page 1 of 3'));
		expect(first).toContain('Record 9881');
		expect(pane.state().alternate).toBe(true);
		expect(first.trimEnd().split('\n').length).toBeLessThanOrEqual(23);

		pane.send('Right');
		await pane.waitFor(screen => screen.includes('page 2 of 3'));
		pane.send('l');
		await pane.waitFor(screen => screen.includes('page 3 of 3'));
		pane.send('Left');
		await pane.waitFor(screen => screen.includes('page 2 of 3'));

		pane.send('3');
		const invalid = await pane.waitFor(screen => screen.includes('Invalid · page 1 of 1 · 49 records'));
		expect(invalid).toMatch(/›\d+ +│ \S+ +│ Invalid/);

		pane.send('Down', 'j');
		const rows = (screen: string) => screen.split('\n').filter(line => /^│ [ ›]\d+/.test(line));
		const third = await pane.waitFor(screen => rows(screen)[2]?.includes('›') ?? false);
		const selectedId = /›(\d+)/.exec(third)?.[1];
		await pane.waitFor(screen => screen.includes(`Record ${selectedId}`));
		expect(pane.screen()).toContain('status     Invalid — validator returned Invalid');

		pane.send('f');
		await pane.waitFor(screen => screen.includes('Status filter'));
		pane.send('Up', 'Enter');
		await pane.waitFor(screen => screen.includes('Valid · page 1 of 2 · 178 records'));

		pane.send('q');
		expect(await pane.waitForExit()).toBe(0);
		const state = pane.state();
		expect(state.alternate).toBe(false);
		expect(state.cursorVisible).toBe(true);
		expect(pane.screen()).not.toContain('Q1 Leads');
	});

	it('shows escape sequences from the API as text and changes nothing in the terminal', async () => {
		pane = openPane(`printf '\\033]2;before\\007'; ${cliCommand('--demo 666')}`, {columns: 120, rows: 40});
		const screen = await pane.waitFor(text => text.includes('page 1 of'));
		expect(screen).toContain('\\x1b');
		for (let index = 0; index < 40; index++) {
			pane.send('j');
		}

		await pane.waitFor(text => text.includes('page 1 of'));
		const title = execTitle(pane);
		expect(title).toBe('before');
		expect(pane.state().alternate).toBe(true);
		pane.send('q');
		expect(await pane.waitForExit()).toBe(0);
		expect(pane.state().cursorVisible).toBe(true);
	});

	it.each([
		['SIGTERM', 143],
		['SIGINT', 130],
		['SIGHUP', 129],
	])('restores the terminal on %s (exit %i)', async (signal, code) => {
		pane = openPane(cliCommand('--demo 42'), {columns: 80, rows: 24});
		await pane.waitFor(screen => screen.includes('Record 9881'));
		process.kill(pane.pid(), signal);
		expect(await pane.waitForExit()).toBe(code);
		expect(pane.state().alternate).toBe(false);
		expect(pane.state().cursorVisible).toBe(true);
	});

	it('uses a token typed on the token screen that cannot be saved, and says so once the screen is gone', async () => {
		const server = await startDemoServer();
		const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-e2e-'));
		try {
			pane = openPane(cliCommand('42'), {
				columns: 80,
				rows: 24,
				env: {XDG_CONFIG_HOME: home, ECORE_BASE_URL: server.baseUrl},
			});
			await pane.waitFor(screen => screen.includes('Token:'));
			// Another program breaks the settings file while the token is being typed: it must not be overwritten.
			const file = path.join(home, 'ecore-records', 'config.json');
			fs.mkdirSync(path.dirname(file), {recursive: true});
			fs.writeFileSync(file, '{broken');
			pane.type(server.token);
			// Enter as soon as the dots show, as a person would: it must submit what the dots stand for.
			await pane.waitFor(screen => screen.includes('•'.repeat(server.token.length)));
			pane.send('Enter');
			await pane.waitFor(screen => screen.includes('Q1 Leads'));
			pane.send('q');
			expect(await pane.waitForExit()).toBe(0);
			const text = pane.screen().split('\n').join('');
			expect(text).toContain('ecore-records: the token was used but not saved: The config file');
			expect(text).toContain('is not valid JSON');
			expect(text).not.toContain(server.token);
			expect(fs.readFileSync(file, 'utf8')).toBe('{broken');
		} finally {
			await server.close();
			fs.rmSync(home, {recursive: true, force: true});
		}
	});

	it.each([
		['with a token', {ECORE_API_TOKEN: 'secret-token-abcdef0123'}],
		['without a token (no token screen either)', {}],
	])('refuses a base URL the token may not go to before any screen, %s: exit 2', async (_name, env) => {
		const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-e2e-'));
		try {
			pane = openPane(cliCommand('42'), {
				columns: 80,
				rows: 24,
				env: {XDG_CONFIG_HOME: home, ECORE_BASE_URL: 'http://localhost./backend/api/v1/', ...env},
			});
			expect(await pane.waitForExit()).toBe(2);
			expect(pane.state().alternate).toBe(false);
			const lines = pane
				.screen()
				.split('\n')
				.filter(line => line.trim() !== '' && !line.startsWith('[exit'));
			expect(lines.join('')).toContain('Refusing to send the API token over plain http:// to localhost.');
			expect(pane.screen()).not.toContain('secret-token-abcdef0123');
			expect(pane.screen()).not.toContain('Token:');
		} finally {
			fs.rmSync(home, {recursive: true, force: true});
		}
	});

	it('quits with Ctrl+C', async () => {
		pane = openPane(cliCommand('--demo 42'));
		await pane.waitFor(screen => screen.includes('Record 9881'));
		pane.send('C-c');
		const status = await pane.waitForExit();
		expect([0, 130]).toContain(status);
		expect(pane.state().alternate).toBe(false);
	});
});

function execTitle(target: Pane): string {
	return target.tmux('display', '-p', '-t', target.session, '#{pane_title}').trim();
}
