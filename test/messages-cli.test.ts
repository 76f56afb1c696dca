// The built CLI's failure messages over loopback against the demo server: a sentence says what happened,
// and the command line adds what to do there (run the command again) only where that can help. The
// screen's own keys (`r`, Enter) never appear on a command line, and no advice is given twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {NO_FAULTS, startDemoServer, type DemoServer} from '../source/demo/server.js';
import {runCli} from './helpers/cli.js';

let server: DemoServer;
let home: string;

beforeAll(async () => {
	server = await startDemoServer({port: 0});
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-messages-'));
});

afterAll(async () => {
	await server.close();
	fs.rmSync(home, {recursive: true, force: true});
});

afterEach(() => {
	server.setFaults(NO_FAULTS);
	server.resetStats();
});

const run = async (args: string[], env: Record<string, string> = {}) =>
	runCli(args, {home, cwd: home, env: {ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: server.token, ...env}});

/** Every piece of advice about asking again, in any of the words it has been given in. */
const ADVICE = /try again|run the command again|press r\b|\br to retry|\br reload/gi;

describe('failure messages on the command line', () => {
	it.each([
		['export', ['export', '7001', '--status', 'Error', '-o', 'out.csv']],
		['the page printed to a pipe', ['7001']],
		['revalidate --dry-run', ['revalidate', '42', '--status', 'Invalid', '--dry-run']],
	])('%s, a server error: one line, and "run the command again" once', async (_, args) => {
		server.setFaults({failEvery: 1, failStatus: 503, retryAfter: 0});
		const result = await run(args);
		expect(result.code).toBe(1);
		const lines = result.stderr.trimEnd().split('\n');
		const line = lines.at(-1)!;
		expect(line).toMatch(/server error \(503.*\)\. If it persists, contact eCore support\. Run the command again\.$/);
		expect(result.stderr.match(ADVICE)).toEqual(['Run the command again']);
	});

	it('a job that is not there: nothing to run again', async () => {
		const result = await run(['export', '424242', '-o', 'none.csv']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/Job 424242 was not found, or it belongs to another account\.\n$/);
		expect(result.stderr.match(ADVICE)).toBeNull();
	});
});

describe('messages in the terminal’s character set', () => {
	const args = ['revalidate', '42', '--status', 'Invalid', '--dry-run'];
	const ASCII = /^[\x00-\x7f]*$/;

	it('a locale that is not UTF-8 gets stderr in ASCII, as the screen; the figures on stdout are the same', async () => {
		const utf8 = await run(args, {LANG: 'en_US.UTF-8'});
		const ascii = await run(args, {LANG: 'C'});
		expect(utf8.code).toBe(0);
		expect(ascii.code).toBe(0);
		// The list name's dashes and the quotes around it, as the UTF-8 locale has them and as ASCII.
		expect(utf8.stderr).toMatch(/list name “.+ — Invalid — \d{4}-\d{2}-\d{2}”\.\n$/);
		expect(ascii.stderr).toMatch(/list name ".+ - Invalid - \d{4}-\d{2}-\d{2}"\.\n$/);
		expect(ascii.stderr).toMatch(ASCII);
		expect(ascii.stdout).toBe(utf8.stdout);
		// LC_ALL decides before LANG, as the C library reads them.
		expect((await run(args, {LC_ALL: 'C', LANG: 'en_US.UTF-8'})).stderr).toBe(ascii.stderr);
	});

	it('data is data: the page printed to a pipe is the same bytes in either locale', async () => {
		const utf8 = await run(['666', '--status', 'All', '--page-size', '1000'], {LANG: 'en_US.UTF-8'});
		const ascii = await run(['666', '--status', 'All', '--page-size', '1000'], {LANG: 'C'});
		expect(utf8.code).toBe(0);
		expect(utf8.stdout).not.toMatch(ASCII);
		expect(ascii.stdout).toBe(utf8.stdout);
	});
});
