import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {ApiError} from '../../source/api/errors.js';
import {RECORD_FIELDS, type ApiClient, type JobRecord, type RecordFilter} from '../../source/api/types.js';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {EXPORT_FORMATS, exportRecords} from '../../source/export/export.js';
import {Collector, expectExportToHold, fetchAll, observedClient, parseCsv, testClient, wellFormed} from './helpers.js';
import {untilRequests} from '../helpers/server.js';
import {plain, untrusted} from '../helpers/text.js';

let server: DemoServer;
beforeAll(async () => {
	server = await startDemoServer({port: 0});
});
afterEach(() => {
	server.setFaults({latencyMs: 0, jitterMs: 0, failEvery: 0, malformed: null});
	server.resetStats();
});
afterAll(async () => {
	await server.close();
});

describe('exportRecords: content', () => {
	const cases: Array<[RecordFilter, number]> = [
		['All', 250],
		['Valid', 178],
	];
	for (const [status, count] of cases) {
		for (const format of EXPORT_FORMATS) {
			it(`job 42 ${status} as ${format} holds exactly the records the API pages hold`, async () => {
				const client = testClient(server);
				const expected = await fetchAll(client, 42, status);
				expect(expected).toHaveLength(count);
				const output = new Collector();
				const progress: number[] = [];
				// A page size that does not divide the count, so the last page is a short one.
				const result = await exportRecords({
					client,
					jobId: 42,
					status,
					format,
					output,
					pageSize: 60,
					onProgress: ({done, total}) => {
						expect(total).toBe(count);
						progress.push(done);
					},
				});
				expect(result).toEqual({records: count, expected: count, changed: false, escapedFields: 0});
				expectExportToHold(format, output.text(), expected);
				expect(progress.at(-1)).toBe(count);
				expect(progress).toEqual([...progress].sort((a, b) => a - b));
			});
		}
	}

	it('writes CSV per RFC 4180: CRLF, quotes doubled, commas and line breaks quoted (job 666)', async () => {
		const client = testClient(server);
		const expected = await fetchAll(client, 666, 'All', 1000);
		const output = new Collector();
		await exportRecords({client, jobId: 666, status: 'All', format: 'csv', output});
		const text = output.text();
		const rows = parseCsv(text);
		expect(rows).toHaveLength(expected.length + 1);
		const tricky = {comma: false, quote: false, newline: false};
		for (const [index, record] of plain(expected).entries()) {
			const row = rows[index + 1]!;
			expect(row).toHaveLength(8);
			expect(row[0]).toBe(String(record.id));
			// Files keep the data exactly; only what UTF-8 cannot hold (lone surrogates) changes.
			expect(row[2]).toBe(wellFormed(record.email));
			expect(row[6]).toBe(wellFormed(record.error_message ?? ''));
			for (const value of [record.email, record.ec_id, record.error_message, record.validator_used]) {
				if (value?.includes(',')) tricky.comma = true;
				if (value?.includes('"')) tricky.quote = true;
				if (value?.includes('\n')) tricky.newline = true;
			}
		}
		// The job really exercises quoting, else this test proves nothing.
		expect(tricky).toEqual({comma: true, quote: true, newline: true});
		expect(text).toContain('\u001b');
	});

	it('keeps even lone surrogates exact in NDJSON and JSON (job 666)', async () => {
		const client = testClient(server);
		const expected = await fetchAll(client, 666, 'All', 1000);
		for (const format of ['ndjson', 'json'] as const) {
			const output = new Collector();
			await exportRecords({client, jobId: 666, status: 'All', format, output});
			expectExportToHold(format, output.text(), expected);
		}
	});

	it('writes a header-only CSV and an empty JSON array for an empty job', async () => {
		const client = testClient(server);
		const results: Record<string, string> = {};
		for (const format of EXPORT_FORMATS) {
			const output = new Collector();
			const result = await exportRecords({client, jobId: 43, status: 'All', format, output});
			expect(result).toEqual({records: 0, expected: 0, changed: false, escapedFields: 0});
			results[format] = output.text();
		}
		expect(results).toEqual({
			csv: 'id,ec_id,email,status,validator_used,is_cached,error_message,processed_at\r\n',
			ndjson: '',
			json: '[\n]\n',
		});
	});

	it('neutralises formula cells with --excel-safe and only then', async () => {
		// The demo data holds no spreadsheet formulas, so this client puts some into the real records.
		const starts = ['=', '+', '-', '@', '\t', '\r', '', ' ='];
		const inject = (record: JobRecord, index: number): JobRecord => ({
			...record,
			email: untrusted(`${starts[index % starts.length]}HYPERLINK("http://evil.example","x")`),
			ec_id: index % 3 === 0 ? untrusted(`-${index}`) : record.ec_id,
			error_message: index % 5 === 0 ? untrusted("@SUM(1+1)*cmd|' /C calc'!A0") : record.error_message,
		});
		const real = testClient(server);
		const client: ApiClient = {
			baseUrl: real.baseUrl,
			listJobs: (...args) => real.listJobs(...args),
			getJob: (...args) => real.getJob(...args),
			uploadEmails: (...args) => real.uploadEmails(...args),
			abortAll: () => real.abortAll(),
			getRecords: async (jobId, query, options) => {
				const page = await real.getRecords(jobId, query, options);
				const offset = ((query?.page ?? 1) - 1) * (query?.page_size ?? 100);
				return {...page, results: page.results.map((record, index) => inject(record, offset + index))};
			},
		};
		const expected = (await fetchAll(real, 42, 'All')).map(inject);
		const safe = new Collector();
		await exportRecords({client, jobId: 42, status: 'All', format: 'csv', excelSafe: true, output: safe, pageSize: 70});
		const unsafe = new Collector();
		await exportRecords({client, jobId: 42, status: 'All', format: 'csv', output: unsafe, pageSize: 70});
		expectExportToHold('csv', unsafe.text(), expected);
		const safeRows = parseCsv(safe.text());
		expect(safeRows).toHaveLength(251);
		for (const [index, record] of plain(expected).entries()) {
			const row = safeRows[index + 1]!;
			for (const [column, field] of RECORD_FIELDS.entries()) {
				const value = record[field];
				const text = value === null ? '' : String(value);
				const formula = typeof value === 'string' && /^[=+\-@\t\r]/.test(value);
				expect(row[column]).toBe(formula ? `'${text}` : text);
			}
		}
		for (const row of safeRows.slice(1)) {
			for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
		}
	});
});

describe('exportRecords: flow', () => {
	it('never has more than `concurrency` requests in flight, seen from the server and the client', async () => {
		server.setFaults({latencyMs: 25});
		const {client, stats} = observedClient(testClient(server));
		let serverMax = 0;
		const sampler = setInterval(() => {
			const open = server.requests.filter(entry => entry.status === 0).length;
			serverMax = Math.max(serverMax, open);
		}, 2);
		try {
			const output = new Collector();
			const result = await exportRecords({
				client,
				jobId: 42,
				status: 'All',
				format: 'ndjson',
				output,
				concurrency: 3,
				pageSize: 10,
			});
			expect(result.records).toBe(250);
		} finally {
			clearInterval(sampler);
		}
		expect(stats.maxInFlight).toBe(3);
		expect(serverMax).toBeGreaterThanOrEqual(2);
		expect(serverMax).toBeLessThanOrEqual(3);
		expect(server.requests).toHaveLength(25);
		expect(stats.pages).toEqual(Array.from({length: 25}, (_, index) => index + 1));
	});

	it('asks for page 2 with page 1, and for a one-page filter writes page 1 alone', async () => {
		// Held back 300 ms each: page 2 arrives while page 1 is still held.
		server.setFaults({latencyMs: 300});
		const output = new Collector();
		const exporting = exportRecords({
			client: testClient(server),
			jobId: 42,
			status: 'All',
			format: 'ndjson',
			output,
			pageSize: 125,
		});
		await untilRequests(server, log => log.length >= 2, 'pages 1 and 2 asked for');
		expect(server.requests.map(request => [request.query['page'], request.status]).sort()).toEqual([
			['1', 0],
			['2', 0],
		]);
		expect(await exporting).toMatchObject({records: 250, expected: 250, changed: false});
		expect(output.text().trimEnd().split('\n')).toHaveLength(250);

		server.setFaults({latencyMs: 0});
		server.resetStats();
		const single = new Collector();
		const result = await exportRecords({
			client: testClient(server),
			jobId: 42,
			status: 'All',
			format: 'ndjson',
			output: single,
		});
		expect(result).toMatchObject({records: 250, expected: 250, changed: false});
		expect(single.text()).toBe(output.text());
	});

	it('holds at most concurrency + 1 pages and honours the output backpressure', async () => {
		const {client, stats} = observedClient(testClient(server));
		// A slow consumer with a small buffer: the export must wait for it, not pile pages up.
		const output = new Collector({highWaterMark: 1024, delayMs: 1});
		const pageSize = 20;
		const concurrency = 4;
		let written = 0;
		let maxHeld = 0;
		const watcher = setInterval(() => {
			maxHeld = Math.max(maxHeld, stats.answered - Math.ceil(written / pageSize));
		}, 1);
		try {
			await exportRecords({
				client,
				jobId: 42,
				status: 'All',
				format: 'csv',
				output,
				concurrency,
				pageSize,
				onProgress: ({done}) => {
					written = done;
				},
			});
		} finally {
			clearInterval(watcher);
		}
		expect(maxHeld).toBeGreaterThan(1);
		expect(maxHeld).toBeLessThanOrEqual(concurrency + 1);
		expect(output.writesWhileFull).toBe(0);
		expect(parseCsv(output.text())).toHaveLength(251);
	});

	it('still completes through a burst of 503s (the client retries)', async () => {
		const client = testClient(server);
		const expected = await fetchAll(client, 42, 'All');
		server.setFaults({failEvery: 3, failStatus: 503});
		const output = new Collector();
		const result = await exportRecords({client, jobId: 42, status: 'All', format: 'json', output, pageSize: 25});
		expect(result.records).toBe(250);
		expectExportToHold('json', output.text(), expected);
		expect(server.requests.filter(entry => entry.status === 503).length).toBeGreaterThan(0);
	});

	it('stops cleanly at what exists when the filter shrinks mid-export', async () => {
		const own = await startDemoServer({port: 0});
		try {
			const client = testClient(own);
			own.setFaults({latencyMs: 5});
			const output = new Collector();
			let shrunk = false;
			const result = await exportRecords({
				client,
				jobId: 7001,
				status: 'All',
				format: 'json',
				output,
				concurrency: 2,
				onProgress: () => {
					if (!shrunk) own.setJobSize(7001, 5500);
					shrunk = true;
				},
			});
			expect(result).toEqual({records: 5500, expected: 120_000, changed: true, escapedFields: 0});
			const records = JSON.parse(output.text()) as JobRecord[];
			expect(records).toHaveLength(5500);
			expect(own.requests.some(entry => entry.status === 404)).toBe(true);
		} finally {
			await own.close();
		}
	});

	it('propagates a client failure as an ApiError and writes nothing', async () => {
		const output = new Collector();
		await expect(
			exportRecords({client: testClient(server), jobId: 999_999, status: 'All', format: 'csv', output}),
		).rejects.toMatchObject({name: 'ApiError', kind: 'not-found'});
		await expect(
			exportRecords({client: testClient(server, 'wrong-token'), jobId: 42, status: 'All', format: 'csv', output}),
		).rejects.toMatchObject({name: 'ApiError', kind: 'auth'});
		expect(output.text()).toBe('');
	});

	it('aborts a failed export without waiting for the pages still in flight', async () => {
		// After page 3 no page is answered within the test: only not waiting for them lets the export end.
		const {client, stats} = observedClient(testClient(server), (_page, query) => {
			if (query?.page === 3) {
				server.setFaults({malformed: 'hang'});
			}
		});
		const controller = new AbortController();
		const output = new Collector();
		let inFlightAtAbort = 0;
		const exporting = exportRecords({
			client,
			jobId: 7001,
			status: 'All',
			format: 'ndjson',
			output,
			pageSize: 100,
			signal: controller.signal,
			onProgress: ({done}) => {
				if (done >= 300 && !controller.signal.aborted) {
					inFlightAtAbort = stats.inFlight;
					controller.abort();
				}
			},
		});
		const error: unknown = await exporting.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ApiError);
		expect(error).toMatchObject({kind: 'aborted'});
		expect(inFlightAtAbort).toBeGreaterThan(0);
	});

	it('stops when the output fails, with the output’s error', async () => {
		const output = new Collector();
		const exporting = exportRecords({
			client: testClient(server),
			jobId: 7001,
			status: 'All',
			format: 'csv',
			output,
			onProgress: () => {
				output.destroy(Object.assign(new Error('write EPIPE'), {code: 'EPIPE', syscall: 'write'}));
			},
		});
		await expect(exporting).rejects.toMatchObject({code: 'EPIPE'});
	});

	it('rejects a page size outside the documented range', async () => {
		const output = new Collector();
		for (const pageSize of [0, 1001, 1.5]) {
			await expect(
				exportRecords({client: testClient(server), jobId: 42, status: 'All', format: 'csv', output, pageSize}),
			).rejects.toBeInstanceOf(RangeError);
		}
	});
});
