// Re-validation as a person meets it, in the whole app against the demo server on loopback: R on a
// filter, a breakdown group or a pattern, the confirmation, y, and the new job followed live.
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {NO_FAULTS} from '../../source/demo/server.js';
import type {TokenSupport} from '../../source/store/navigator.js';
import {createClient} from '../../source/api/client.js';
import {appOnDemo, demoClient} from '../helpers/app.js';
import {KEYS} from '../helpers/render.js';
import {serveDemoPerFile} from '../helpers/server.js';
import {rawText} from '../helpers/text.js';

const BALANCE = 1_000_000;
const server = serveDemoPerFile({balance: BALANCE, uploadTiming: {queuedMs: 300, processingMs: 1500}});
const openApp = appOnDemo(server, {retries: 0, followMs: 200}, demo => {
	demo.setFaults(NO_FAULTS);
	demo.setTokens([demo.token]);
	demo.setBalance(BALANCE);
	demo.resetStats();
});

const UPLOAD_PATH = '/backend/api/v1/email-validation/jobs/upload/';
const posts = () => server().requests.filter(entry => entry.method === 'POST' && entry.path === UPLOAD_PATH);

const open = async (jobId: number, options: {columns?: number; rows?: number; token?: TokenSupport} = {}) =>
	openApp({jobId, ...options});

describe('R in the records view', () => {
	// First: a finished upload's refund would add to the wallet the 402 is checked against.
	it('402: needed and balance on screen; nothing charged', async () => {
		server().setBalance(12);
		const view = await open(42);
		await view.waitFor(/All · page 1 of/);
		await view.press('3');
		await view.waitFor(/Invalid · page 1 of/);
		await view.press('R');
		await view.waitFor('emails to upload');
		await view.press('y');
		const failed = await view.waitFor('balance 12');
		expect(posts().map(entry => entry.status)).toEqual([402]);
		expect(failed).toMatch(/Needed [\d,]+ credits · balance 12/);
		expect(failed).toContain('49 needed, 12 in the wallet; nothing was charged');
		expect(server().balance).toBe(12);
	});

	it('R, y on job 7001’s 6,200 Error records: uploaded once, the new job opens and is followed to Processed', async () => {
		const view = await open(7001, {columns: 140});
		await view.waitFor(/All · page 1 of/);
		await view.press('5');
		await view.waitFor(/Error · page 1 of/);
		await view.press('R');
		const confirm = await view.waitFor('6,200 emails to upload', 15_000);
		expect(confirm).toContain('Re-validate as a new job — job 7001');
		expect(confirm).toContain('6,200 credits');
		expect(confirm).toMatch(/List name +.* — Error — \d{4}-\d{2}-\d{2}/);
		// y at once (no field has focus), then again as a held key would.
		view.write('y');
		view.write('yyyy');
		await view.waitFor(/Job \d+ created: 6,200 emails sent once/);
		expect(posts()).toHaveLength(1);
		const jobId = posts()[0]!.jobId!;
		await view.waitFor(frame => frame.includes(`Job ${jobId}`) && frame.includes('Processing'), 15_000);
		const done = await view.waitFor(frame => frame.includes(`Job ${jobId}`) && frame.includes('Processed'), 15_000);
		expect(done).toMatch(/All · page 1 of/);
		// The live follow's refreshes leave what was done on screen.
		expect(done).toContain(`Job ${jobId} created: 6,200 emails sent once`);
		expect(posts()).toHaveLength(1);
		// b goes back to where R was pressed.
		await view.press('b');
		await view.waitFor(frame => frame.includes('Job 7001') && /Error · page 1 of/.test(frame));
	});

	it('a 429 on the first page read shows the wait at once, with nothing yet to count', async () => {
		const view = await open(7001, {columns: 140});
		await view.waitFor(/All · page 1 of/);
		await view.press('5');
		await view.waitFor(/Error · page 1 of/);
		server().setFaults({failEvery: 1, failStatus: 429, retryAfter: 300});
		await view.press('R');
		const waiting = await view.waitFor(/waiting \d+ s: the API asked to slow down/);
		expect(waiting).toMatch(/Reading the records’ emails… · waiting \d+ s: the API asked to slow down/);
		expect(posts()).toEqual([]);
	});

	it('Esc goes back to the records as they were, and nothing is sent', async () => {
		const view = await open(42);
		await view.waitFor(/All · page 1 of/);
		await view.press('3');
		await view.waitFor(/Invalid · page 1 of/);
		await view.press('R');
		await view.waitFor('emails to upload');
		await view.press(KEYS.escape);
		await view.waitFor(/Invalid · page 1 of/);
		await view.press('y');
		expect(posts()).toHaveLength(0);
	});

	it('401: the token screen, then back to the confirmation; y then sends it once', async () => {
		const make = (token: string) => createClient({baseUrl: server().baseUrl, token, retry: {limit: 0}});
		const token: TokenSupport = {createClient: make, verify: async () => 'ok', baseUrl: server().baseUrl};
		const view = await open(42, {token});
		await view.waitFor(/All · page 1 of/);
		await view.press('3');
		await view.waitFor(/Invalid · page 1 of/);
		await view.press('R');
		await view.waitFor('emails to upload');
		server().setTokens(['the-new-token']);
		await view.press('y');
		await view.waitFor(/token/i);
		view.write('the-new-token');
		await view.press(KEYS.enter);
		const back = await view.waitFor('A new token is in use. Nothing was sent with it yet: y sends it.');
		expect(back).toContain('emails to upload');
		expect(posts().map(entry => entry.status)).toEqual([401]);
		await view.press('y');
		await view.waitFor(/Job \d+ created/);
		expect(posts().map(entry => entry.status)).toEqual([401, 201]);
	});
});

describe('failures on screen', () => {
	it('400: the refused addresses (the first few, how many); o leaves them out; y sends the rest', async () => {
		const records = await demoClient(server()).getRecords(42, {
			status: 'Invalid',
			page_size: 100,
		});
		const refused = records.results.slice(0, 7).map(record => rawText(record.email).toLowerCase());
		server().setFaults({refuseEmails: refused});
		const view = await open(42);
		await view.waitFor(/All · page 1 of/);
		await view.press('3');
		await view.waitFor(/Invalid · page 1 of/);
		await view.press('R');
		await view.waitFor('49 emails to upload');
		await view.press('y');
		const rejected = await view.waitFor('…and 2 more');
		for (const email of refused.slice(0, 5)) {
			expect(rejected).toContain(email);
		}

		expect(rejected).toContain('o leaves these 7 out');
		await view.press('o');
		await view.waitFor('42 emails to upload');
		await view.press('y');
		await view.waitFor(/Job \d+ created: 42 emails sent once/);
		expect(posts().map(entry => [entry.status, entry.emailCount])).toEqual([
			[400, 49],
			[201, 42],
		]);
	});

	it('no answer: not sent again; the job found in the job list is shown, and Enter opens it', async () => {
		const view = await open(42);
		await view.waitFor(/All · page 1 of/);
		await view.press('3');
		await view.waitFor(/Invalid · page 1 of/);
		await view.press('R');
		await view.waitFor('49 emails to upload');
		// The POST's answer is cut after the API made the job; the look in the job list (the next request) is answered.
		server().setFaults({malformed: 'reset', malformedEvery: 1});
		await view.press('y');
		await view.waitFor('Looking in the job list', 15_000);
		server().setFaults(NO_FAULTS);
		const unknown = await view.waitFor(
			frame => frame.includes('Found in the job list') || frame.includes('Could not look'),
		);
		if (unknown.includes('Could not look')) {
			await view.press('r');
			await view.waitFor('Found in the job list');
		}

		const made = posts()[0]!.jobId!;
		const found = view.frame();
		expect(found).toContain(`job ${made} (`);
		expect(found).toContain('s send again');
		await view.press('y');
		expect(posts()).toHaveLength(1);
		await view.press(KEYS.enter);
		await view.waitFor(`Job ${made}`);
		expect(posts()).toHaveLength(1);
	});
});

describe('R in the error breakdown', () => {
	it('on a pattern group: its records, once', async () => {
		const view = await open(7001, {columns: 120, rows: 40});
		await view.waitFor(/All · page 1 of/);
		await view.press('e');
		await view.waitFor('Share', 15_000);
		await view.press('g');
		const patterns = await view.waitFor('[pattern]');
		const row = patterns.split('\n').find(line => line.startsWith('›'))!;
		const count = /›\s*([\d,]+)/.exec(row)?.[1];
		expect(count).toBeDefined();
		await view.press('R');
		await view.waitFor(`${count} emails to upload`, 15_000);
		await view.press('y');
		// The new job's name says what it holds in words: the job's name, the pattern (its placeholders
		// left out), the date; on the screen and as the API keeps it.
		const name = /Enterprise CRM export — Error · ZeroBounce API timeout after … — \d{4}-\d{2}-\d{2}/;
		expect(row).toContain('ZeroBounce API timeout after {duration}');
		const opened = await view.waitFor(new RegExp(`Job (\\d+) “${name.source}”`));
		expect(posts()).toHaveLength(1);
		expect(posts()[0]?.emailCount).toBe(Number(count!.replaceAll(',', '')));
		const jobId = Number(new RegExp(`Job (\\d+) “${name.source}”`).exec(opened)?.[1]);
		const client = createClient({baseUrl: server().baseUrl, token: server().token, retry: {limit: 0}});
		expect(rawText((await client.getJob(jobId)).list_name)).toMatch(new RegExp(`^${name.source}$`));
	});
});

describe('the confirmation’s size', () => {
	it.each([
		[80, 24],
		[40, 10],
	])('keeps within %i×%i, with the count, the cost and y on screen', async (columns, rows) => {
		const view = await open(42, {columns, rows});
		await view.waitFor(/All · page 1/);
		await view.press('3');
		await view.waitFor(/Invalid · page 1/);
		await view.press('R');
		const frame = await view.waitFor(current => current.includes('49 emails') && current.includes('y upload'));
		expect(frame).toMatch(/49 credits/);
		for (const text of view.frames) {
			expect(text.split('\n').length).toBeLessThanOrEqual(rows - 1);
			for (const line of text.split('\n')) {
				expect(stringWidth(line)).toBeLessThanOrEqual(columns);
			}
		}
	});
});
