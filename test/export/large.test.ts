// The 120,000-record job, end to end over loopback HTTP, in every format.

import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ApiClient, JobRecord} from '../../source/api/types.js';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {exportRecords, exportToFile} from '../../source/export/export.js';
import {Collector, parseCsv, testClient} from './helpers.js';

const JOB = 7001;
let server: DemoServer;
let client: ApiClient;
let directory: string;
let total: number;
/** Records at known positions, fetched directly, to compare the exports with. */
const samples = new Map<number, JobRecord>();

beforeAll(async () => {
	server = await startDemoServer({port: 0});
	client = testClient(server);
	directory = await mkdtemp(join(tmpdir(), 'ecore-export-large-'));
	for (const page of [1, 37, 120]) {
		const data = await client.getRecords(JOB, {status: 'All', page, page_size: 1000});
		total = data.count;
		for (const [index, record] of data.results.entries()) {
			if (index % 97 === 0 || index === data.results.length - 1) samples.set((page - 1) * 1000 + index, record);
		}
	}
});
afterAll(async () => {
	await server.close();
	await rm(directory, {recursive: true, force: true});
});

function checkSequence(ids: readonly number[]): void {
	for (let index = 1; index < ids.length; index++) {
		if (!(ids[index]! > ids[index - 1]!)) throw new Error(`ids not strictly increasing at ${index}`);
	}
}

function report(format: string, records: number, started: number): void {
	const seconds = (performance.now() - started) / 1000;
	console.log(
		`job ${JOB} ${format}: ${records} records in ${seconds.toFixed(2)} s, ${Math.round(records / seconds)} rec/s`,
	);
}

describe(`export of job ${JOB} (120,000 records)`, () => {
	it('has the size the brief promises', () => {
		expect(total).toBe(120_000);
	});

	it('as CSV to a file', async () => {
		const path = join(directory, 'all.csv');
		const started = performance.now();
		const result = await exportToFile({client, jobId: JOB, status: 'All', format: 'csv', path});
		report('csv', result.records, started);
		expect(result).toMatchObject({records: total, expected: total, changed: false});
		const rows = parseCsv(await readFile(path, 'utf8'));
		expect(rows).toHaveLength(total + 1);
		checkSequence(rows.slice(1).map(row => Number(row[0])));
		for (const [position, record] of samples) {
			expect(rows[position + 1]).toEqual([
				String(record.id),
				record.ec_id ?? '',
				record.email,
				record.status,
				record.validator_used ?? '',
				String(record.is_cached),
				record.error_message ?? '',
				record.processed_at ?? '',
			]);
		}
	});

	it('as NDJSON, read line by line as it streams', async () => {
		const ids: number[] = [];
		const seen = new Map<number, JobRecord>();
		let rest = '';
		const output = new Writable({
			write(chunk: Buffer, _encoding, callback) {
				const lines = (rest + chunk.toString('utf8')).split('\n');
				rest = lines.pop()!;
				for (const line of lines) {
					const record = JSON.parse(line) as JobRecord;
					if (samples.has(ids.length)) seen.set(ids.length, record);
					ids.push(record.id);
				}
				callback();
			},
		});
		const started = performance.now();
		const result = await exportRecords({client, jobId: JOB, status: 'All', format: 'ndjson', output});
		report('ndjson', result.records, started);
		expect(rest).toBe('');
		expect(ids).toHaveLength(total);
		checkSequence(ids);
		expect(seen).toEqual(samples);
	});

	it('as JSON', async () => {
		const output = new Collector();
		const started = performance.now();
		const result = await exportRecords({client, jobId: JOB, status: 'All', format: 'json', output});
		report('json', result.records, started);
		const records = JSON.parse(output.text()) as JobRecord[];
		expect(records).toHaveLength(total);
		checkSequence(records.map(record => record.id));
		for (const [position, record] of samples) expect(records[position]).toEqual(record);
	});

	it('filtered to Error: every record an Error with its message, as many as the server counts', async () => {
		const first = await client.getRecords(JOB, {status: 'Error', page: 1, page_size: 1});
		expect(first.count).toBeGreaterThan(total * 0.03);
		expect(first.count).toBeLessThan(total * 0.07);
		const output = new Collector();
		const result = await exportRecords({client, jobId: JOB, status: 'Error', format: 'csv', output});
		expect(result.records).toBe(first.count);
		const rows = parseCsv(output.text()).slice(1);
		expect(rows).toHaveLength(first.count);
		checkSequence(rows.map(row => Number(row[0])));
		for (const row of rows) {
			expect(row[3]).toBe('Error');
			expect(row[6]).not.toBe('');
		}
	});
});
