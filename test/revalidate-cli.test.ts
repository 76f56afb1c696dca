// `ecore-records revalidate` as a script runs it: the built CLI with pipes (no terminal), against the
// embedded demo server over loopback; what was sent is read from the server's own log and wallet.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createClient} from '../source/api/client.js';
import {NO_FAULTS, startDemoServer, type DemoServer} from '../source/demo/server.js';
import {rawText} from './helpers/text.js';
import {runCli} from './helpers/cli.js';

const BALANCE = 1_000_000;
let server: DemoServer;
let home: string;

beforeAll(async () => {
	server = await startDemoServer({balance: BALANCE, uploadTiming: {queuedMs: 200, processingMs: 500}});
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-revalidate-'));
});

afterAll(async () => {
	await server.close();
	fs.rmSync(home, {recursive: true, force: true});
});

afterEach(() => {
	server.setFaults(NO_FAULTS);
	server.setBalance(BALANCE);
	server.resetStats();
});

const run = async (args: string[], env: Record<string, string> = {}) => runCli(args, {home, env});

const api = () => ({ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: server.token});
const UPLOAD_PATH = '/backend/api/v1/email-validation/jobs/upload/';
const posts = () => server.requests.filter(entry => entry.method === 'POST' && entry.path === UPLOAD_PATH);

describe('ecore-records revalidate', () => {
	it.each([
		[['revalidate'], /revalidate needs a job id/],
		[['revalidate', '7001', '--list-name', '  '], /--list-name must not be empty/],
		[['42', '--yes'], /--yes is a revalidate option/],
		[['export', '42', '--dry-run'], /--dry-run is a revalidate option/],
		[['revalidate', '42', '--status', 'Bogus'], /--status must be one of/],
	])('refuses %j with one line and exit 2', async (args, message) => {
		const result = await run(args, api());
		expect(result.stderr).toMatch(message);
		expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
		expect(result.code).toBe(2);
	});

	it('is in --help, with its options', async () => {
		const {stdout, code} = await run(['--help']);
		expect(code).toBe(0);
		expect(stdout).toContain('$ ecore-records revalidate <job-id> [opts]');
		for (const flag of ['--list-name <N>', '--dry-run', '--yes']) {
			expect(stdout).toMatch(new RegExp(`^ +${flag} +revalidate: `, 'm'));
		}
	});

	it('without --yes and without a terminal refuses with exit 2, and sends nothing at all', async () => {
		const result = await run(['revalidate', '7001'], api());
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('add --yes');
		expect(result.stdout).toBe('');
		expect(server.requests).toHaveLength(0);
	});

	it('--dry-run prints the count and the cost of job 7001’s 6,200 Error records, and sends nothing', async () => {
		const result = await run(['revalidate', '7001', '--dry-run'], api());
		expect(result.code).toBe(0);
		expect(result.stdout).toBe('emails\t6200\ncredits\t6200\n');
		expect(result.stderr).toMatch(/6,200 emails to upload .* cost 6,200 credits/);
		// No progress line where stderr is not a terminal: the sentence is all it gets.
		expect(result.stderr).not.toMatch(/\r|Reading/);
		expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
		expect(posts()).toHaveLength(0);
	});

	// Before any upload here: a finished upload's refund would add to the wallet.
	it('402 exits 1 with what it needs and what the wallet holds; nothing charged', async () => {
		server.setBalance(12);
		const result = await run(['revalidate', '42', '--status', 'Invalid', '--yes'], api());
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('Not enough credits: 49 needed, 12 in the wallet; nothing was charged.');
		expect(posts().map(entry => entry.status)).toEqual([402]);
		expect(server.balance).toBe(12);
	});

	it('--yes uploads once and prints the new job id plain; --list-name names it', async () => {
		const result = await run(['revalidate', '42', '--status', 'Invalid', '--yes', '--list-name', 'again'], api());
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^\d+\n$/);
		const jobId = Number(result.stdout);
		expect(posts()).toHaveLength(1);
		expect(posts()[0]?.jobId).toBe(jobId);
		expect(posts()[0]?.emailCount).toBe(49);
		expect(result.stderr).toContain(`Job ${jobId} created: 49 emails sent once`);
		const job = await createClient({baseUrl: server.baseUrl, token: server.token}).getJob(jobId);
		expect(rawText(job.list_name!)).toBe('again');
		expect(BALANCE - server.balance).toBe(49);
	});

	it('400 exits 1 naming the refused addresses (first few, how many)', async () => {
		const page = await createClient({baseUrl: server.baseUrl, token: server.token}).getRecords(42, {
			status: 'Invalid',
			page_size: 100,
		});
		const refused = page.results.slice(0, 8).map(record => rawText(record.email));
		server.setFaults({refuseEmails: refused});
		const result = await run(['revalidate', '42', '--status', 'Invalid', '--yes'], api());
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(refused[0]!.toLowerCase());
		expect(result.stderr).toContain('and 3 more');
		expect(posts()).toHaveLength(1);
	});

	it('a connection cut after the API took the upload: exit 1, never sent again, the job found is named', async () => {
		// The job (1) and the records (2) are read, then the upload is the third request: its answer is cut
		// after the API made the job; the look in the job list (4) is answered.
		server.setFaults({malformed: 'reset', malformedEvery: 3});
		const result = await run(['revalidate', '42', '--status', 'Invalid', '--yes', '--list-name', 'cut'], api());
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(posts()).toHaveLength(1);
		const made = posts()[0]!.jobId!;
		expect(result.stderr).toContain('Look for it in the job list before sending again.');
		expect(result.stderr).toMatch(new RegExp(`In the job list, named “cut”: job ${made} \\(`));
	});

	it('401 exits 4', async () => {
		const result = await run(['revalidate', '42', '--yes'], {...api(), ECORE_API_TOKEN: 'wrong'});
		expect(result.code).toBe(4);
		expect(posts()).toHaveLength(0);
	});
});
