// The README's Environment table, the rows no other test holds: CI at a terminal, TERM=dumb's colours,
// where Windows keeps the settings and the compiled code, and ECORE_DEBUG's stack without the token.
import {EventEmitter} from 'node:events';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {compileCacheDirectory} from '../source/compileCache.js';
import {configDir} from '../source/config/store.js';
import {setupTerminal} from '../source/terminal/screen.js';
import {rememberSecret} from '../source/text/redact.js';
import {cliCommand, openPane, type Pane} from './helpers/tmux.js';

let pane: Pane | undefined;

afterEach(() => {
	pane?.kill();
	pane = undefined;
});

describe('CI and CONTINUOUS_INTEGRATION', () => {
	// Ink draws only the last frame when it believes it runs in CI: at a terminal that would be a blank
	// screen until the program ends (an SSH session into a CI machine has CI=true).
	it('are ignored at a terminal: the screen is drawn and follows the keys', async () => {
		pane = openPane(cliCommand('--demo 42'), {
			columns: 80,
			rows: 24,
			env: {CI: 'true', CONTINUOUS_INTEGRATION: 'true'},
		});
		await pane.waitFor(screen => screen.includes('Q1 Leads') && screen.includes('page 1 of 3'), {
			what: 'the first page, drawn with CI=true',
		});
		pane.send('Right');
		await pane.waitFor(screen => screen.includes('page 2 of 3'), {what: 'page 2 after →'});
		pane.send('q');
		expect(await pane.waitForExit()).toBe(0);
		expect(pane.state()).toMatchObject({alternate: false, cursorVisible: true});
	});
});

describe('on Windows', () => {
	const home = String.raw`C:\Users\u`;

	it('keeps the settings in %APPDATA%\\ecore-records\\Config, unless XDG_CONFIG_HOME is set', () => {
		const appData = String.raw`D:\Roaming`;
		expect(configDir({env: {APPDATA: appData}, platform: 'win32', homedir: home})).toBe(
			path.join(appData, 'ecore-records', 'Config'),
		);
		expect(configDir({env: {}, platform: 'win32', homedir: home})).toBe(
			path.join(home, 'AppData', 'Roaming', 'ecore-records', 'Config'),
		);
		expect(configDir({env: {APPDATA: appData, XDG_CONFIG_HOME: '/x/conf'}, platform: 'win32', homedir: home})).toBe(
			path.join('/x/conf', 'ecore-records'),
		);
	});

	it('keeps the compiled code in %LOCALAPPDATA%\\ecore-records\\compile, unless XDG_CACHE_HOME is set', () => {
		const localAppData = String.raw`D:\Local`;
		expect(compileCacheDirectory({LOCALAPPDATA: localAppData}, home, 'win32')).toBe(
			path.join(localAppData, 'ecore-records', 'compile'),
		);
		expect(compileCacheDirectory({}, home, 'win32')).toBe(
			path.join(home, 'AppData', 'Local', 'ecore-records', 'compile'),
		);
		expect(compileCacheDirectory({LOCALAPPDATA: localAppData, XDG_CACHE_HOME: '/x/cache'}, home, 'win32')).toBe(
			path.join('/x/cache', 'ecore-records', 'compile'),
		);
	});
});

describe('TERM=dumb', () => {
	// The README: "no inverse video, no colours": Ink's colour library decides that, and the > marker
	// (test/e2e/charset.e2e.test.ts) is what keeps the selection visible.
	it('sends no colour and no inverse video to the terminal, and marks the selected row with >', async () => {
		pane = openPane(cliCommand('--demo 42'), {columns: 80, rows: 24, env: {TERM: 'dumb'}});
		await pane.waitFor(screen => /^│ >9881 /m.test(screen), {what: 'the first row marked'});
		pane.send('j');
		await pane.waitFor(screen => /^│ >9882 /m.test(screen), {what: 'the second row marked'});
		pane.send('q');
		expect(await pane.waitForExit()).toBe(0);
		const sgr = [
			...pane
				.raw()
				.toString('utf8')
				.matchAll(/\u001B\[([\d;]*)m/g),
		].map(match => match[1]);
		expect(sgr.filter(parameters => parameters !== '' && parameters !== '0')).toEqual([]);
	});
});

describe('ECORE_DEBUG=1', () => {
	it('prints the stack of an unexpected error, never the token in it', () => {
		const token = 'tok_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
		rememberSecret(token);
		const written: string[] = [];
		const proc = Object.assign(new EventEmitter(), {env: {ECORE_DEBUG: '1'}, exit() {}});
		setupTerminal({
			stdout: {isTTY: true, write: () => true},
			stderr: {isTTY: true, write: (chunk: string) => written.push(chunk)},
			stdin: {isTTY: true, setRawMode() {}},
			beforeExit() {},
			process: proc as unknown as NodeJS.Process,
		});
		proc.emit('uncaughtException', new Error(`the server said: bad token ${token}`));
		const stderr = written.join('');
		expect(stderr).toMatch(/\n {4}at /);
		expect(stderr).toContain('bad token [token]');
		expect(stderr).not.toContain(token.slice(10, 18));
	});
});
