import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {createClient, type ClientOptions} from '../../source/api/index.js';
import {auth} from '../../source/commands/auth.js';
import {login} from '../../source/commands/login.js';
import {logout} from '../../source/commands/logout.js';
import type {AuthDeps, AuthFlags} from '../../source/commands/token.js';
import {EXIT} from '../../source/exit.js';
import {openStore, type Env, type SettingsStore} from '../../source/config/index.js';
import {startDemoServer} from '../../source/demo/server.js';
import {REFUSED_MESSAGE} from '../../source/store/token.js';
import {Capture, TtyStdin, captures, pipedStdin, waitFor} from './io.js';

const GOOD = 'goodToken_0123456789abcdefGHIJ';
const OTHER = 'otherToken_9876543210zyxwvuTSRQ';
const BAD = 'badToken_5555555555qqqqqqqqWXYZ';
const ALL_TOKENS = [GOOD, OTHER, BAD];

let server: Awaited<ReturnType<typeof startDemoServer>>;
let xdg: string;
let store: SettingsStore;
let clientCalls: ClientOptions[];

beforeAll(async () => {
	server = await startDemoServer({port: 0, tokens: [GOOD, OTHER]});
});

afterAll(async () => {
	await server.close();
});

beforeEach(async () => {
	xdg = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'ecore-auth-'));
	store = openStore({env: {XDG_CONFIG_HOME: xdg}});
	clientCalls = [];
});

afterEach(async () => {
	await fs.promises.rm(xdg, {recursive: true, force: true});
});

// The one rule every test checks: no captured byte of output holds a token.
afterAll(() => {
	expect(captures.length).toBeGreaterThan(10);
	for (const capture of captures) {
		for (const token of ALL_TOKENS) {
			expect(capture.text).not.toContain(token);
		}
	}
});

afterEach(() => {
	for (const capture of captures) {
		for (const token of ALL_TOKENS) {
			expect(capture.text).not.toContain(token);
		}
	}
});

interface Run {
	code: number;
	stdout: Capture;
	stderr: Capture;
}

async function run(
	command: (deps: AuthDeps) => Promise<number>,
	{
		flags = {},
		env = {},
		stdin = pipedStdin(''),
		stdoutTty,
	}: {flags?: AuthFlags; env?: Env; stdin?: AuthDeps['stdin']; stdoutTty?: boolean} = {},
): Promise<Run> {
	const stdout = new Capture(stdoutTty);
	const stderr = new Capture();
	const code = await command({
		flags: {baseUrl: server.baseUrl, ...flags},
		env: {XDG_CONFIG_HOME: xdg, ...env},
		stdin,
		stdout,
		stderr,
		store,
		createClient(options) {
			clientCalls.push(options);
			return createClient(options);
		},
	});
	return {code, stdout, stderr};
}

const saved = () => JSON.parse(fs.readFileSync(store.path, 'utf8')) as Record<string, unknown>;
const mode = (p: string) => fs.statSync(p).mode & 0o777;

async function closedPort(): Promise<number> {
	const probe = net.createServer();
	await new Promise<void>(resolve => {
		probe.listen(0, '127.0.0.1', resolve);
	});
	const {port} = probe.address() as net.AddressInfo;
	await new Promise(resolve => {
		probe.close(resolve);
	});
	return port;
}

describe('login', () => {
	it('verifies a --token with one request and saves it privately', async () => {
		const {code, stdout, stderr} = await run(login, {flags: {token: GOOD}});
		expect(stderr.text).toBe('');
		expect(code).toBe(EXIT.ok);
		expect(stdout.lines()[0]).toBe(`Token saved to ${store.path} (••••, 30 characters)`);
		expect(clientCalls).toHaveLength(1);
		expect(saved()['token']).toBe(GOOD);
		expect(mode(store.path)).toBe(0o600);
		expect(mode(path.dirname(store.path))).toBe(0o700);
		expect(store.path).toBe(path.join(xdg, 'ecore-records', 'config.json'));
	});

	it('saves a --base-url along with the token, and keeps other settings', async () => {
		fs.mkdirSync(path.dirname(store.path), {recursive: true});
		fs.writeFileSync(store.path, JSON.stringify({theme: 'dark'}));
		const {code, stdout} = await run(login, {flags: {token: GOOD}});
		expect(code).toBe(EXIT.ok);
		expect(stdout.text).toContain('Base URL');
		expect(saved()).toEqual({theme: 'dark', token: GOOD, baseUrl: new URL(server.baseUrl).href});
	});

	it('does not save a base URL that came from the environment', async () => {
		const {code} = await run(login, {flags: {token: GOOD, baseUrl: undefined}, env: {ECORE_BASE_URL: server.baseUrl}});
		expect(code).toBe(EXIT.ok);
		expect(saved()).toEqual({token: GOOD});
	});

	it('refuses a token the API refuses: one line, exit 4, nothing saved', async () => {
		const {code, stdout, stderr} = await run(login, {flags: {token: BAD}});
		expect(code).toBe(EXIT.auth);
		expect(stdout.text).toBe('');
		expect(stderr.lines()).toEqual(['The API refused that token (401); nothing was saved.']);
		expect(fs.existsSync(store.path)).toBe(false);
	});

	it('does not replace a saved token with a refused one', async () => {
		await store.save({token: OTHER});
		const {code} = await run(login, {flags: {token: BAD}});
		expect(code).toBe(EXIT.auth);
		expect(saved()['token']).toBe(OTHER);
	});

	it('reads one line from a piped stdin and leaves the rest', async () => {
		const stdin = pipedStdin(`  ${GOOD}  \r\nsecond line\n`);
		const {code, stdout} = await run(login, {stdin});
		expect(code).toBe(EXIT.ok);
		expect(stdout.lines()[0]).toBe(`Token saved to ${store.path} (••••, 30 characters)`);
		expect(saved()['token']).toBe(GOOD);
	});

	it('reads a token piped without a final newline', async () => {
		const {code} = await run(login, {stdin: pipedStdin(GOOD)});
		expect(code).toBe(EXIT.ok);
		expect(saved()['token']).toBe(GOOD);
	});

	it('reports an empty stdin as a usage error without a request', async () => {
		const {code, stderr} = await run(login, {stdin: pipedStdin('\n')});
		expect(code).toBe(EXIT.usage);
		expect(stderr.lines()).toHaveLength(1);
		expect(stderr.text).toContain('No token on standard input');
		expect(clientCalls).toHaveLength(0);
	});

	it('warns that ECORE_API_TOKEN takes precedence over the saved token', async () => {
		const {code, stderr} = await run(login, {flags: {token: GOOD}, env: {ECORE_API_TOKEN: OTHER}});
		expect(code).toBe(EXIT.ok);
		expect(stderr.lines()).toEqual([
			'Warning: ECORE_API_TOKEN is set in this environment and takes precedence over the saved token; unset it to use the saved one.',
		]);
		expect(saved()['token']).toBe(GOOD);
	});

	it('refuses plain http to a host that is not loopback before sending anything', async () => {
		const {code, stderr} = await run(login, {flags: {token: GOOD, baseUrl: 'http://api.example.com/v1/'}});
		expect(code).toBe(EXIT.usage);
		expect(stderr.lines()).toHaveLength(1);
		expect(stderr.text).toMatch(/^Refusing to send the API token over plain http:\/\/ to api\.example\.com/);
		expect(clientCalls).toHaveLength(0);
		expect(fs.existsSync(store.path)).toBe(false);
	});

	it('reports a server it cannot reach in one line, exit 1', async () => {
		const port = await closedPort();
		const {code, stdout, stderr} = await run(login, {flags: {token: GOOD, baseUrl: `http://127.0.0.1:${port}/`}});
		expect(code).toBe(EXIT.failure);
		expect(stdout.text).toBe('');
		expect(stderr.lines()).toHaveLength(1);
		expect(stderr.text).toMatch(/^Could not verify the token, so it was not saved: /);
		expect(fs.existsSync(store.path)).toBe(false);
	});

	it('reports a corrupt config file in one line and leaves it alone', async () => {
		fs.mkdirSync(path.dirname(store.path), {recursive: true});
		const broken = `{"theme": "dark", "token": "${OTHER}"`;
		fs.writeFileSync(store.path, broken);
		const {code, stderr} = await run(login, {flags: {token: GOOD}});
		expect(code).toBe(EXIT.failure);
		expect(stderr.lines()).toHaveLength(1);
		expect(stderr.text).toContain(store.path);
		expect(stderr.text).toContain('ecore-records logout');
		expect(stderr.text).not.toMatch(/\n\s+at /);
		expect(fs.readFileSync(store.path, 'utf8')).toBe(broken);
	});

	it('prompts on a TTY with the masked token screen, lets a refused token be retyped, then saves', async () => {
		const stdin = new TtyStdin();
		const stdout = new Capture(true);
		const stderr = new Capture();
		const pending = login({
			flags: {baseUrl: server.baseUrl},
			env: {XDG_CONFIG_HOME: xdg, CI: undefined},
			stdin: stdin as unknown as AuthDeps['stdin'],
			stdout,
			stderr,
			store,
			createClient,
		});

		// The screen reads keys once Ink listens to stdin; what is typed is then the screen's at once, so
		// Enter may follow it straight away.
		await waitFor(() => stdin.listenerCount('readable') > 0, 'the token screen reading keys');
		stdin.type(BAD);
		stdin.type('\r');
		await waitFor(() => stdout.text.includes(REFUSED_MESSAGE), 'the refusal');
		stdin.type(GOOD);
		stdin.type('\r');

		expect(await pending).toBe(EXIT.ok);
		expect(stdout.text).toContain(`Token saved to ${store.path} (••••, 30 characters)`);
		expect(saved()['token']).toBe(GOOD);
	});

	it('takes a bracketed paste as exactly the token, never shows it, and types no terminal reply into it', async () => {
		const stdin = new TtyStdin();
		const stdout = new Capture(true);
		const stderr = new Capture();
		const pending = login({
			flags: {baseUrl: server.baseUrl},
			env: {XDG_CONFIG_HOME: xdg, CI: undefined},
			stdin: stdin as unknown as AuthDeps['stdin'],
			stdout,
			stderr,
			store,
			createClient,
		});

		await waitFor(() => stdin.listenerCount('readable') > 0, 'the token screen reading keys');
		// The prompt asks the terminal to bracket pastes, so a pasted line break is no Enter.
		expect(stdout.text).toContain('\u001b[?2004h');
		// A terminal's answers arriving late (a colour query, a DCS status report, focus) are no keys.
		stdin.type('\u001b]11;rgb:1e1e/1e1e/2e2e\u001b\\');
		stdin.type(`\u001b[200~${GOOD}\n\u001b[201~`);
		stdin.type('\u001bP1$r0m\u001b\\\u001b[I');
		stdin.type('\r');

		expect(await pending).toBe(EXIT.ok);
		expect(saved()['token']).toBe(GOOD);
		expect(stdout.text.lastIndexOf('\u001b[?2004l')).toBeGreaterThan(stdout.text.lastIndexOf('\u001b[?2004h'));
		expect(stdout.text).toContain('•'.repeat(8));
	});

	it('draws the prompt on stderr when stdout is redirected, and Esc cancels', async () => {
		const stdin = new TtyStdin();
		const stdout = new Capture(false);
		const stderr = new Capture(true);
		const pending = login({
			flags: {baseUrl: server.baseUrl},
			env: {XDG_CONFIG_HOME: xdg},
			stdin: stdin as unknown as AuthDeps['stdin'],
			stdout,
			stderr,
			store,
			createClient,
		});

		await waitFor(() => stderr.text.includes('Settings → API Tokens'), 'the token screen');
		await waitFor(() => stdin.listenerCount('readable') > 0, 'the token screen reading keys');
		stdin.type(GOOD.slice(0, 6));
		stdin.type('\u001B');
		expect(await pending).toBe(EXIT.SIGINT);
		expect(stdout.text).toBe('');
		expect(stderr.text).toContain('Login cancelled; nothing was saved.');
		expect(fs.existsSync(store.path)).toBe(false);
	});
});

describe('logout', () => {
	it('forgets the token, keeps other settings, and can run again', async () => {
		await store.save({token: GOOD, baseUrl: 'https://b.test/'});
		const first = await run(logout);
		expect(first.code).toBe(EXIT.ok);
		expect(first.stdout.lines()).toEqual([`Forgot the saved token; other settings in ${store.path} are kept.`]);
		expect(saved()).toEqual({baseUrl: 'https://b.test/'});
		expect(mode(store.path)).toBe(0o600);

		const second = await run(logout);
		expect(second.code).toBe(EXIT.ok);
		expect(second.stdout.lines()).toEqual(['No token was saved; nothing to forget.']);
		expect(second.stderr.text).toBe('');
	});

	it('works with no config file at all', async () => {
		const {code, stdout} = await run(logout);
		expect(code).toBe(EXIT.ok);
		expect(stdout.text).toContain('No token was saved');
		expect(fs.existsSync(store.path)).toBe(false);
	});

	it('notes that ECORE_API_TOKEN still supplies a token', async () => {
		await store.save({token: GOOD});
		const {code, stderr} = await run(logout, {env: {ECORE_API_TOKEN: OTHER}});
		expect(code).toBe(EXIT.ok);
		expect(stderr.lines()).toHaveLength(1);
		expect(stderr.text).toContain('ECORE_API_TOKEN is still set');
	});

	it('sets a corrupt config file aside rather than deleting it', async () => {
		fs.mkdirSync(path.dirname(store.path), {recursive: true});
		const broken = `{"theme": "dark", "token": "${GOOD}",,}`;
		fs.writeFileSync(store.path, broken);
		const {code, stdout} = await run(logout);
		expect(code).toBe(EXIT.ok);
		expect(stdout.lines()).toHaveLength(1);
		expect(stdout.text).toContain('could not be read');
		const aside = fs.readdirSync(path.dirname(store.path)).filter(name => name.startsWith('config.json.invalid-'));
		expect(aside).toHaveLength(1);
		expect(fs.readFileSync(path.join(path.dirname(store.path), aside[0]!), 'utf8')).toBe(broken);
		expect(store.load()).toEqual({});
	});
});

describe('auth', () => {
	it('says there is no token: exit 4, no request', async () => {
		const {code, stdout} = await run(auth, {flags: {baseUrl: undefined}});
		expect(code).toBe(EXIT.auth);
		expect(stdout.lines()).toEqual([
			'Token:    none; run `ecore-records login`, or set ECORE_API_TOKEN',
			'Base URL: https://app.ecoreservice.com/backend/api/v1/ (default)',
			`Config:   ${store.path}`,
		]);
		expect(clientCalls).toHaveLength(0);
	});

	it('shows a saved token masked, with the saved base URL, without a request', async () => {
		await store.save({token: GOOD, baseUrl: 'https://saved.test/api/'});
		const {code, stdout} = await run(auth, {flags: {baseUrl: undefined}});
		expect(code).toBe(EXIT.ok);
		expect(stdout.lines()).toEqual([
			'Token:    ••••, 30 characters (saved)',
			'Base URL: https://saved.test/api/ (saved)',
			`Config:   ${store.path}`,
		]);
		expect(clientCalls).toHaveLength(0);
	});

	it('shows that the environment wins over the saved token', async () => {
		await store.save({token: GOOD});
		const {code, stdout} = await run(auth, {
			flags: {baseUrl: undefined},
			env: {ECORE_API_TOKEN: OTHER, ECORE_BASE_URL: 'https://env.test/'},
		});
		expect(code).toBe(EXIT.ok);
		expect(stdout.lines()).toEqual([
			'Token:    ••••, 31 characters (from ECORE_API_TOKEN)',
			'          a saved token (••••, 30 characters) is not used while this one is given',
			'Base URL: https://env.test/ (from ECORE_BASE_URL)',
			`Config:   ${store.path}`,
		]);
	});

	it('says when the given token is the saved one, and never shows four characters of either', async () => {
		// Tokens as DRF makes them (40 hex digits), so no word of the output can match a piece by chance.
		const saved = '9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b';
		const given = '3c7e1f05a2d84b6690e7f1a3c5b2d8e4f6a09b17';
		await store.save({token: saved});
		const same = await run(auth, {flags: {baseUrl: undefined}, env: {ECORE_API_TOKEN: saved}});
		expect(same.stdout.lines().slice(0, 2)).toEqual([
			'Token:    ••••, 40 characters (from ECORE_API_TOKEN)',
			'          the saved token is the same one',
		]);
		const other = await run(auth, {flags: {baseUrl: undefined}, env: {ECORE_API_TOKEN: given}});
		expect(other.stdout.lines()[1]).toBe(
			'          a saved token (••••, 40 characters) is not used while this one is given',
		);
		const shown = [same, other].map(each => each.stdout.text + each.stderr.text).join('\n');
		for (const token of [saved, given]) {
			for (let index = 0; index + 4 <= token.length; index++) {
				expect(shown).not.toContain(token.slice(index, index + 4));
			}
		}
	});

	it('shows a flag token and base URL', async () => {
		const {code, stdout} = await run(auth, {flags: {token: 'short'}, env: {ECORE_API_TOKEN: OTHER}});
		expect(code).toBe(EXIT.ok);
		expect(stdout.lines()[0]).toBe('Token:    ••••, 5 characters (from --token)');
		expect(stdout.lines()[1]).toBe(`Base URL: ${server.baseUrl} (from --base-url)`);
	});

	it('--check asks the API once and reports acceptance', async () => {
		await store.save({token: GOOD});
		const {code, stdout} = await run(auth, {flags: {check: true}});
		expect(code).toBe(EXIT.ok);
		expect(stdout.lines().at(-1)).toBe('Check:    the API accepted the token');
		expect(clientCalls).toHaveLength(1);
	});

	it('--check reports a refused token: exit 4 and what to do', async () => {
		const {code, stderr} = await run(auth, {flags: {check: true}, env: {ECORE_API_TOKEN: BAD}});
		expect(code).toBe(EXIT.auth);
		expect(stderr.lines()).toEqual(['The API refused the token (401); update ECORE_API_TOKEN.']);
	});

	it('--check refuses plain http to a remote host: exit 2', async () => {
		const {code, stderr} = await run(auth, {flags: {check: true, token: GOOD, baseUrl: 'http://api.example.com/'}});
		expect(code).toBe(EXIT.usage);
		expect(stderr.lines()).toHaveLength(1);
		expect(stderr.text).toContain('Refusing to send the API token over plain http://');
	});

	it('reports a corrupt config file in one line: exit 1', async () => {
		fs.mkdirSync(path.dirname(store.path), {recursive: true});
		fs.writeFileSync(store.path, `{"token": "${GOOD}"`);
		const {code, stdout, stderr} = await run(auth);
		expect(code).toBe(EXIT.failure);
		expect(stdout.text).toBe('');
		expect(stderr.lines()).toHaveLength(1);
		expect(stderr.text).toContain(store.path);
	});

	it('a token revoked on the server is refused at the next check', async () => {
		await store.save({token: OTHER});
		server.setTokens([GOOD]);
		try {
			const {code, stderr} = await run(auth, {flags: {check: true}});
			expect(code).toBe(EXIT.auth);
			expect(stderr.text).toContain('run `ecore-records login` to replace it');
		} finally {
			server.setTokens([GOOD, OTHER]);
		}
	});
});
