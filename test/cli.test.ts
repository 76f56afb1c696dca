// The command line as a script sees it: the built CLI, run with pipes (stdout is not a terminal), against
// the embedded demo server over loopback.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../source/demo/server.js';
import {runCli} from './helpers/cli.js';

const cli = path.resolve(import.meta.dirname, '../dist/cli.js');
let server: DemoServer;
let home: string;

beforeAll(async () => {
	server = await startDemoServer();
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-cli-'));
});

afterAll(async () => {
	await server.close();
	fs.rmSync(home, {recursive: true, force: true});
});

const run = async (args: string[], env: Record<string, string> = {}) => runCli(args, {home, env});

const api = () => ({ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: server.token});
const HEADER = 'id\tec_id\temail\tstatus\tvalidator_used\tis_cached\terror_message\tprocessed_at';

describe('arguments', () => {
	it.each([
		[['abc'], /job id must be an integer/],
		[['0'], /job id must be an integer/],
		[['42', '--page', '0'], /--page must be an integer 1 or more/],
		[['42', '--page', 'x'], /--page must be/],
		[['42', '--page-size', '1001'], /--page-size must be an integer from 1 to 1000/],
		[['42', '--page-size', '0'], /--page-size must be/],
		[['42', '--status', 'Bogus'], /--status must be one of Pending, Valid, Invalid, Unknown, Error, All/],
		[['42', '--bogus'], /unknown option --bogus/],
		[['42', '43'], /unexpected argument "43"/],
		[['export', '42', '--format', 'xml'], /--format must be one of csv, ndjson, json/],
		[['--demo', '--token', 'x', '42'], /--demo uses its own server/],
		[['export', '--demo'], /export needs a job id/],
		[['42', '--status', 'Error', '--status', 'Valid'], /--status is given twice/],
		[['42', '--no-status'], /unknown option --no-status/],
		[['42', '-x'], /unknown option -x/],
		[['42', `--${'f'.repeat(40)}`], /unknown option of 42 characters/],
		[['42', '--status', '--demo'], /--status needs a value, not the option "--demo"/],
		[['42', '--demo=yes'], /--demo takes no value/],
		[['export', '42', '-o'], /-o needs a value/],
		[['42', '--page', '-1'], /--page must be an integer 1 or more, got "-1"/],
		[['revalidate', '42', '--list-name', '-x'], /--list-name needs a value, not the option "-x"/],
	])('refuses %j with one line and exit 2', async (args, message) => {
		const result = await run(args);
		expect(result.code).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(message);
		expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it('prints help and version', async () => {
		const help = await run(['--help']);
		expect(help.code).toBe(0);
		for (const flag of [
			'--status',
			'--page',
			'--page-size',
			'--base-url',
			'--token',
			'--demo',
			'ECORE_API_TOKEN',
			'ECORE_BASE_URL',
		]) {
			expect(help.stdout).toContain(flag);
		}

		const version = await run(['--version']);
		expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
		// Wherever --help comes, it is the help and nothing runs.
		for (const args of [
			['42', '--help'],
			['export', '--help'],
			['--help', '--version'],
		]) {
			expect(await run(args)).toEqual(help);
		}
	});

	it('reads --flag=value, --flag value, -o value and -o=value alike, and - as standard output', async () => {
		const separate = await run(['export', '42', '--status', 'Unknown'], api());
		expect(separate.code).toBe(0);
		expect(await run(['export', '42', '--status=Unknown'], api())).toEqual(separate);
		expect(await run(['export', '42', '--status=Unknown', '--output', '-'], api())).toEqual(separate);
		expect(await run(['export', '42', '--status=Unknown', '-o', '-'], api())).toEqual(separate);
		const file = path.join(home, 'short.csv');
		expect((await run(['export', '42', '--status', 'Unknown', `-o=${file}`], api())).code).toBe(0);
		expect(fs.readFileSync(file, 'utf8')).toBe(separate.stdout);
	});
});

describe.runIf(fs.existsSync('/proc/self/cmdline'))('the process', () => {
	it('shows ps its name in place of its command line, which may hold a --token', async () => {
		const child = spawn(process.execPath, [cli, 'demo-server', '--port', '0', '--balance', '12345'], {
			env: {PATH: process.env['PATH'] ?? '', XDG_CONFIG_HOME: home},
			stdio: ['ignore', 'pipe', 'ignore'],
		});
		try {
			// Listening, so past the command line's reading.
			await new Promise<void>((resolve, reject) => {
				child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
					if (chunk.includes('eCore demo API at')) {
						resolve();
					}
				});
				child.once('exit', () => reject(new Error('demo-server exited')));
			});
			const shown = fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
			expect(shown.replaceAll('\0', ' ').trim()).toBe('ecore-records');
		} finally {
			child.kill();
		}
	});
});

describe('output when stdout is not a terminal', () => {
	it('prints the first page of job 42 on the demo as tab-separated text', async () => {
		const result = await run(['42', '--demo']);
		expect(result.code).toBe(0);
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines[0]).toBe(HEADER);
		expect(lines[1]).toBe('9881\t\tjane@acme.com\tValid\tZeroBounce\tfalse\t\t2026-05-06T11:42:31.412Z');
		expect(lines).toHaveLength(101);
	});

	it('filters, pages and sizes like the API', async () => {
		const invalid = await run(['42', '--status', 'invalid', '--page-size', '5'], api());
		const rows = invalid.stdout.trimEnd().split('\n').slice(1);
		expect(rows).toHaveLength(5);
		expect(rows.every(row => row.split('\t')[3] === 'Invalid')).toBe(true);
		const last = await run(['42', '--page', '3'], api());
		expect(last.stdout.trimEnd().split('\n')).toHaveLength(51);
		const errors = await run(['7001', '--status', 'Error', '--page-size', '5'], api());
		expect(
			errors.stdout
				.trimEnd()
				.split('\n')
				.slice(1)
				.every(row => row.split('\t')[3] === 'Error'),
		).toBe(true);
	});

	it('a page past the end prints the last page and says so, as the screen does', async () => {
		// Job 42 has 250 records: three pages of 100.
		const past = await run(['42', '--page', '9'], api());
		expect(past.code).toBe(0);
		expect(past.stderr).toBe('ecore-records: Page 9 is past the end; showing the last page, 3.\n');
		const last = await run(['42', '--page', '3'], api());
		expect(past.stdout).toBe(last.stdout);
	});

	it('keeps one record per line and no control byte, whatever the data', async () => {
		const result = await run(['666', '--page-size', '1000'], api());
		expect(result.code).toBe(0);
		const lines = result.stdout.trimEnd().split('\n');
		for (const line of lines) {
			expect(line.split('\t')).toHaveLength(8);
		}

		expect(result.stdout.replaceAll('\t', '').replaceAll('\n', '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
	});

	it('lists the jobs when no job id is given', async () => {
		const result = await run([], api());
		expect(result.code).toBe(0);
		expect(result.stdout.split('\n')[0]).toMatch(/^id\tlist_name\tstatus/);
		expect(result.stdout).toContain('Q1 Leads');
	});

	it('reports API failures with one line: 404 exits 1, 401 exits 4', async () => {
		const missing = await run(['99'], api());
		expect(missing.code).toBe(1);
		expect(missing.stderr).toMatch(/Job 99 was not found/);
		expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);
		const refused = await run(['42'], {...api(), ECORE_API_TOKEN: 'not-the-token-123456'});
		expect(refused.code).toBe(4);
		expect(refused.stderr).toMatch(/refused/);
		expect(refused.stderr + refused.stdout).not.toContain('not-the-token-123456');
	});

	it('exits 4 with a hint when there is no token at all', async () => {
		const result = await run(['42']);
		expect(result.code).toBe(4);
		expect(result.stderr).toMatch(/no API token/);
	});

	it('never reads the saved settings with --demo, even a broken file', async () => {
		const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-broken-'));
		fs.mkdirSync(path.join(broken, 'ecore-records'), {recursive: true});
		fs.writeFileSync(path.join(broken, 'ecore-records', 'config.json'), '{not json');
		const demo = await run(['42', '--demo', '--page-size', '1'], {XDG_CONFIG_HOME: broken});
		expect(demo.code).toBe(0);
		const real = await run(['42'], {XDG_CONFIG_HOME: broken});
		expect(real.code).toBe(1);
		expect(real.stderr).toContain(path.join(broken, 'ecore-records', 'config.json'));
		expect(real.stderr.trimEnd().split('\n')).toHaveLength(1);
		fs.rmSync(broken, {recursive: true, force: true});
	});

	it('exports every record of a filter to stdout and to a file', async () => {
		const csv = await run(['export', '42', '--status', 'Unknown'], api());
		expect(csv.code).toBe(0);
		expect(csv.stdout.trimEnd().split('\r\n')).toHaveLength(24);
		const file = path.join(home, 'out.ndjson');
		const ndjson = await run(['export', '42', '--format', 'ndjson', '-o', file], api());
		expect(ndjson.code).toBe(0);
		expect(ndjson.stderr).toMatch(/Wrote 250 records/);
		expect(fs.readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(250);
	});
});

describe('a base URL the token may not go to', () => {
	const TOKEN = 'secret-token-abcdef0123';
	const refusals = [
		[
			'--base-url',
			'http://example.com/backend/api/v1/',
			/Refusing to send the API token over plain http:\/\/ to example\.com/,
		],
		[
			'--base-url',
			'http://localhost./backend/api/v1/',
			/Refusing to send the API token over plain http:\/\/ to localhost\./,
		],
		['ECORE_BASE_URL', 'not a url', /The base URL "not a url" is not a valid URL/],
		['ECORE_BASE_URL', 'http://10.0.0.5/', /Refusing to send the API token over plain http:\/\/ to 10\.0\.0\.5/],
	] as const;
	const commands = [
		['the page as text', ['42']],
		['the job list as text', []],
		['export', ['export', '42']],
		['export to a file', ['export', '42', '-o', 'never-written.csv']],
		['login', ['login', '--token', TOKEN]],
		['auth', ['auth']],
		['auth --check', ['auth', '--check']],
	] as const;

	// Each command meets two of the refusals, a flag and a variable, in turn.
	const cases = commands.flatMap(([name, args], index) =>
		[refusals[(2 * index) % 4]!, refusals[(2 * index + 1) % 4]!].map(
			([where, value, message]) => [name, where, value, args, message] as const,
		),
	);

	it.each(cases)('%s with %s=%s: one line, exit 2', async (_name, where, value, args, message) => {
		const flag = where === '--base-url' ? [where, value] : [];
		const env: Record<string, string> = where === 'ECORE_BASE_URL' ? {ECORE_BASE_URL: value} : {};
		const result = await run([...args, ...flag], {ECORE_API_TOKEN: TOKEN, ...env});
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(message);
		expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
		expect(result.stderr + result.stdout).not.toContain(TOKEN);
		expect(fs.existsSync(path.join(home, 'ecore-records', 'config.json'))).toBe(false);
	});
});
