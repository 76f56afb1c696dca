import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {DOC_RECORD} from '../helpers/records.js';
import {appOnDemo} from '../helpers/app.js';
import {KEYS} from '../helpers/render.js';
import {serveDemoPerFile} from '../helpers/server.js';

const server = serveDemoPerFile();
const openApp = appOnDemo(server);
const cwd = process.cwd();

afterEach(() => {
	process.chdir(cwd);
});

const open = async (
	jobId: number | undefined,
	options: {columns?: number; rows?: number; followMs?: number; env?: NodeJS.ProcessEnv; tty?: boolean} = {},
) =>
	openApp({
		jobId,
		columns: options.columns,
		rows: options.rows,
		followMs: options.followMs,
		themeEnv: options.env,
		tty: options.tty,
	});

describe('job picker', () => {
	it('lists the jobs newest first, opens one with Enter and comes back to the same row with b', async () => {
		const view = await open(undefined);
		await view.waitFor('Your validation jobs');
		const list = await view.waitFor('Q1 Leads');
		expect(list).toMatch(/All · page 1 of \d+ · 17 jobs/);
		const lines = view.frame().split('\n');
		const first = lines.findIndex(line => line.includes('›'));
		expect(lines[first]).toContain('45');
		// Down to job 42 "Q1 Leads".
		let guard = 0;
		while (!/›42 /.test(view.frame()) && guard++ < 20) {
			await view.press('j');
		}

		await view.press(KEYS.enter);
		await view.waitFor('Job 42 “Q1 Leads”');
		await view.press('b');
		const back = await view.waitFor('Your validation jobs');
		expect(back).toMatch(/›42 /);
	});

	it('filters jobs by status with f', async () => {
		const view = await open(undefined);
		await view.waitFor('Q1 Leads');
		await view.press('f');
		await view.waitFor(/Uploading · page 1 of 1 · \d+ jobs?/);
		await view.press('f');
		await view.waitFor(frame => /Processing · page 1 of 1/.test(frame) && frame.includes('Webinar signups'));
		expect(view.frame()).not.toContain('Q1 Leads');
	});
});

describe('triage in the records', () => {
	it('shows counts beside each status in the filter list', async () => {
		const view = await open(42);
		await view.waitFor('Q1 Leads');
		await view.press('f');
		const list = await view.waitFor(frame => frame.includes('Valid (178)') && frame.includes('Error (0)'));
		expect(list).toContain('Invalid (49)');
		expect(list).toContain('Unknown (23)');
		expect(list).toContain('All (250)');
	});

	it('finds across the filter with /, moves with n and N, and clears with Esc', async () => {
		const view = await open(42);
		await view.waitFor('Record 9881');
		await view.press('/');
		await view.waitFor('email or ec_id');
		await view.press('gmail');
		const found = await view.waitFor(/^\/ gmail +match 1 of \d+ \(n\/N\)/m);
		const first = /›(\d+)/.exec(found)?.[1];
		expect(found).toContain(`Record ${first}`);
		await view.press(KEYS.enter);
		await view.waitFor(/find “gmail”: match 1 of \d+ \(n\/N\)/);
		await view.press('n');
		await view.waitFor(frame => /›(\d+)/.exec(frame)?.[1] !== first && frame.includes('match 2 of'));
		await view.press('N');
		await view.waitFor(frame => /›(\d+)/.exec(frame)?.[1] === first);
		await view.press('/');
		// A new find: the field is empty again.
		await view.waitFor(frame => frame.includes('Enter go') && frame.includes('email or ec_id'));
		await view.press(KEYS.escape);
		await view.waitFor(frame => !frame.includes('find “'));
	});

	it('copies the email with y and the record with Y as OSC 52 sequences', async () => {
		const view = await open(42, {tty: true, env: {}});
		await view.waitFor('Record 9881');
		await view.press('y');
		await view.waitFor("Sent the email to the terminal's clipboard (OSC 52).");
		const email = Buffer.from('jane@acme.com').toString('base64');
		expect(view.frames.join('')).toContain(`\u001b]52;c;${email}\u0007`);
		await view.press('Y');
		await view.waitFor("Sent record 9881 as JSON to the terminal's clipboard (OSC 52).");
		const json = Buffer.from(JSON.stringify(DOC_RECORD)).toString('base64');
		expect(view.frames.join('')).toContain(json);
	});

	it('says so when the output is not a terminal', async () => {
		const view = await open(42);
		await view.waitFor('Record 9881');
		await view.press('y');
		await view.waitFor('Cannot copy: the output is not a terminal.');
	});

	it('exports the current filter to a CSV file with x', async () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-export-'));
		process.chdir(directory);
		const view = await open(42);
		await view.waitFor('Record 9881');
		await view.press('3');
		await view.waitFor('Invalid · page 1 of 1');
		await view.press('x');
		await view.waitFor(/Wrote 49 records to/);
		const files = fs.readdirSync(directory);
		expect(files).toEqual(['ecore-job-42-Q1-Leads-Invalid.csv']);
		const lines = fs.readFileSync(path.join(directory, files[0]!), 'utf8').trimEnd().split('\r\n');
		expect(lines[0]).toBe('id,ec_id,email,status,validator_used,is_cached,error_message,processed_at');
		expect(lines).toHaveLength(50);
		expect(lines.slice(1).every(line => line.includes(',Invalid,'))).toBe(true);
	});

	it('breaks the errors down by message and shows a group’s records', async () => {
		const view = await open(7001, {columns: 120, rows: 40});
		await view.waitFor(/All · page 1 of/);
		await view.press('e');
		const breakdown = await view.waitFor(/Why records failed — job 7001 · [\d,]+ Error records/, 15_000);
		await view.waitFor('ZeroBounce API timeout after 30s', 15_000);
		expect(breakdown).toContain('Group by');
		await view.press(KEYS.enter);
		const group = await view.waitFor(
			frame => frame.includes('group “ZeroBounce API timeout after 30s”') && frame.includes('Record '),
		);
		expect(group).toContain('error      ZeroBounce API timeout after 30s');
		await view.press('b');
		await view.waitFor('Why records failed');
		await view.press('b');
		await view.waitFor(/All · page 1 of/);
	});

	it('follows a job still processing without moving the selection', async () => {
		const view = await open(44, {followMs: 300});
		await view.waitFor('Webinar signups');
		await view.press('j', 'j');
		const before = await view.waitFor(/›\d+/);
		const selected = /›(\d+)/.exec(before)?.[1];
		const summary = /([\d,]+) \/ 1,500/.exec(before)?.[1];
		await view.waitFor(frame => {
			const now = /([\d,]+) \/ 1,500/.exec(frame)?.[1];
			return now !== undefined && now !== summary;
		}, 10_000);
		expect(/›(\d+)/.exec(view.frame())?.[1]).toBe(selected);
	});
});
