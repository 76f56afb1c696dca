// Issue 11 items 6 and 7: no piece of the token in any output, and every stderr line sanitised. A hostile
// API on loopback echoes the token where a server could (reason phrase, `detail`, at every offset around
// the cuts); the real client, the auth commands, the stderr writer and the built CLI face it.
import {execFile} from 'node:child_process';
import {EventEmitter} from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createClient, isApiError, type ApiError} from '../../source/api/index.js';
import {auth} from '../../source/commands/auth.js';
import {login} from '../../source/commands/login.js';
import {openStore} from '../../source/config/index.js';
import {EXIT} from '../../source/exit.js';
import {setupTerminal} from '../../source/terminal/screen.js';
import {Capture, pipedStdin} from '../config/io.js';
import {CLI} from '../helpers/build.js';
import {startHostileServer, type HostileServer} from '../helpers/hostile-server.js';
import {rawText} from '../helpers/text.js';
import {wirePage, wireRecord} from './bodies.js';

// 41 characters, like the token the issue saw 35 characters of.
const TOKEN = 'secretTok_0123456789abcdefghijklmnopqrstu';
// Bidi, zero-width, C0, C1 and an escape sequence: nothing of it may reach stderr as it is.
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

// Any piece this long of the token counts as the token (text/redact.ts).
const MIN_PIECE = 8;

/** The pieces of MIN_PIECE characters of `token` that `text` shows. */
function pieces(text: string, token = TOKEN): string[] {
	const found = new Set<string>();
	for (let index = 0; index + MIN_PIECE <= token.length; index++) {
		const piece = token.slice(index, index + MIN_PIECE);
		if (text.includes(piece)) {
			found.add(piece);
		}
	}

	return [...found];
}

let server: HostileServer;
let home: string;

beforeAll(async () => {
	server = await startHostileServer();
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-secrets-'));
});

afterAll(async () => {
	await server.close();
	fs.rmSync(home, {recursive: true, force: true});
});

async function failure(call: () => Promise<unknown>): Promise<ApiError> {
	try {
		await call();
	} catch (error) {
		if (isApiError(error)) {
			return error;
		}

		throw error;
	}

	throw new Error('the call did not fail');
}

describe('issue 11 item 6: a server that echoes the token', () => {
	it('never gets a piece of it into an error, wherever the cut falls (reason phrase and detail)', async () => {
		const client = createClient({baseUrl: server.baseUrl, token: TOKEN, retry: {limit: 0}});
		let checked = 0;
		for (const status of [503, 400, 401, 404, 429, 418]) {
			for (let offset = 0; offset <= 130; offset += 5) {
				server.answer(() => ({
					status,
					statusText: `${'R'.repeat(offset)}${TOKEN} the reason goes on`,
					body: {detail: `${'D'.repeat(offset)}${TOKEN} and the detail goes on and on`},
				}));
				const error = await failure(async () => client.getRecords(5));
				const where = `${status}, offset ${offset}: ${error.message}`;
				expect(pieces(error.message), where).toEqual([]);
				expect(pieces(JSON.stringify(error)), where).toEqual([]);
				expect(pieces(rawText(error.serverMessage ?? '')), where).toEqual([]);
				checked++;
			}
		}

		expect(checked).toBe(6 * 27);
	});

	it('never gets a piece of it into what login and auth --check print', async () => {
		const env = {XDG_CONFIG_HOME: home};
		const store = openStore({env});
		server.answer(() => ({
			status: 500,
			statusText: `Oops ${TOKEN.slice(0, 30)}`,
			body: {detail: `${'x'.repeat(70)}${TOKEN}`},
		}));
		const outputs: Capture[] = [];
		const io = () => {
			const stdout = new Capture();
			const stderr = new Capture();
			outputs.push(stdout, stderr);
			return {stdout, stderr};
		};

		const fromFlag = await login({
			flags: {token: TOKEN, baseUrl: server.baseUrl},
			env,
			stdin: pipedStdin(''),
			...io(),
			store,
			createClient: options => createClient({...options, retry: {limit: 0}}),
		});
		expect(fromFlag).toBe(EXIT.failure);
		// Piped on standard input: a token the program had not seen before this command.
		const piped = 'pipedTok_9876543210zyxwvutsrqponmlkjihgf';
		server.answer(() => ({status: 503, statusText: `Busy ${piped}`, body: {error: `${'y'.repeat(90)}${piped}`}}));
		const fromStdin = await login({
			flags: {baseUrl: server.baseUrl},
			env,
			stdin: pipedStdin(`${piped}\n`),
			...io(),
			store,
			createClient: options => createClient({...options, retry: {limit: 0}}),
		});
		expect(fromStdin).toBe(EXIT.failure);
		const checked = await auth({
			flags: {token: TOKEN, baseUrl: server.baseUrl, check: true},
			env,
			stdin: pipedStdin(''),
			...io(),
			store,
			createClient: options => createClient({...options, retry: {limit: 0}}),
		});
		expect(checked).toBe(EXIT.failure);
		const all = outputs.map(output => output.text).join('\n');
		expect(all).toContain('Could not');
		expect(pieces(all)).toEqual([]);
		expect(pieces(all, piped)).toEqual([]);
	});
});

interface Run {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

async function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
	return new Promise(resolve => {
		execFile(
			process.execPath,
			[CLI, ...args],
			{env: {PATH: process.env['PATH'] ?? '', XDG_CONFIG_HOME: home, ...env}, timeout: 20_000},
			(error, stdout, stderr) => {
				resolve({code: error ? Number(error.code ?? 1) : 0, stdout, stderr});
			},
		);
	});
}

describe('issue 11 item 6: usage errors never repeat the token', () => {
	it('login <TOKEN> says how to pass a token, without repeating it', async () => {
		const result = await cli(['login', TOKEN]);
		expect(result.code).toBe(EXIT.usage);
		expect(pieces(result.stderr)).toEqual([]);
		expect(result.stderr).toMatch(/--token, in ECORE_API_TOKEN, or on standard input/);
		expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
	});

	it.each([
		[[TOKEN]],
		[['export', TOKEN]],
		[['42', '43', TOKEN]],
		[['42', '--page', TOKEN]],
		[['42', '--status', TOKEN]],
		[['export', '42', '--format', TOKEN]],
		[['completion', TOKEN]],
	])('%j: no piece of a value that could be a token', async args => {
		const result = await cli(args);
		expect(result.code).toBe(EXIT.usage);
		expect(result.stderr).toMatch(/^ecore-records: .+\(usage: /);
		expect(pieces(result.stderr)).toEqual([]);
	});

	it('redacts a short value that equals the token in the environment', async () => {
		const short = 'abc123def456';
		const result = await cli(['42', '--page', short], {ECORE_API_TOKEN: short});
		expect(result.code).toBe(EXIT.usage);
		expect(result.stderr).toContain('got "[token]"');
		expect(result.stderr).not.toContain(short);
	});
});

describe('issue 11 item 7: every stderr line through the sanitiser', () => {
	it('a reason phrase with bidi, zero-width and escape bytes neither fails the call nor reaches stderr raw', async () => {
		server.answer(() => ({
			status: 500,
			statusText: 'Bad \u202eyawetaG\u200b \u2066\u001b]0;pwned\u0007',
			body: {detail: `line\u2028two \u200d\u2067rtl\u2069 \u009b2J \ufeffend ${TOKEN}`},
		}));
		const result = await cli(['5'], {ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: TOKEN});
		expect(result.code).toBe(EXIT.failure);
		expect(result.stdout).toBe('');
		const lines = result.stderr.trimEnd().split('\n');
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/^ecore-records: The eCore API had a server error \(500 Bad \\u202eyawetaG/);
		expect(result.stderr).not.toMatch(UNSAFE);
		expect(pieces(result.stderr)).toEqual([]);
	});

	it('a server error whose reason phrase is plain and whose detail is not (the old fail() kept bidi)', async () => {
		server.answer(() => ({
			status: 502,
			statusText: 'Bad Gateway',
			body: {detail: `user\u202egnp.exe \u200bzero\u2066iso\u2069 \u009b2J ${TOKEN}`},
		}));
		const result = await cli(['5'], {ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: TOKEN});
		expect(result.code).toBe(EXIT.failure);
		expect(result.stderr).toContain('(502 Bad Gateway: user\\u202egnp.exe \\u200bzero');
		expect(result.stderr).not.toMatch(UNSAFE);
		expect(pieces(result.stderr)).toEqual([]);
	});

	it('the records page as text (TSV) and its stderr stay clean when the records are hostile', async () => {
		server.answer(request =>
			request.path.endsWith('/records/')
				? {body: wirePage([wireRecord(1, {email: 'a\u202eb\u200b\u001b[2J@x', error_message: '\u0085\u2066'})])}
				: undefined,
		);
		const result = await cli(['5'], {ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: TOKEN});
		expect(result.code).toBe(EXIT.ok);
		expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e]/);
		expect(result.stdout).toContain('a\\u202eb\\u200b\\x1b[2J@x');
		expect(result.stderr).toBe('');
	});

	it('an unexpected error while the screen is up: one sanitised line, redacted', () => {
		const written: string[] = [];
		const proc = Object.assign(new EventEmitter(), {env: {}, exit() {}});
		setupTerminal({
			stdout: {isTTY: true, write() {}},
			stdin: {isTTY: false},
			stderr: {write: (chunk: string) => written.push(chunk)},
			process: proc,
		});
		proc.emit('uncaughtException', new Error(`boom \u202e\u200b\u001b[2J ${TOKEN}`));
		expect(written).toHaveLength(1);
		expect(written[0]).toMatch(/^ecore-records: boom \\u202e\\u200b\\x1b\[2J \[token\]\n$/);
	});
});
