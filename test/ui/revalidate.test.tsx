// Re-validation as a person meets it, in the whole app against the demo server on loopback: R on a
// filter, a breakdown group or a pattern, the confirmation, y, and the new job followed live.
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {createClient} from '../../source/api/client.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import type {TokenSupport} from '../../source/store/navigator.js';
import {createTheme} from '../../source/terminal/theme.js';
import {KEYS, renderAt, type Rendered} from '../helpers/render.js';
import {serveDemoPerFile} from '../helpers/server.js';

const BALANCE = 1_000_000;
const server = serveDemoPerFile({balance: BALANCE, uploadTiming: {queuedMs: 300, processingMs: 1500}});
let view: Rendered | undefined;

afterEach(() => {
	view?.unmount();
	view = undefined;
	server().setFaults(NO_FAULTS);
	server().setTokens([server().token]);
	server().setBalance(BALANCE);
	server().resetStats();
});

const UPLOAD_PATH = '/backend/api/v1/email-validation/jobs/upload/';
const posts = () => server().requests.filter(entry => entry.method === 'POST' && entry.path === UPLOAD_PATH);

async function open(jobId: number, options: {columns?: number; rows?: number; token?: TokenSupport} = {}) {
	const client = createClient({baseUrl: server().baseUrl, token: server().token, retry: {limit: 0}});
	view = await renderAt(
		<App
			client={client}
			jobId={jobId}
			pageSize={100}
			filter="All"
			page={1}
			theme={createTheme({})}
			followMs={200}
			token={options.token}
			onQuit={() => undefined}
		/>,
		options.columns ?? 100,
		options.rows ?? 30,
	);
	return view;
}

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
		const view = await open(7001);
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
		expect(posts()).toHaveLength(1);
		// b goes back to where R was pressed.
		await view.press('b');
		await view.waitFor(frame => frame.includes('Job 7001') && /Error · page 1 of/.test(frame));
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
		await view.waitFor(/Job \d+ created/);
		expect(posts()).toHaveLength(1);
		expect(posts()[0]?.emailCount).toBe(Number(count!.replaceAll(',', '')));
	});
});
