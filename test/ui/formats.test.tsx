// Formats as a person reads them: one number format, singular and plural, the year of an old date, and
// a header that keeps what triage needs at 80 columns. Rendered at the size in question; the frame is read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import type {Job, JobRecord, RecordFilter} from '../../source/api/types.js';
import {inkStdout} from '../../source/terminal/inkStdout.js';
import {createTheme} from '../../source/terminal/theme.js';
import {Header} from '../../source/ui/Header.js';
import {RecordsTable} from '../../source/ui/RecordsTable.js';
import {computeLayout} from '../../source/ui/layout.js';
import {appOnDemo} from '../helpers/app.js';
import {KEYS, renderAt, type Rendered} from '../helpers/render.js';
import {demoJson, serveDemoPerFile} from '../helpers/server.js';
import {brand} from '../helpers/text.js';

const server = serveDemoPerFile();
const openApp = appOnDemo(server, {columns: 80, rows: 24});
// The parts rendered alone (a header at a width).
let view: Rendered | undefined;

afterEach(() => {
	view?.unmount();
	view = undefined;
});

const theme = createTheme({});

const open = async (
	jobId: number | undefined,
	options: {columns?: number; rows?: number; filter?: RecordFilter; env?: NodeJS.ProcessEnv} = {},
) => {
	const env = options.env ?? {};
	return openApp({
		jobId,
		columns: options.columns,
		rows: options.rows,
		filter: options.filter,
		themeEnv: env,
		// The stream main.tsx hands Ink, with the same environment.
		stdout: stdout => inkStdout(stdout, env),
	});
};

function job(fields: Partial<Record<keyof Job, unknown>> = {}): Job {
	return brand({
		id: 9,
		uuid: 'f8a1c3e5-9b2d-4e6f-a8c1-0d3e5f7a9b2d',
		list_name: 'Q1 Leads',
		status: 'Processed',
		total_records: 25_000,
		valid_count: 20_000,
		invalid_count: 3000,
		unknown_count: 1000,
		total_credits_charged: 0,
		credits_charged_at: null,
		created_at: '2026-05-06T11:41:55.001Z',
		started_at: null,
		completed_at: null,
		duration: '1h 2m 16s',
		results_summary: '24269/25000',
		...fields,
	}) as Job;
}

function header(props: {job: Job; errors?: number; width: number; count?: number}) {
	return (
		<Header
			jobId={9}
			job={props.job}
			errors={props.errors}
			filter="All"
			page={1}
			totalPages={250}
			count={props.count}
			loading={false}
			error={null}
			notice={null}
			width={props.width}
			theme={theme}
		/>
	);
}

/** Every whole word the header shows is one the full text has: nothing is cut mid-word, no `…`. */
function wholeParts(line: string): string[] {
	return line
		.trim()
		.split(/ {2}| · /)
		.filter(part => part !== '');
}

describe('numbers', () => {
	it('shows results_summary as 24,269 / 25,000 beside 25,000 records, at 200 columns', async () => {
		view = await renderAt(header({job: job(), errors: 731, width: 200}), 200, 5);
		const line = view.frame().split('\n')[0]!;
		expect(line).toContain('25,000 records');
		expect(line).toContain('24,269 / 25,000');
		expect(line).not.toMatch(/\d{4}/);
	});

	it('shows a running job’s progress grouped, first', async () => {
		view = await renderAt(header({job: job({status: 'Processing', results_summary: '24269/25000'}), width: 80}), 80, 5);
		expect(view.frame().split('\n')[0]).toMatch(/^Job 9 “Q1 Leads” {2}Processing 24,269 \/ 25,000 \(97%\) · /);
	});

	it('groups the job list’s counts and its done column', async () => {
		const view = await open(undefined, {columns: 120, rows: 30});
		const frame = await view.waitFor('Enterprise CRM');
		const row = frame.split('\n').find(line => line.includes(' 7001 '))!;
		expect(row).toContain('120,000');
		expect(row).toMatch(/115,245 \/ 120,000/);
		expect(frame).not.toMatch(/\d+\/\d+/);
	});
});

describe('singular and plural', () => {
	it('says 1 job for a filter of one job, and 17 jobs for all', async () => {
		const view = await open(undefined);
		await view.waitFor(/All · page 1 of \d+ · 17 jobs/);
		// The job status filter: All → Uploading, of which the demo has one.
		await view.press('f');
		const frame = await view.waitFor(/Uploading · page 1 of 1 · /);
		expect(frame).toContain('· 1 job');
		expect(frame).not.toContain('1 jobs');
	});

	it('says 1 record and 1 error in the header', async () => {
		view = await renderAt(
			header({
				job: job({total_records: 1, valid_count: 0, invalid_count: 0, unknown_count: 0, results_summary: '1/1'}),
				errors: 1,
				count: 1,
				width: 100,
			}),
			100,
			5,
		);
		const [first, second] = view.frame().split('\n');
		expect(first).toContain('1 error · 1 record ·');
		expect(second).toContain('· 1 record');
		expect(view.frame()).not.toMatch(/\b1 (records|errors)\b/);
	});
});

describe('the 80-column header', () => {
	it('leads with the job’s Error records, whole, and cuts nothing mid-word (demo job 7001)', async () => {
		const errors = (
			await demoJson<{count: number}>(server(), 'email-validation/jobs/7001/records/?status=Error&page_size=1')
		).body.count;
		expect(errors).toBeGreaterThan(0);
		const view = await open(7001);
		const frame = await view.waitFor(`${errors.toLocaleString('en-US')} errors`);
		const first = frame.split('\n')[0]!;
		expect(first).toMatch(
			new RegExp(`^Job 7001 “Enterprise CRM export” {2}${errors.toLocaleString('en-US')} errors · `),
		);
		expect(first).not.toContain('…');
		const full = ['Processed', '120,000 records', '83,578 valid', '18,159 invalid', '7,308 unknown'];
		for (const part of wholeParts(first).slice(1)) {
			expect(full.some(each => each === part) || /^\S+ errors$|^\d|^\d+m/.test(part), part).toBe(true);
		}

		expect(first.length).toBeLessThanOrEqual(80);
	});

	it('gives a long list name way to the error count', async () => {
		view = await renderAt(
			header({job: job({list_name: 'A very long list name '.repeat(8)}), errors: 12_345, width: 80}),
			80,
			5,
		);
		const first = view.frame().split('\n')[0]!;
		expect(first).toMatch(/^Job 9 “A very long .*… {2}12,345 errors/);
	});

	it.each([80, 100])('keeps a Processed job’s status at %i columns: the long name gives way', async width => {
		view = await renderAt(
			header({
				job: job({list_name: 'Enterprise CRM export — Error · ZeroBounce API timeout after … — 2026-12-01'}),
				errors: 12_345,
				width,
			}),
			width,
			5,
		);
		const first = view.frame().split('\n')[0]!;
		expect(first).toMatch(/^Job 9 “Enterprise CRM export .*… {2}12,345 errors · .*Processed/);
		expect(first.length).toBeLessThanOrEqual(width);
	});

	it('leads with a Failed job’s status when it has no errors counted', async () => {
		view = await renderAt(header({job: job({status: 'Failed'}), width: 80}), 80, 5);
		expect(view.frame().split('\n')[0]).toMatch(/^Job 9 “Q1 Leads” {2}Failed · 25,000 records/);
	});
});

describe('dates', () => {
	const thisYear = new Date().getFullYear();
	const record = (id: number, processed: string): JobRecord =>
		brand({
			id,
			ec_id: null,
			email: `person${id}@example.com`,
			status: 'Valid',
			validator_used: 'ZeroBounce',
			is_cached: false,
			error_message: null,
			processed_at: processed,
		}) as JobRecord;

	it.each([
		{columns: 100, old: `${thisYear - 1}-05-06`, recent: /05-06 \d\d:\d\d/},
		{columns: 50, old: String(thisYear - 1), recent: /05-06/},
	])('shows the year of another year’s date in the table at $columns columns', async ({columns, old, recent}) => {
		const layout = computeLayout({columns, rows: 12, detailVisible: false, idDigits: 1});
		view = await renderAt(
			<RecordsTable
				records={[record(1, `${thisYear}-05-06T12:00:00Z`), record(2, `${thisYear - 1}-05-06T12:00:00Z`)]}
				selection={0}
				top={0}
				visibleRows={2}
				specs={layout.tableColumns}
				compact={layout.compact}
				theme={theme}
			/>,
			columns,
			12,
		);
		const lines = view.frame().split('\n');
		const recentRow = lines.find(line => line.includes('›1'))!;
		const oldRow = lines.find(line => / 2 /.test(line))!;
		expect(recentRow).toMatch(recent);
		expect(recentRow).not.toContain(String(thisYear));
		expect(oldRow).toContain(old);
	});
});

describe('the error column', () => {
	it('shows each record’s error_message, sanitised and cut to its column, from 120 columns', async () => {
		const view = await open(666, {columns: 120, rows: 30, filter: 'Error'});
		const frame = await view.waitFor(frame => /│ error +│/.test(frame) && frame.includes('›'));
		const lines = frame.split('\n');
		const heading = lines.find(line => /│ error +│/.test(line))!;
		const rows = lines.filter(line => /^│ [ ›]\d/.test(line));
		expect(rows.length).toBeGreaterThan(2);
		const errorCells = rows.map(line => line.split('│').at(-2)!.trim());
		// Messages are there, cut with … where longer than the column, and nothing raw reaches the frame.
		expect(errorCells.filter(cell => cell !== '').length).toBeGreaterThan(0);
		expect(errorCells.some(cell => cell.endsWith('…'))).toBe(true);
		expect(frame).not.toContain('\u001b]');
		for (const line of [heading, ...rows]) {
			expect(line.length, line).toBe(120);
		}
	});

	it('is not there below 120 columns', async () => {
		const view = await open(666, {columns: 119, rows: 30, filter: 'Error'});
		const frame = await view.waitFor(frame => frame.includes('›'));
		expect(frame).not.toMatch(/│ error +│/);
		expect(frame).toMatch(/│ processed +│/);
	});
});

describe('the character set', () => {
	const ascii = (frame: string) => /^[\u0000-\u007F]*$/.test(frame);

	it.each([{LANG: 'C'}, {LC_ALL: 'POSIX', LANG: 'en_US.UTF-8'}, {LC_CTYPE: 'en_US.ISO-8859-1'}])(
		'draws every screen in ASCII when the locale is not UTF-8 (%o)',
		async env => {
			const view = await open(undefined, {env});
			let frame = await view.waitFor(frame => frame.includes('Q1 Leads') && frame.includes('>'));
			expect(ascii(frame), frame).toBe(true);
			expect(frame).toMatch(/^\+-+\+-+/m);
			expect(frame).toMatch(/^\| >45 +\| /m);
			view.unmount();
			// The records of job 666 (hostile names and messages), its help, filter list and breakdown.
			const records = await open(666, {env, columns: 120, rows: 30});
			frame = await records.waitFor(frame => frame.includes('Job 666 "') && /\| >\d+/.test(frame));
			expect(ascii(frame), frame).toBe(true);
			expect(frame).toMatch(/^Job 666 "h\\x1b\[31mostile/m);
			for (const key of ['?', '?', 'f', KEYS.escape, '5', 'e']) {
				await records.press(key);
				expect(ascii(records.frame()), records.frame()).toBe(true);
			}

			frame = await records.waitFor(frame => /^>\s*\d+/m.test(frame));
			expect(ascii(frame), frame).toBe(true);
		},
	);

	it('keeps the UTF-8 borders and marker where the locale is UTF-8 or not set', async () => {
		for (const env of [{LANG: 'en_US.UTF-8'}, {}]) {
			const view = await open(42, {env});
			const frame = await view.waitFor('›9881');
			expect(frame).toContain('┌');
			view.unmount();
		}
	});
});

describe('TERM=dumb', () => {
	it('marks the selected row with > in the job list, the records and the breakdown, where there is no inverse', async () => {
		const view = await open(undefined, {env: {TERM: 'dumb'}});
		let frame = await view.waitFor(frame => /│ >45 /.test(frame));
		expect(frame).not.toContain('›');
		await view.press('j');
		expect(await view.waitFor(frame => /│ >44 /.test(frame))).not.toContain('›');
		await view.press('j', KEYS.enter);
		expect(await view.waitFor(frame => frame.includes('Job 7001') && /│ >\d+ /.test(frame))).not.toContain('›');
		await view.press('j');
		const moved = await view.waitFor(frame => frame.split('\n').filter(line => /│ >\d+ /.test(line)).length === 1);
		expect(moved).not.toContain('›');
		await view.press('e');
		frame = await view.waitFor(frame => /^>\s*[\d,]+ /m.test(frame), 20_000);
		expect(frame).not.toContain('›');
	});
});

describe('small terminals', () => {
	it.each([
		{columns: 39, rows: 24, words: ['Make', 'the', 'terminal', 'at', 'least', '40×10', '(it', 'is', '39×24).']},
		{columns: 30, rows: 8, words: ['Make', 'the', 'terminal', 'at', 'least', '40×10', '(it', 'is', '30×8).']},
		{columns: 20, rows: 5, words: ['Make', 'the', 'terminal', 'at', 'least', '40×10', '(it', 'is', '20×5).']},
		{columns: 12, rows: 3, words: ['Needs', '40×10,', 'is', '12×3.']},
		{columns: 10, rows: 2, words: ['min', '40×10']},
	])('says the size it needs, whole, at $columns×$rows', async ({columns, rows, words}) => {
		const view = await open(42, {columns, rows});
		const frame = await view.waitFor('40×10');
		const lines = frame.split('\n');
		expect(lines.length).toBeLessThanOrEqual(rows - 1);
		for (const line of lines) {
			expect(line.length, line).toBeLessThanOrEqual(columns);
		}

		expect(frame.split(/\s+/).filter(word => word !== '')).toEqual(words);
	});
});

describe('x at narrow widths', () => {
	const cwd = process.cwd();
	afterEach(() => {
		process.chdir(cwd);
	});

	it.each([
		{columns: 80, rows: 24},
		{columns: 50, rows: 16},
	])('shows the new file’s name in full, wrapped, at $columns columns', async ({columns, rows}) => {
		// A deep directory, so the path is longer than a line.
		const directory = path.join(
			fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-x-narrow-'))),
			'a-rather-long-folder-name-for-exports',
		);
		fs.mkdirSync(directory);
		process.chdir(directory);
		try {
			const view = await open(42, {columns, rows});
			await view.waitFor('›9881');
			await view.press('3');
			await view.waitFor(/Invalid · page 1 of 1/);
			await view.press('x');
			const file = path.join(directory, 'ecore-job-42-Q1-Leads-Invalid.csv');
			const message = `Wrote 49 records to ${file}`;
			expect(message.length).toBeGreaterThan(columns);
			// Wrapped: between the lines is where a space or nothing was.
			const squeezed = (text: string) => text.replaceAll(/\s/g, '');
			const frame = await view.waitFor(frame => squeezed(frame).includes(squeezed(message)));
			const lines = frame.split('\n');
			expect(lines.length).toBeLessThanOrEqual(rows - 1);
			for (const line of lines) {
				expect(line.length, line).toBeLessThanOrEqual(columns);
			}

			// The message sits above the footer, which keeps its keys; the table gave up the rows.
			expect(lines.at(-1)).toContain('q quit');
			expect(squeezed(lines.slice(-5, -1).join(''))).toContain(squeezed(message));
			expect(fs.existsSync(file)).toBe(true);
		} finally {
			process.chdir(cwd);
			fs.rmSync(path.dirname(directory), {recursive: true, force: true});
		}
	});
});

describe('help at 40×10', () => {
	it('is in pages of whole lines that ↓ turns, and every key of the records is on one of them', async () => {
		const view = await open(42, {columns: 40, rows: 10});
		await view.waitFor('›9881');
		await view.press('?');
		const first = await view.waitFor(/Keys 1\/\d+ — ↓ more · \? or Esc closes/);
		const pages = Number(/Keys 1\/(\d+)/.exec(first)![1]);
		expect(pages).toBeGreaterThan(1);
		let seen = '';
		for (let page = 1; page <= pages; page++) {
			const frame = await view.waitFor(`Keys ${page}/${pages}`);
			for (const line of frame.split('\n')) {
				expect(line.length, line).toBeLessThanOrEqual(40);
			}

			// Between the title and the footer: whole lines, none cut.
			const body = frame.split('\n').slice(3, -1);
			expect(
				body.filter(line => line.trimEnd().endsWith('…')),
				frame,
			).toEqual([]);

			seen += frame;
			await view.press(KEYS.down);
		}

		// Round again to the first page, and back with ↑.
		await view.waitFor(`Keys 1/${pages}`);
		await view.press(KEYS.up);
		await view.waitFor(`Keys ${pages}/${pages}`);
		for (const text of [
			'Select the next row',
			'Next page',
			'Status filter, with counts',
			'Why: errors by message',
			'Export the filter to CSV',
			'Find email/ec_id, all pages',
			'Quit (Ctrl+C too)',
		]) {
			expect(seen, text).toContain(text);
		}

		await view.press(KEYS.escape);
		await view.waitFor(frame => !frame.includes('Keys ') && frame.includes('›9881'));
	});

	it('turns the job list’s and the breakdown’s help the same way', async () => {
		const view = await open(undefined, {columns: 40, rows: 10});
		await view.waitFor('›45');
		await view.press('?');
		await view.waitFor(/Keys 1\/\d+ — ↓ more/);
		await view.press('j');
		await view.waitFor(/Keys 2\/\d+ — ↓ more/);
		await view.press('?');
		await view.press('j', KEYS.enter, 'e');
		await view.waitFor('Why records failed');
		await view.press('?');
		await view.waitFor(/Keys 1\/\d+ — ↓ more/);
		await view.press(' ');
		await view.waitFor(/Keys 2\/\d+ — ↓ more/);
	});
});

describe('the footer at 80 columns', () => {
	it('keeps x, b and r (and every key but the arrows’), one space apart', async () => {
		const view = await open(42);
		const frame = await view.waitFor('›9881');
		const footer = frame.split('\n').at(-1)!;
		for (const hint of [
			'f filter',
			'5 errors',
			'e why',
			'/ find',
			'y copy',
			'x export',
			'b back',
			'r reload',
			'? help',
			'q quit',
		]) {
			expect(footer, footer).toContain(hint);
		}

		expect(footer.length).toBeLessThanOrEqual(80);
	});

	it('shows every hint, two spaces apart, where they all fit', async () => {
		// 122 columns of hints, R re-validate included.
		const view = await open(42, {columns: 130, rows: 30});
		const frame = await view.waitFor('›9881');
		expect(frame.split('\n').at(-1)).toMatch(/^↑↓ select {2}←→ page {2}f filter {2}.* {2}q quit/);
	});
});
