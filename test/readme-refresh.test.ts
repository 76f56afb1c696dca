// The README's `--refresh <S>`: "seconds between refreshes of a job still Uploading or Processing (default 5;
// `0` turns it off)". The command line's side (what it takes), and the records screen's controller on the
// demo's job 44, still Processing, with the follow interval --refresh gives it.
import fs from 'node:fs';
import {afterEach, describe, expect, it} from 'vitest';
import {createClient} from '../source/api/client.js';
import {RecordsController} from '../source/store/recordsController.js';
import {sameText} from '../source/text/untrusted.js';
import {recordsViewport} from '../source/ui/RecordsScreen.js';
import {runCli} from './helpers/cli.js';
import {serveDemoPerFile} from './helpers/server.js';
import {manualClock, until} from './store/until.js';

const server = serveDemoPerFile();
const controllers: RecordsController[] = [];

afterEach(() => {
	for (const controller of controllers.splice(0)) {
		controller.dispose();
	}
});

/** Job 44's records, followed every `followMs` (what browse.tsx makes of --refresh), on a clock of the test's. */
async function openJob44(followMs: number) {
	const time = manualClock();
	const controller = new RecordsController(
		{jobId: 44, pageSize: 100, filter: 'All', page: 1, followMs, prefetch: false},
		{
			client: createClient({baseUrl: server().baseUrl, token: server().token, retry: {limit: 0}}),
			viewport: state => recordsViewport(state, {columns: 100, rows: 30}),
			copy: async () => '',
			loadExporter: async () => import('../source/export/export.js'),
			clock: time.clock,
			navigation: {back() {}, breakdown() {}, revalidate() {}, quit() {}, authError() {}},
		},
	);
	controllers.push(controller);
	controller.start();
	await until(
		controller.store,
		s => s.shown !== null && s.job !== null && sameText(s.job.status, 'Processing'),
		'job 44, Processing',
	);
	return time;
}

describe('--refresh', () => {
	it('follows a running job at the interval given', async () => {
		const time = await openJob44(5000);
		expect(time.running).toBe(1);
	});

	it('0 turns it off: nothing runs on the clock', async () => {
		const time = await openJob44(0);
		expect(time.running).toBe(0);
	});

	it('takes 0 to 86400 seconds; anything else is a usage error', async () => {
		const home = fs.mkdtempSync('home-');
		expect(await runCli(['--demo', '42', '--refresh', '0', '--page-size', '1'], {home})).toMatchObject({
			code: 0,
			stderr: '',
		});
		for (const value of ['x', '-1', '86401']) {
			const refused = await runCli(['--demo', '42', `--refresh=${value}`], {home});
			expect(refused.code).toBe(2);
			expect(refused.stderr).toMatch(/--refresh must be an integer from 0 to 86400/);
		}
	});
});
