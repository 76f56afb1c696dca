// `x` in the records view, as a person uses it (issue 13): it never overwrites a file, honours --excel-safe,
// names a breakdown group's file after the group, and says where the file went in full.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import type {ApiClient} from '../../source/api/types.js';
import {appOnDemo} from '../helpers/app.js';
import {KEYS} from '../helpers/render.js';
import {serveDemoPerFile} from '../helpers/server.js';
import {parseCsv} from '../export/helpers.js';
import {untrusted} from '../helpers/text.js';

const server = serveDemoPerFile();
const cwd = process.cwd();
const openApp = appOnDemo(server, {columns: 200, rows: 40}, () => {
	process.chdir(cwd);
	fs.rmSync(directory, {recursive: true, force: true});
});
let directory: string;

beforeEach(() => {
	directory = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-ui-export-')));
	// `x` writes into the current directory, as it does for a person.
	process.chdir(directory);
});

const open = async (jobId: number, options: {client?: ApiClient; excelSafe?: boolean} = {}) =>
	openApp({jobId, ...options});

describe('x', () => {
	it('never overwrites: the second export is a new file, and the notice gives its full path', async () => {
		const view = await open(42);
		await view.waitFor('Record 9881');
		await view.press('3');
		await view.waitFor('Invalid · page 1 of 1');
		fs.writeFileSync('ecore-job-42-Q1-Leads-Invalid.csv', 'mine\n');
		await view.press('x');
		const second = path.join(directory, 'ecore-job-42-Q1-Leads-Invalid-2.csv');
		await view.waitFor(`Wrote 49 records to ${second}`);
		await view.press('x');
		await view.waitFor(`Wrote 49 records to ${path.join(directory, 'ecore-job-42-Q1-Leads-Invalid-3.csv')}`);
		expect(fs.readFileSync('ecore-job-42-Q1-Leads-Invalid.csv', 'utf8')).toBe('mine\n');
		expect(parseCsv(fs.readFileSync(second, 'utf8'))).toHaveLength(50);
		expect(fs.readdirSync(directory).sort()).toEqual([
			'ecore-job-42-Q1-Leads-Invalid-2.csv',
			'ecore-job-42-Q1-Leads-Invalid-3.csv',
			'ecore-job-42-Q1-Leads-Invalid.csv',
		]);
	});

	it('honours --excel-safe', async () => {
		const real = createClient({baseUrl: server().baseUrl, token: server().token});
		// A record whose ec_id a spreadsheet would run as a formula.
		const client: ApiClient = {
			...real,
			getRecords: async (...args) => {
				const page = await real.getRecords(...args);
				return {
					...page,
					results: page.results.map(record => ({...record, ec_id: untrusted('=HYPERLINK("http://x")')})),
				};
			},
		};
		const view = await open(42, {client, excelSafe: true});
		await view.waitFor('Record 9881');
		await view.press('3');
		await view.waitFor('Invalid · page 1 of 1');
		await view.press('x');
		await view.waitFor('Wrote 49 records to');
		const rows = parseCsv(fs.readFileSync('ecore-job-42-Q1-Leads-Invalid.csv', 'utf8'));
		expect(rows.slice(1).map(row => row[1])).toEqual(Array.from({length: 49}, () => `'=HYPERLINK("http://x")`));
	});

	it('names a breakdown group’s file after the group’s status and label', async () => {
		const view = await open(7001);
		await view.waitFor(/All · page 1 of/);
		await view.press('e');
		await view.waitFor('ZeroBounce API timeout after 30s', 15_000);
		await view.press(KEYS.enter);
		await view.waitFor(
			frame => frame.includes('group “ZeroBounce API timeout after 30s”') && frame.includes('Record '),
		);
		await view.press('x');
		await view.waitFor(/Wrote [\d,]+ records to/);
		expect(fs.readdirSync(directory)).toEqual([
			expect.stringMatching(/^ecore-job-7001-.*Error-ZeroBounce-API-timeout-after-30s\.csv$/),
		]);
	});
});
