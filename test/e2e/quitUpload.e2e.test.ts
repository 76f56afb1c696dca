// q while a re-validation upload is on its way, in a real terminal: one press, and once the terminal is
// given back its last line says what the upload did.
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {NO_FAULTS, startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {cliCommand, openPane, type Pane} from '../helpers/tmux.js';
import {untilTrue} from '../helpers/until.js';

const UPLOAD_PATH = '/backend/api/v1/email-validation/jobs/upload/';
let server: DemoServer;
let pane: Pane | undefined;

beforeAll(async () => {
	server = await startDemoServer({balance: 1_000_000});
});

afterAll(async () => {
	await server.close();
});

afterEach(() => {
	pane?.kill();
	pane = undefined;
	server.setFaults(NO_FAULTS);
	server.resetStats();
});

const posts = () => server.requests.filter(entry => entry.method === 'POST' && entry.path === UPLOAD_PATH);

async function confirmation(): Promise<Pane> {
	const opened = openPane(cliCommand('42'), {
		columns: 120,
		rows: 30,
		env: {ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: server.token},
	});
	pane = opened;
	await opened.waitFor(screen => screen.includes('page 1 of'), {what: 'the records'});
	opened.send('3');
	await opened.waitFor(screen => screen.includes('Invalid · page 1 of'), {what: 'the Invalid filter'});
	opened.send('R');
	await opened.waitFor(screen => screen.includes('49 emails to upload'), {what: 'the confirmation'});
	return opened;
}

describe('q while the upload is on its way', () => {
	it('one q: the app waits for the answer, leaves, and the last line is the new job', async () => {
		const pane = await confirmation();
		server.setFaults({...NO_FAULTS, latencyMs: 1500});
		pane.send('y');
		await untilTrue(() => posts().length === 1, 'the upload to arrive');
		pane.send('q');
		await pane.waitFor(screen => screen.includes("Quitting as soon as the upload's answer comes"), {
			what: 'the notice that it waits',
		});
		expect(await pane.waitForExit()).toBe(0);
		const jobId = posts()[0]!.jobId!;
		expect(pane.state().alternate).toBe(false);
		expect(pane.screen()).toContain(`ecore-records: Job ${jobId} created: 49 emails sent once, 49 credits charged`);
	});

	it('q twice: leaves at once, saying it was sent and how to check', async () => {
		const pane = await confirmation();
		server.setFaults({...NO_FAULTS, latencyMs: 3000});
		pane.send('y');
		await untilTrue(() => posts().length === 1, 'the upload to arrive');
		pane.send('q');
		await pane.waitFor(screen => screen.includes("Quitting as soon as the upload's answer comes"));
		pane.send('q');
		expect(await pane.waitForExit()).toBe(0);
		const screen = pane.screen().replaceAll(/\s+/g, ' ');
		expect(screen).toMatch(
			/ecore-records: The upload of 49 emails as “.+” was sent at \d\d:\d\d:\d\d and no clear answer had come when you quit: it may have made a job and charged up to 49 credits\. Look in the job list before sending it again: ecore-records, then \/ and the name\./,
		);
	});
});
