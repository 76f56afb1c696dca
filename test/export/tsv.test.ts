import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {JobRecord} from '../../source/api/types.js';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {formatTsvHeader, formatTsvRow, writePageTsv} from '../../source/export/tsv.js';
import {Collector, fetchAll, testClient} from './helpers.js';
import {docRecord} from '../helpers/records.js';
import {brand} from '../helpers/text.js';

const jane: JobRecord = docRecord();

// Anything that could act on a terminal or split a line: C0 (tab aside, which separates fields), DEL, C1,
// the Unicode line and paragraph separators.
const RAW_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;

describe('TSV page output', () => {
	let server: DemoServer;
	beforeAll(async () => {
		server = await startDemoServer({port: 0});
	});
	afterAll(async () => {
		await server.close();
	});

	it('has a header of the API field names in API order', () => {
		expect(formatTsvHeader()).toBe('id\tec_id\temail\tstatus\tvalidator_used\tis_cached\terror_message\tprocessed_at');
	});

	it('writes null as an empty field and booleans as true/false', () => {
		expect(formatTsvRow(jane)).toBe('9881\t\tjane@acme.com\tValid\tZeroBounce\tfalse\t\t2026-05-06T11:42:31.412Z');
		expect(formatTsvRow({...jane, is_cached: true, ...brand({ec_id: 'CRM-1', error_message: 'batch failed'})})).toBe(
			'9881\tCRM-1\tjane@acme.com\tValid\tZeroBounce\ttrue\tbatch failed\t2026-05-06T11:42:31.412Z',
		);
	});

	it('escapes tabs, newlines and escape sequences visibly', () => {
		const row = formatTsvRow({...jane, ...brand({email: 'a\tb\nc\u001b[2J', error_message: 'one\r\ntwo'})});
		expect(row.split('\t')).toHaveLength(8);
		expect(row).toContain('a\\tb\\nc\\x1b[2J');
		expect(row).toContain('one\\r\\ntwo');
	});

	it('prints a page of job 42 as header plus one line per record', async () => {
		const client = testClient(server);
		const page = await client.getRecords(42, {status: 'All', page: 1, page_size: 100});
		const out = new Collector();
		await writePageTsv(page, out);
		const lines = out.text().split('\n');
		expect(lines.pop()).toBe('');
		expect(lines).toHaveLength(101);
		expect(lines[0]).toBe(formatTsvHeader());
		for (const [index, record] of page.results.entries()) {
			const cells = lines[index + 1]!.split('\t');
			expect(cells[0]).toBe(String(record.id));
			expect(cells[1]).toBe(record.ec_id ?? '');
			expect(cells[2]).toBe(record.email);
			expect(cells[5]).toBe(String(record.is_cached));
			expect(cells[7]).toBe(record.processed_at ?? '');
		}
	});

	it('keeps every hostile record of job 666 on one line of exactly eight fields, with no raw control bytes', async () => {
		const client = testClient(server);
		const records = await fetchAll(client, 666, 'All', 1000);
		expect(records.length).toBeGreaterThan(30);
		const out = new Collector();
		await writePageTsv({results: records}, out);
		const lines = out.text().split('\n');
		expect(lines.pop()).toBe('');
		expect(lines).toHaveLength(records.length + 1);
		for (const line of lines) {
			expect(line.split('\t')).toHaveLength(8);
			expect(line).not.toMatch(RAW_CONTROL);
			expect(line).not.toContain('\u001b');
		}
	});
});
