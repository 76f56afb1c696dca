import {mkdtemp, readFile, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {runExport} from '../../source/export/command.js';
import {untilRequests} from '../helpers/server.js';
import {Collector, parseCsv, parseNdjson, testClient} from './helpers.js';

let server: DemoServer;
let directory: string;
beforeAll(async () => {
	server = await startDemoServer({port: 0});
});
beforeEach(async () => {
	directory = await mkdtemp(join(tmpdir(), 'ecore-export-command-'));
});
afterEach(async () => {
	server.setFaults({latencyMs: 0});
	await rm(directory, {recursive: true, force: true});
});
afterAll(async () => {
	await server.close();
});

function terminal(columns = 120): Collector & {isTTY: boolean; columns: number} {
	return Object.assign(new Collector(), {isTTY: true, columns});
}

describe('runExport', () => {
	it('writes a file and says so in one line on stderr', async () => {
		const stdout = new Collector();
		const stderr = new Collector();
		const path = join(directory, 'ecore-job-7001-Error.csv');
		const code = await runExport({
			client: testClient(server),
			jobId: 7001,
			status: 'Error',
			format: 'csv',
			output: path,
			excelSafe: false,
			stdout,
			stderr,
		});
		expect(code).toBe(0);
		const rows = parseCsv(await readFile(path, 'utf8'));
		const count = rows.length - 1;
		expect(count).toBeGreaterThan(1000);
		expect(stderr.text()).toBe(`Wrote ${count.toLocaleString('en-US')} records to ${path}\n`);
		expect(stdout.text()).toBe('');
	});

	it('writes to stdout when no file is given, with nothing on a non-terminal stderr', async () => {
		const stdout = new Collector();
		const stderr = new Collector();
		const code = await runExport({
			client: testClient(server),
			jobId: 42,
			status: 'Valid',
			format: 'ndjson',
			excelSafe: false,
			stdout,
			stderr,
		});
		expect(code).toBe(0);
		expect(parseNdjson(stdout.text())).toHaveLength(178);
		expect(stderr.text()).toBe('');
	});

	it('draws progress on a terminal stderr and clears it at the end', async () => {
		server.setFaults({latencyMs: 40});
		const stderr = terminal();
		const path = join(directory, 'out.json');
		const code = await runExport({
			client: testClient(server),
			jobId: 42,
			status: 'All',
			format: 'json',
			output: path,
			excelSafe: false,
			stdout: new Collector(),
			stderr,
		});
		expect(code).toBe(0);
		const text = stderr.text();
		expect(text).toMatch(/^\r\u001b\[2KExporting job 42 \(All\): page 1\/1 · 250 \/ 250 records 100%/);
		expect(text).toContain('\r\u001b[2KWrote 250 records to ');
		expect(text.split('\n')).toHaveLength(2);
	});

	it('exits 4 with one line for a rejected token', async () => {
		const stderr = new Collector();
		const path = join(directory, 'never.csv');
		const code = await runExport({
			client: testClient(server, 'not-the-token'),
			jobId: 42,
			status: 'All',
			format: 'csv',
			output: path,
			excelSafe: false,
			stdout: new Collector(),
			stderr,
		});
		expect(code).toBe(4);
		expect(stderr.text()).toMatch(/^Export failed: [^\n]+\n$/);
		expect(stderr.text()).not.toContain('not-the-token');
		expect(await readdir(directory)).toEqual([]);
	});

	it('exits 1 with one line for a missing job or an unwritable path', async () => {
		for (const [jobId, output] of [
			[999_999, undefined],
			[42, join(directory, 'missing', 'out.csv')],
		] as const) {
			const stderr = new Collector();
			const stdout = new Collector();
			const code = await runExport({
				client: testClient(server),
				jobId,
				status: 'All',
				format: 'csv',
				output,
				excelSafe: false,
				stdout,
				stderr,
			});
			expect(code).toBe(1);
			expect(stderr.text()).toMatch(/^Export failed: [^\n]+\n$/);
			expect(stdout.text()).toBe('');
		}
	});

	it('exits 130 when cancelled, leaving no file', async () => {
		server.setFaults({latencyMs: 10});
		const controller = new AbortController();
		const stderr = new Collector();
		const running = runExport({
			client: testClient(server),
			jobId: 7001,
			status: 'All',
			format: 'csv',
			output: join(directory, 'x.csv'),
			excelSafe: false,
			stdout: new Collector(),
			stderr,
			signal: controller.signal,
		});
		// Cancelled mid-way: once the first page has been asked for.
		await untilRequests(server, log => log.some(entry => entry.path.includes('/records/')), 'a records request');
		controller.abort();
		const code = await running;
		expect(code).toBe(130);
		expect(stderr.text()).toBe(`Export cancelled. ${join(directory, 'x.csv')} was left as it was.\n`);
		expect(await readdir(directory)).toEqual([]);
	});

	it('stops quietly when the reader of stdout goes away (EPIPE)', async () => {
		const stdout = new Collector();
		const stderr = new Collector();
		// The reader goes away as soon as the first records reach it, mid-export.
		const write = stdout.write.bind(stdout);
		let first = true;
		stdout.write = ((...args: Parameters<typeof write>) => {
			const accepted = write(...args);
			if (first) {
				first = false;
				queueMicrotask(() => {
					stdout.destroy(Object.assign(new Error('write EPIPE'), {code: 'EPIPE', syscall: 'write'}));
				});
			}

			return accepted;
		}) as typeof stdout.write;
		const code = await runExport({
			client: testClient(server),
			jobId: 7001,
			status: 'All',
			format: 'ndjson',
			excelSafe: false,
			stdout,
			stderr,
		});
		expect(first).toBe(false);
		expect(code).toBe(0);
		expect(stderr.text()).toBe('');
	});
});
