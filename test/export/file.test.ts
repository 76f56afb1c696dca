import {chmod, mkdtemp, readFile, readdir, rm, stat, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {exportRecords, exportToFile} from '../../source/export/export.js';
import {Collector, testClient} from './helpers.js';

let server: DemoServer;
let directory: string;
beforeAll(async () => {
	server = await startDemoServer({port: 0});
});
beforeEach(async () => {
	directory = await mkdtemp(join(tmpdir(), 'ecore-export-file-'));
});
afterEach(async () => {
	server.setFaults({latencyMs: 0, failEvery: 0});
	await rm(directory, {recursive: true, force: true});
});
afterAll(async () => {
	await server.close();
});

describe('exportToFile', () => {
	it('writes the same bytes as a stream export, and leaves only the final file', async () => {
		const client = testClient(server);
		const path = join(directory, 'ecore-job-42-All.csv');
		const result = await exportToFile({client, jobId: 42, status: 'All', format: 'csv', path});
		expect(result).toEqual({records: 250, expected: 250, changed: false, escapedFields: 0, path});
		const streamed = new Collector();
		await exportRecords({client, jobId: 42, status: 'All', format: 'csv', output: streamed});
		expect(await readFile(path, 'utf8')).toBe(streamed.text());
		expect(await readdir(directory)).toEqual(['ecore-job-42-All.csv']);
	});

	it('replaces an existing file only once complete, keeping its permissions', async () => {
		const path = join(directory, 'out.ndjson');
		await writeFile(path, 'old\n');
		await chmod(path, 0o640);
		server.setFaults({latencyMs: 5});
		let seenOld = false;
		await exportToFile({
			client: testClient(server),
			jobId: 42,
			status: 'All',
			format: 'ndjson',
			path,
			pageSize: 50,
			concurrency: 1,
			onProgress: () => {
				// Mid-export the final name still holds the previous content.
				void readFile(path, 'utf8').then(text => {
					if (text === 'old\n') seenOld = true;
				});
			},
		});
		expect((await readFile(path, 'utf8')).split('\n')).toHaveLength(251);
		expect((await stat(path)).mode & 0o777).toBe(0o640);
		expect(seenOld).toBe(true);
		expect(await readdir(directory)).toEqual(['out.ndjson']);
	});

	it('on abort mid-export leaves no file under the final name and no temporary file', async () => {
		server.setFaults({latencyMs: 10});
		const controller = new AbortController();
		const path = join(directory, 'big.json');
		let sawTemporary = false;
		const exporting = exportToFile({
			client: testClient(server),
			jobId: 7001,
			status: 'All',
			format: 'json',
			path,
			pageSize: 500,
			signal: controller.signal,
			onProgress: ({done}) => {
				if (done < 2000) return;
				void readdir(directory).then(names => {
					sawTemporary ||= names.some(name => /^\.big\.json\.partial-\d+-[0-9a-f]+$/.test(name));
					controller.abort();
				});
			},
		});
		await expect(exporting).rejects.toMatchObject({name: 'ApiError', kind: 'aborted'});
		expect(sawTemporary).toBe(true);
		expect(await readdir(directory)).toEqual([]);
	});

	it('on Ctrl-C (SIGINT) removes the temporary file and stops', async () => {
		server.setFaults({latencyMs: 10});
		const path = join(directory, 'interrupted.csv');
		let interrupted = false;
		const exporting = exportToFile({
			client: testClient(server),
			jobId: 7001,
			status: 'All',
			format: 'csv',
			path,
			pageSize: 500,
			onProgress: ({done}) => {
				if (done >= 1500 && !interrupted) {
					interrupted = true;
					// What a terminal's Ctrl-C delivers, without signalling the test runner itself.
					process.emit('SIGINT');
				}
			},
		});
		await expect(exporting).rejects.toMatchObject({name: 'ApiError', kind: 'aborted'});
		expect(await readdir(directory)).toEqual([]);
		expect(process.listenerCount('SIGINT')).toBe(0);
		expect(process.listenerCount('exit')).toBe(0);
	});

	it('leaves a pre-existing file untouched when the export fails', async () => {
		const path = join(directory, 'keep.csv');
		await writeFile(path, 'precious\n');
		for (const [jobId, kind] of [
			[999_999, 'not-found'],
			[42, 'server'],
		] as const) {
			// A 500 on every request, so the client's retries run out.
			if (kind === 'server') server.setFaults({failEvery: 1, failStatus: 500});
			await expect(
				exportToFile({client: testClient(server), jobId, status: 'All', format: 'csv', path}),
			).rejects.toMatchObject({name: 'ApiError', kind});
			expect(await readFile(path, 'utf8')).toBe('precious\n');
			expect(await readdir(directory)).toEqual(['keep.csv']);
		}
	});

	it('fails with the file system error when the directory does not exist', async () => {
		const path = join(directory, 'missing', 'out.csv');
		await expect(
			exportToFile({client: testClient(server), jobId: 42, status: 'All', format: 'csv', path}),
		).rejects.toMatchObject({code: 'ENOENT'});
		expect(await readdir(directory)).toEqual([]);
	});

	it('asks nothing of the API when the file cannot be created', async () => {
		server.resetStats();
		await expect(
			exportToFile({
				client: testClient(server),
				jobId: 42,
				status: 'All',
				format: 'csv',
				path: join(directory, 'no', 'x.csv'),
			}),
		).rejects.toMatchObject({code: 'ENOENT'});
		expect(server.requests).toHaveLength(0);
	});
});
