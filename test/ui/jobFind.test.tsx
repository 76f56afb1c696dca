// The job list's find (/) as a person meets it: from launch with no job id, any job in four keys.
import {describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import {appOnDemo} from '../helpers/app.js';
import {KEYS} from '../helpers/render.js';
import {serveDemoPerFile} from '../helpers/server.js';
import {rawText} from '../helpers/text.js';

const server = serveDemoPerFile();
const openApp = appOnDemo(server);

const launch = async (columns = 100, rows = 30) => openApp({columns, rows});

/** The error message most Error records of a job have, read from the API page by page. */
async function commonestError(jobId: number): Promise<{message: string; count: number}> {
	const client = createClient({baseUrl: server().baseUrl, token: server().token});
	const counts = new Map<string, number>();
	for (let page = 1, pages = 1; page <= pages; page++) {
		const data = await client.getRecords(jobId, {status: 'Error', page, page_size: 100});
		pages = data.total_pages;
		for (const record of data.results) {
			const message = rawText(record.error_message ?? '');
			counts.set(message, (counts.get(message) ?? 0) + 1);
		}
	}

	const [message, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
	return {message, count};
}

const rowsOf = (frame: string) => frame.split('\n').filter(line => /^[›\s]\s*[\d,]+\s+[\d.]+%/.test(line));
const countOf = (row: string) => Number(/[\d,]+/.exec(row)![0].replaceAll(',', ''));

describe('finding a job', () => {
	it('from launch: /, the id, Enter, e shows the job’s commonest error', async () => {
		const commonest = await commonestError(7001);
		const view = await launch();
		await view.waitFor('Your validation jobs');
		// Exactly the four keys, as a person types them, without waiting for anything in between.
		await view.press('/', '7001', KEYS.enter, 'e');
		const frame = await view.waitFor(frame => frame.includes('job 7001') && rowsOf(frame).length > 1);
		const [top, ...others] = rowsOf(frame);
		expect(top).toMatch(/^›/);
		expect(top).toContain(commonest.message.split(' ').slice(0, 3).join(' '));
		for (const row of others) {
			expect(countOf(top!)).toBeGreaterThanOrEqual(countOf(row));
		}
	});
});

describe('finding a job, typed ahead', () => {
	it('/7001, Enter and e in one read, before the list has even come: the breakdown of job 7001', async () => {
		const view = await launch();
		view.write('/7001\re');
		await view.waitFor(frame => frame.includes('Why records failed — job 7001'));
	});
});

describe('the job list at 40×10', () => {
	const selectedJob = (frame: string) => /│ ›(\d+) /.exec(frame)?.[1];
	const jobRows = (frame: string) => frame.split('\n').filter(line => /^│ [ ›]\d+ /.test(line)).length;

	it('a page is what the screen shows; ↓ goes on to the next page; Enter opens the job shown selected', async () => {
		const view = await launch(40, 10);
		const first = await view.waitFor(/page 1 of/);
		const perPage = jobRows(first);
		const pages = Number(/page 1 of (\d+) · (\d+) jobs/.exec(first)![1]);
		const jobs = Number(/page 1 of \d+ · (\d+) jobs/.exec(first)![1]);
		expect(pages).toBe(Math.ceil(jobs / perPage));
		let frame = first;
		for (let index = 0; index < perPage; index++) {
			await view.press('j');
			frame = await view.waitFor(next => selectedJob(next) !== undefined && next !== frame);
		}

		expect(frame).toMatch(/page 2 of/);
		const shown = selectedJob(frame);
		expect(shown).toBeDefined();
		await view.press(KEYS.enter);
		await view.waitFor(`Job ${shown}`);
	});
});

describe('the job list after the terminal shrinks', () => {
	it('keeps the selected job on screen', async () => {
		const view = await launch(100, 30);
		await view.waitFor(/›45 /);
		for (let index = 0; index < 10; index++) {
			await view.press('j');
		}

		const before = await view.waitFor(/›\d+ /);
		const job = /›(\d+) /.exec(before)![1];
		view.resize(40, 10);
		const after = await view.waitFor(frame => frame.split('\n').length <= 9 && frame.includes('│ ›'));
		expect(after).toContain(`›${job} `);
	});
});
