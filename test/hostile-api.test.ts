// Servers that speak the documented API differently from the demo, met the way a script meets them: the
// built CLI over pipes against a loopback server that answers as the test says (helpers/hostile-server.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from './helpers/cli.js';
import {
	HOSTILE_TOKEN,
	startHostileServer,
	type HostileAnswer,
	type HostileRoute,
	type HostileServer,
} from './helpers/hostile-server.js';
import {wireJob, wirePage, wireRecord} from './safety/bodies.js';

let server: HostileServer;
let home: string;

beforeAll(async () => {
	server = await startHostileServer();
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-hostile-api-'));
});

afterAll(async () => {
	await server.close();
	fs.rmSync(home, {recursive: true, force: true});
});

const run = async (args: string[]) =>
	runCli([...args, '--base-url', server.baseUrl], {home, env: {ECORE_API_TOKEN: HOSTILE_TOKEN}});

const JOB = 42;
const PAGE_SIZE = 100;
const RECORDS = Array.from({length: 3 * PAGE_SIZE}, (_, index) => wireRecord(1000 + index));

/**
 * Job 42's records in pages of 100 (whatever page_size asks: a server may choose its own), page `served`
 * of them answered for page `asked`.
 */
function records(serve: (asked: number) => number): HostileRoute {
	return request => {
		if (request.path === `email-validation/jobs/${JOB}/`) {
			return {body: {...wireJob(JOB, {total_records: RECORDS.length}), records: RECORDS.slice(0, 100)}};
		}

		if (request.path !== `email-validation/jobs/${JOB}/records/`) {
			return undefined;
		}

		const page = serve(Number(request.query.get('page') ?? '1'));
		const results = RECORDS.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
		return {body: wirePage(results, {count: RECORDS.length, total_pages: 3, current_page: page})};
	};
}

describe('a server that answers another page than the one asked for', () => {
	// A cache or proxy that keys on the path alone serves page 1 for every page: read blindly, an export
	// held page 1 three times, 300 lines, and not a word said (the count still matched).
	it('export fails in one line rather than write page 1 again as page 2 and 3; no file is left', async () => {
		server.answer(records(() => 1));
		const file = path.join(home, 'out.csv');
		const result = await run(['export', String(JOB), '-o', file]);
		expect(result.stderr).toMatch(/page 1 .*page 2 was asked for/);
		expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
		expect(result.code).toBe(1);
		expect(fs.existsSync(file)).toBe(false);
	});

	it('export to stdout never writes a record twice', async () => {
		server.answer(records(() => 1));
		const result = await run(['export', String(JOB), '--format', 'ndjson']);
		const ids = result.stdout
			.split('\n')
			.filter(line => line !== '')
			.map(line => (JSON.parse(line) as {id: number}).id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(result.code).toBe(1);
	});

	it('the page printed as text is the page asked for, or an error', async () => {
		server.answer(records(() => 1));
		const result = await run([String(JOB), '--page', '3']);
		expect(result.stdout).not.toContain('user1000@example.com');
		expect(result.stderr).toMatch(/page 1 .*page 3 was asked for/);
		expect(result.code).toBe(1);
	});

	it('the same server answering each page as asked exports every record once', async () => {
		server.answer(records(asked => asked));
		const result = await run(['export', String(JOB), '--format', 'ndjson']);
		expect(result.code).toBe(0);
		const ids = result.stdout
			.split('\n')
			.filter(line => line !== '')
			.map(line => (JSON.parse(line) as {id: number}).id);
		expect(ids).toEqual(RECORDS.map(record => record.id));
	});
});

describe('a DRF API that refuses a token with 403 (SessionAuthentication listed before TokenAuthentication)', () => {
	// DRF sends 401 only when its first authentication class names a WWW-Authenticate scheme; otherwise
	// the same refusal is a 403. Read as "an unexpected status", it exited 1 and never asked for a token.
	const refuse: HostileRoute = () => ({status: 403, statusText: 'Forbidden', body: {detail: 'Invalid token.'}});

	it('a page or the job list exits 4 saying the token was refused', async () => {
		server.answer(refuse);
		for (const args of [[String(JOB)], []]) {
			const result = await run(args);
			expect(result.stderr).toMatch(/refused the token \(403 Invalid token\.\)/);
			expect(result.code).toBe(4);
		}
	});

	it('login saves nothing and says the token was refused; auth --check says the same', async () => {
		server.answer(refuse);
		const login = await runCli(['login', '--token', HOSTILE_TOKEN, '--base-url', server.baseUrl], {home});
		expect(login.stderr).toContain('The API refused that token (403); nothing was saved.');
		expect(login.code).toBe(4);
		expect(fs.existsSync(path.join(home, 'ecore-records', 'config.json'))).toBe(false);
		const check = await run(['auth', '--check']);
		expect(check.stderr).toContain('The API refused the token (403); update ECORE_API_TOKEN.');
		expect(check.code).toBe(4);
	});
});

describe('a base URL holding a user name and password', () => {
	// Refused before anything is sent, but `auth` first printed where the base URL came from: whole.
	it('auth shows it with the password masked, even one holding @, and says why it is refused', async () => {
		const result = await runCli(['auth', '--base-url', 'https://bob:hun@ter2@app.example.com/api/'], {
			home,
			env: {ECORE_API_TOKEN: HOSTILE_TOKEN},
		});
		expect(result.stdout).toContain('Base URL: https://…@app.example.com/api/ (from --base-url)');
		expect(result.stderr).toContain('The base URL "https://…@app.example.com/api/" contains a user name or password');
		expect(result.stdout + result.stderr).not.toMatch(/hun|ter2|bob/);
		expect(result.code).toBe(2);
	});
});

describe("a DRF backend's own renderings of documented fields", () => {
	it('a job list whose credits come as DecimalField strings ("178.00") is listed', async () => {
		server.answer(request =>
			request.path === 'email-validation/jobs/'
				? {body: wirePage([{...wireJob(7), total_credits_charged: '178.00'}, wireJob(8)], {count: 2})}
				: undefined,
		);
		const result = await run([]);
		expect(result.stderr).toBe('');
		expect(result.stdout.split('\n').filter(line => /^[78]\t/.test(line))).toHaveLength(2);
		expect(result.code).toBe(0);
	});
});

/** Job 42 with two Error records, the job list, and `upload` as the answer to the re-validation's upload. */
function answerRevalidate(upload: HostileAnswer): void {
	const errors = [wireRecord(1), wireRecord(2)];
	server.answer(request => {
		switch (request.path) {
			case `email-validation/jobs/${JOB}/`: {
				return {body: {...wireJob(JOB, {total_records: 2}), records: errors}};
			}

			case `email-validation/jobs/${JOB}/records/`: {
				return {body: wirePage(errors)};
			}

			case 'email-validation/jobs/upload/': {
				return upload;
			}

			case 'email-validation/jobs/': {
				return {body: wirePage([wireJob(JOB)])};
			}

			default: {
				return undefined;
			}
		}
	});
}

describe('an upload answered with a status HTTP does not have', () => {
	// undici passes a status of 600–999 on; `new Response` then threw a RangeError, which read as "Unexpected
	// error": an upload that had arrived, and may have made a job, was reported as simply failed.
	it('revalidate says the outcome is unknown, looks for the job, and sends it once', async () => {
		answerRevalidate({status: 999, statusText: 'Whatever', body: {job_id: 77}});
		const before = server.requests.length;
		const result = await run(['revalidate', String(JOB), '--yes']);
		const uploads = server.requests.slice(before).filter(request => request.path.endsWith('upload/'));
		expect(uploads).toHaveLength(1);
		expect(result.stderr).toMatch(/status 999.*may or may not have created a job/);
		expect(result.code).toBe(1);
	});

	it('a read answered so says the answer was not the API’s, in a sentence', async () => {
		server.answer(() => ({status: 999, body: {}}));
		const result = await run([String(JOB)]);
		expect(result.stderr).toMatch(/status 999, which HTTP does not have/);
		expect(result.stderr).not.toMatch(/Unexpected error|RangeError|init\[/);
		expect(result.code).toBe(1);
	});
});

describe('an upload refused for the list as a whole', () => {
	// DRF's ListField says what is wrong with the list itself as a list of strings. Read as the older
	// per-address list form, the first address was named as refused: left out and sent again, good
	// addresses went one at a time.
	it('revalidate names no address and exits 1 with the API words; nothing more is sent', async () => {
		answerRevalidate({status: 400, body: {emails: ['Ensure this field has no more than 1 elements.']}});
		const before = server.requests.length;
		const result = await run(['revalidate', String(JOB), '--yes']);
		expect(server.requests.slice(before).filter(request => request.path.endsWith('upload/'))).toHaveLength(1);
		expect(result.stderr).toContain('Ensure this field has no more than 1 elements.');
		expect(result.stderr).not.toContain('user1@example.com');
		expect(result.stderr).not.toMatch(/rejected 1 of/);
		expect(result.code).toBe(1);
	});
});

describe('a page past the end answered with the last page (Django’s Paginator.get_page)', () => {
	it('is read as past the end, as DRF’s 404 is: the text output prints the last page and says so', async () => {
		server.answer(records(asked => Math.min(asked, 3)));
		const past = await run([String(JOB), '--page', '9']);
		expect(past.stderr).toBe('ecore-records: Page 9 is past the end; showing the last page, 3.\n');
		expect(past.code).toBe(0);
		const last = await run([String(JOB), '--page', '3']);
		expect(past.stdout).toBe(last.stdout);
	});
});

describe('a server that ignores the status filter', () => {
	// Every record came back whatever status was asked for: an export of the Error records held them all.
	it('export --status Error fails in one line rather than write records of another status', async () => {
		const mixed = RECORDS.slice(0, 10).map((record, index) => ({...record, status: index % 2 ? 'Valid' : 'Error'}));
		server.answer(request =>
			request.path === `email-validation/jobs/${JOB}/records/`
				? {body: wirePage(mixed, {count: mixed.length})}
				: undefined,
		);
		const file = path.join(home, 'errors.csv');
		const result = await run(['export', String(JOB), '--status', 'Error', '-o', file]);
		expect(result.stderr).toMatch(/results\[1\]\.status: not Error, the status asked for/);
		expect(result.code).toBe(1);
		expect(fs.existsSync(file)).toBe(false);
		// All asks for every status: the same page is read whole.
		const all = await run(['export', String(JOB), '--status', 'All', '--format', 'ndjson']);
		expect(all.stdout.trimEnd().split('\n')).toHaveLength(mixed.length);
		expect(all.code).toBe(0);
	});
});

describe('a page count no list of that size has', () => {
	it('export stops at once rather than ask for a million empty pages', async () => {
		server.answer(request => {
			if (request.path !== `email-validation/jobs/${JOB}/records/`) return undefined;
			const page = Number(request.query.get('page') ?? '1');
			return {
				body: wirePage(page === 1 ? RECORDS.slice(0, 2) : [], {count: 2, total_pages: 1_000_000, current_page: page}),
			};
		});
		const before = server.requests.length;
		const result = await run(['export', String(JOB)]);
		expect(result.stderr).toMatch(/total_pages: more pages than records/);
		expect(result.code).toBe(1);
		// Page 1 and the page 2 guessed with it.
		expect(server.requests.length - before).toBeLessThanOrEqual(2);
	});
});
