// The README's Quick start walk through the demo, key by key, in a real terminal (tmux), as a newcomer
// types it: "the job list opens first: press Enter on a job (or `/`, its id or name, Enter), `5` for its
// Error records, `e` for why they failed, Enter on a reason to see those records, `x` to write them to a
// CSV file, `b` to go back, `q` to quit (back in the job list's find bar, where `q` is a letter, Esc first)."
import fs from 'node:fs';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runCli} from './helpers/cli.js';
import {cliCommand, openPane, type Pane} from './helpers/tmux.js';

let pane: Pane | undefined;

afterEach(() => {
	pane?.kill();
	pane = undefined;
});

const readme = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('the Quick start', () => {
	it('names the demo and the tests as its first two commands, and package.json runs the demo on dist/', () => {
		const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map(match => match[1]!.trim());
		expect(blocks.slice(0, 2)).toEqual(['npm install && npm run demo', 'npm install && npm test']);
		const {scripts} = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
			scripts: Record<string, string>;
		};
		// The walk below runs what `npm run demo` runs after its build: the bundle with --demo.
		expect(scripts['demo']).toBe('npm run build --silent && node dist/cli.js --demo');
	});

	it('walks as the README says: job list, /7001, 5, e, Enter, x, b, Esc, q', async () => {
		pane = openPane(cliCommand('--demo'), {columns: 120, rows: 40});
		await pane.waitFor(screen => screen.includes('Your validation jobs') && screen.includes('Q1 Leads'), {
			what: 'the job list first',
		});
		pane.type('/7001');
		pane.send('Enter');
		await pane.waitFor(screen => screen.includes('Job 7001') && screen.includes('120,000 records'), {
			what: 'job 7001',
		});
		pane.send('5');
		await pane.waitFor(screen => /Error · page 1 of 62 · 6,200 records/.test(screen), {what: 'its Error records'});
		pane.send('e');
		await pane.waitFor(
			screen => screen.includes('Why records failed') && /›\s*1,900 .*ZeroBounce API timeout after 30s/.test(screen),
			{what: 'the breakdown, largest group selected'},
		);
		pane.send('Enter');
		await pane.waitFor(screen => screen.includes('1,900 records') && !screen.includes('Why records failed'), {
			what: "the group's records",
		});
		pane.send('x');
		// A message too long for the header is on lines of its own above the footer.
		const wrote = /Wrote 1,900 records to\s+(\S+\.csv)/;
		const written = await pane.waitFor(screen => wrote.test(screen.replaceAll('\n', ' ')), {what: 'the export'});
		const file = wrote.exec(written.replaceAll('\n', ' '))![1]!;
		expect(path.basename(file)).toBe('ecore-job-7001-Enterprise-CRM-export-Error-ZeroBounce-API-timeout-after-30s.csv');
		// A header and 1,900 records, CRLF as RFC 4180 ends them.
		expect(fs.readFileSync(file, 'utf8').trimEnd().split('\r\n')).toHaveLength(1901);
		pane.send('b');
		await pane.waitFor(screen => screen.includes('Why records failed'), {what: 'back to the breakdown'});
		pane.send('b');
		await pane.waitFor(screen => /Error · page 1 of 62/.test(screen) && !screen.includes('Why records failed'), {
			what: 'back to the Error records',
		});
		pane.send('b');
		// Back to the job list as it was: its find bar open on 7001, where q would be typed.
		await pane.waitFor(screen => screen.includes('Your validation jobs') && /\/ 7001 .*Esc clear/.test(screen), {
			what: 'back to the job list, its find bar as it was',
		});
		pane.send('Escape');
		await pane.waitFor(screen => !screen.includes('Esc clear') && screen.includes('Q1 Leads'), {
			what: 'the find cleared',
		});
		pane.send('q');
		expect(await pane.waitForExit()).toBe(0);
		expect(pane.state()).toMatchObject({alternate: false, cursorVisible: true});
		const {before, after} = pane.stty();
		expect(after).toBe(before);
	});
});

describe('the demo jobs worth a look', () => {
	const home = fs.mkdtempSync('home-');
	/** The page printed as text (stdout is not a terminal here): its rows as records of the header's fields. */
	async function rows(...args: string[]): Promise<Array<Record<string, string>>> {
		const {code, stdout, stderr} = await runCli(['--demo', ...args], {home});
		expect({code, stderr}).toEqual({code: 0, stderr: ''});
		const [header, ...lines] = stdout
			.trimEnd()
			.split('\n')
			.map(line => line.split('\t'));
		return lines.map(line => Object.fromEntries(header!.map((field, index) => [field, line[index] ?? ''])));
	}

	it('are what the README says: 42, 7001, 44, 43 and 666', async () => {
		const jobs = new Map((await rows()).map(job => [job['id'], job]));
		expect(jobs.get('42')).toMatchObject({list_name: 'Q1 Leads', total_records: '250'});
		expect(jobs.get('7001')).toMatchObject({total_records: '120000'});
		expect(jobs.get('44')).toMatchObject({status: 'Processing'});
		expect(jobs.get('43')).toMatchObject({total_records: '0'});
		// Escape sequences shown as visible text.
		expect(jobs.get('666')?.['list_name']).toContain('\\x1b[31m');
		expect(await rows('7001', '--status', 'Error', '--page-size', '1')).toHaveLength(1);
	});

	it("666's records hold bidi overrides and fields of 10,000 characters, shown as visible text", async () => {
		const records = await rows('666', '--page-size', '1000');
		const fields = records.flatMap(record => Object.values(record));
		expect(fields.some(field => field.includes('\\u202e'))).toBe(true);
		expect(fields.some(field => field.length >= 10_000)).toBe(true);
		expect(fields.join('').includes('\u202E')).toBe(false);
	});
});
