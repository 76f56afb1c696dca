// The records view's `x`: a file of its own each time, never over an existing one, even under a race
// (issue 13). Against the demo server over loopback.
import {mkdtemp, readFile, readdir, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {exportToNewFile} from '../../source/export/export.js';
import {defaultExportFileName, numberedFileName} from '../../source/export/format.js';
import {fetchAll, parseCsv, testClient} from './helpers.js';
import {untrusted} from '../helpers/text.js';

let server: DemoServer;
let directory: string;
beforeAll(async () => {
	server = await startDemoServer({port: 0});
});
beforeEach(async () => {
	directory = await mkdtemp(join(tmpdir(), 'ecore-export-new-'));
});
afterEach(async () => {
	server.setFaults({latencyMs: 0});
	await rm(directory, {recursive: true, force: true});
});
afterAll(async () => {
	await server.close();
});

describe('names', () => {
	it('names a breakdown group’s file after the group’s status and label, never …-All', () => {
		const group = {status: 'Error', label: untrusted('ZeroBounce API timeout after 30s')} as const;
		expect(defaultExportFileName({id: 7001, list_name: untrusted('Q1 Leads')}, 'All', 'csv', group)).toBe(
			'ecore-job-7001-Q1-Leads-Error-ZeroBounce-API-timeout-after-30s.csv',
		);
		expect(
			defaultExportFileName({id: 7001}, 'All', 'csv', {
				status: 'Error',
				label: untrusted('\u001b]0;x\u0007 550 <a@b>'),
			}),
		).toBe('ecore-job-7001-Error-0-x-550-a-b.csv');
	});

	it('numbers a taken name before its extension', () => {
		expect(numberedFileName('a.csv', 1)).toBe('a.csv');
		expect(numberedFileName('a.csv', 2)).toBe('a-2.csv');
		expect(numberedFileName('ecore-job-42-Error.ndjson', 13)).toBe('ecore-job-42-Error-13.ndjson');
		expect(numberedFileName('.hidden', 2)).toBe('.hidden-2');
	});
});

describe('exportToNewFile', () => {
	const exportInvalid = (extra: Partial<Parameters<typeof exportToNewFile>[0]> = {}) =>
		exportToNewFile({
			client: testClient(server),
			jobId: 42,
			listName: untrusted('Q1 Leads'),
			status: 'Invalid',
			directory,
			...extra,
		});

	it('writes a new file under the default name and gives its full path', async () => {
		let started = '';
		const result = await exportInvalid({
			onStart(path) {
				started = path;
			},
		});
		const path = join(directory, 'ecore-job-42-Q1-Leads-Invalid.csv');
		expect(result).toMatchObject({path, records: 49});
		expect(started).toBe(path);
		expect(parseCsv(await readFile(path, 'utf8'))).toHaveLength(50);
		expect(await readdir(directory)).toEqual(['ecore-job-42-Q1-Leads-Invalid.csv']);
	});

	it('never overwrites: a taken name (even a dangling symlink) gets -2, then -3', async () => {
		await writeFile(join(directory, 'ecore-job-42-Q1-Leads-Invalid.csv'), 'mine\n');
		await symlink(join(directory, 'nowhere'), join(directory, 'ecore-job-42-Q1-Leads-Invalid-2.csv'));
		const second = await exportInvalid();
		expect(second.path).toBe(join(directory, 'ecore-job-42-Q1-Leads-Invalid-3.csv'));
		const third = await exportInvalid();
		expect(third.path).toBe(join(directory, 'ecore-job-42-Q1-Leads-Invalid-4.csv'));
		expect(await readFile(join(directory, 'ecore-job-42-Q1-Leads-Invalid.csv'), 'utf8')).toBe('mine\n');
		expect((await readdir(directory)).sort()).toEqual([
			'ecore-job-42-Q1-Leads-Invalid-2.csv',
			'ecore-job-42-Q1-Leads-Invalid-3.csv',
			'ecore-job-42-Q1-Leads-Invalid-4.csv',
			'ecore-job-42-Q1-Leads-Invalid.csv',
			// The dangling link was not followed: nothing was created where it points.
		]);
	});

	it('gives exports racing for the same name a file each, every one complete', async () => {
		server.setFaults({latencyMs: 20});
		const results = await Promise.all(Array.from({length: 5}, async () => exportInvalid()));
		const paths = results.map(result => result.path);
		expect(new Set(paths).size).toBe(5);
		const expected = await fetchAll(testClient(server), 42, 'Invalid');
		for (const path of paths) expect(parseCsv(await readFile(path, 'utf8'))).toHaveLength(expected.length + 1);
		expect(await readdir(directory)).toHaveLength(5);
	});

	it('honours excelSafe', async () => {
		const real = testClient(server);
		const client = {
			...real,
			getRecords: async (...args: Parameters<typeof real.getRecords>) => {
				const page = await real.getRecords(...args);
				return {
					...page,
					results: page.results.map(record => ({...record, ec_id: untrusted('=HYPERLINK("http://x")')})),
				};
			},
		};
		const {path} = await exportInvalid({client, excelSafe: true});
		const rows = parseCsv(await readFile(path, 'utf8'));
		expect(rows.slice(1).every(row => row[1] === `'=HYPERLINK("http://x")`)).toBe(true);
	});

	it('leaves no file at all when cancelled', async () => {
		server.setFaults({latencyMs: 20});
		const controller = new AbortController();
		const exporting = exportToNewFile({
			client: testClient(server),
			jobId: 7001,
			status: 'All',
			directory,
			pageSize: 500,
			signal: controller.signal,
			onProgress({done}) {
				if (done >= 1000) controller.abort();
			},
		});
		await expect(exporting).rejects.toMatchObject({name: 'ApiError', kind: 'aborted'});
		expect(await readdir(directory)).toEqual([]);
	});
});
