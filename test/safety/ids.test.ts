// Issue 11 item 7: ids above 2^53 were rounded in the TSV and export (JSON.parse reads 9007199254740993 as
// …992, another record's id). A body holding one is now refused, naming the field: never shown wrong.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createClient, isApiError} from '../../source/api/index.js';
import {CLI} from '../helpers/build.js';
import {HOSTILE_TOKEN, startHostileServer, type HostileServer} from '../helpers/hostile-server.js';
import {wireJob, wirePage, wireRecord} from './bodies.js';

// 2^53 + 1: the first integer a double cannot hold. JSON.parse makes it 9007199254740992.
const UNSAFE_ID = '9007199254740993';
const ROUNDED = '9007199254740992';

let server: HostileServer;
let home: string;

beforeAll(async () => {
	server = await startHostileServer();
	home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-ids-'));
	// The body is written by hand: JSON.stringify could not write the id exactly either.
	const page = JSON.stringify(wirePage([wireRecord(1), wireRecord(2)])).replace('"id":2,', `"id":${UNSAFE_ID},`);
	const jobs = JSON.stringify(wirePage([wireJob(7)])).replace('"id":7,', `"id":${UNSAFE_ID},`);
	server.answer(request =>
		request.path === 'email-validation/jobs/'
			? {body: jobs}
			: request.path.endsWith('/records/')
				? {body: page}
				: undefined,
	);
});

afterAll(async () => {
	await server.close();
	fs.rmSync(home, {recursive: true, force: true});
});

async function cli(args: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(
			process.execPath,
			[CLI, ...args, '--base-url', server.baseUrl, '--token', HOSTILE_TOKEN],
			{env: {PATH: process.env['PATH'] ?? '', XDG_CONFIG_HOME: home}, timeout: 20_000},
			(error, stdout, stderr) => {
				resolve({code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr});
			},
		);
	});
}

describe('an id above 2^53', () => {
	it('is refused by the client, naming the field, rather than read as another id', async () => {
		const client = createClient({baseUrl: server.baseUrl, token: HOSTILE_TOKEN, retry: {limit: 0}});
		const error = await client.getRecords(5).then(
			() => undefined,
			(error: unknown) => error,
		);
		expect(isApiError(error) && error.kind).toBe('malformed');
		expect((error as Error).message).toContain('results[1].id: expected a whole number below 2^53');
	});

	it.each([
		['the records page as TSV', ['5']],
		['export', ['export', '5']],
		['the job list as TSV', []],
	])('%s: never written rounded; the command fails with one line', async (_name, args) => {
		const run = await cli(args);
		expect(run.stdout).not.toContain(ROUNDED);
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/^[^\n]*id: expected a whole number below 2\^53[^\n]*\n$/);
	});
});
