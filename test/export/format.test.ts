import {describe, expect, it} from 'vitest';
import type {JobRecord} from '../../source/api/types.js';
import {createEncoder, csvCell, defaultExportFileName, formatCsvRow} from '../../source/export/format.js';
import {parseCsv} from './helpers.js';
import {docRecord} from '../helpers/records.js';
import {untrusted} from '../helpers/text.js';

const record: JobRecord = docRecord();

describe('csvCell', () => {
	it('leaves plain values alone and writes null as an empty field', () => {
		expect(csvCell('jane@acme.com')).toBe('jane@acme.com');
		expect(csvCell(null)).toBe('');
		expect(csvCell(true)).toBe('true');
		expect(csvCell(false)).toBe('false');
		expect(csvCell(42)).toBe('42');
	});

	it('quotes fields holding quotes, commas, CR or LF and doubles the quotes', () => {
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('one\ntwo')).toBe('"one\ntwo"');
		expect(csvCell('one\rtwo')).toBe('"one\rtwo"');
		expect(csvCell('tab\there')).toBe('tab\there');
	});

	it('neutralises formula starts only when excel-safe', () => {
		for (const start of ['=', '+', '-', '@']) {
			expect(csvCell(`${start}SUM(A1)`, true)).toBe(`'${start}SUM(A1)`);
			expect(csvCell(`${start}SUM(A1)`, false)).toBe(`${start}SUM(A1)`);
		}
		expect(csvCell('\tcmd', true)).toBe("'\tcmd");
		expect(csvCell('\rcmd', true)).toBe('"\'\rcmd"');
		expect(csvCell('=1+2,3', true)).toBe('"\'=1+2,3"');
		expect(csvCell('jane@acme.com', true)).toBe('jane@acme.com');
		expect(csvCell(null, true)).toBe('');
	});
});

describe('encoders', () => {
	it('csv: header in API order, CRLF line ends', () => {
		const encoder = createEncoder('csv');
		const text =
			encoder.header +
			encoder.records([record, {...record, id: 9882, ec_id: untrusted('x,"y"')}], true) +
			encoder.footer(false);
		expect(text).toBe(
			'id,ec_id,email,status,validator_used,is_cached,error_message,processed_at\r\n' +
				'9881,,jane@acme.com,Valid,ZeroBounce,false,,2026-05-06T11:42:31.412Z\r\n' +
				'9882,"x,""y""",jane@acme.com,Valid,ZeroBounce,false,,2026-05-06T11:42:31.412Z\r\n',
		);
		expect(parseCsv(text)[2]?.[1]).toBe('x,"y"');
		expect(formatCsvRow(record)).toBe('9881,,jane@acme.com,Valid,ZeroBounce,false,,2026-05-06T11:42:31.412Z');
	});

	it('ndjson: one JSON object a line', () => {
		const encoder = createEncoder('ndjson');
		const text = encoder.header + encoder.records([record, record], true) + encoder.footer(false);
		expect(text.split('\n')).toHaveLength(3);
		expect(
			text
				.trimEnd()
				.split('\n')
				.map(line => JSON.parse(line) as unknown),
		).toEqual([record, record]);
	});

	it('json: a valid array whether written in one run or many, and when empty', () => {
		const encoder = createEncoder('json');
		const text =
			encoder.header +
			encoder.records([record], true) +
			encoder.records([record, record], false) +
			encoder.footer(false);
		expect(text).toMatch(/^\[\n\{.*\},\n\{.*\},\n\{.*\}\n\]\n$/s);
		expect(JSON.parse(text)).toEqual([record, record, record]);
		expect(JSON.parse(encoder.header + encoder.footer(true))).toEqual([]);
	});
});

describe('defaultExportFileName', () => {
	it('names the job, the filter and the format', () => {
		expect(defaultExportFileName({id: 42}, 'Error', 'csv')).toBe('ecore-job-42-Error.csv');
		expect(defaultExportFileName({id: 7001}, 'All', 'ndjson')).toBe('ecore-job-7001-All.ndjson');
		expect(defaultExportFileName({id: 42, list_name: untrusted('Q1 Leads')}, 'Valid', 'json')).toBe(
			'ecore-job-42-Q1-Leads-Valid.json',
		);
	});

	it('keeps only safe characters of an untrusted list name', () => {
		const hostile = [
			'../../etc/passwd',
			'\u001b]0;pwned\u0007',
			'a/b\\c:d*e?f"g<h>i|j',
			'user\u202eexe.txt',
			'\u0000\n\r\t',
			'.hidden',
			'Café Résumé 山田',
			'x'.repeat(500),
		];
		for (const list_name of hostile) {
			const name = defaultExportFileName({id: 1, list_name: untrusted(list_name)}, 'All', 'csv');
			expect(name).toMatch(/^ecore-job-1-[A-Za-z0-9-]*All\.csv$/);
			expect(name.length).toBeLessThanOrEqual(80);
		}
		expect(defaultExportFileName({id: 1, list_name: untrusted('Café Résumé')}, 'All', 'csv')).toBe(
			'ecore-job-1-Cafe-Resume-All.csv',
		);
		expect(defaultExportFileName({id: 1, list_name: untrusted('!!!')}, 'All', 'csv')).toBe('ecore-job-1-All.csv');
	});
});
