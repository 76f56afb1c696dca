// `ecore-records revalidate` at a real terminal (tmux), without --yes: it asks, and only a y sends.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {NO_FAULTS, startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {cliCommand, openPane} from '../helpers/tmux.js';

const UPLOAD_PATH = '/backend/api/v1/email-validation/jobs/upload/';
let server: DemoServer;

beforeAll(async () => {
	server = await startDemoServer({balance: 1_000_000});
});

afterAll(async () => {
	await server.close();
});

const posts = () => server.requests.filter(entry => entry.method === 'POST' && entry.path === UPLOAD_PATH);

function open() {
	server.setFaults(NO_FAULTS);
	server.resetStats();
	return openPane(cliCommand('revalidate 42 --status Invalid'), {
		columns: 120,
		rows: 20,
		env: {ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: server.token},
	});
}

describe('revalidate at a terminal, without --yes', () => {
	it('asks with the count and the cost; y sends it once and prints the job id', async () => {
		const pane = open();
		try {
			await pane.waitFor(screen => screen.includes('Upload 49 emails for 49 credits? [y/N]'), {what: 'the question'});
			expect(posts()).toHaveLength(0);
			pane.type('y');
			pane.send('Enter');
			expect(await pane.waitForExit()).toBe(0);
			expect(posts()).toHaveLength(1);
			expect(pane.screen()).toMatch(new RegExp(`^${posts()[0]!.jobId}$`, 'm'));
		} finally {
			pane.kill();
		}
	});

	it('anything else sends nothing and exits 1; so does Ctrl-C (130)', async () => {
		const pane = open();
		try {
			await pane.waitFor(screen => screen.includes('[y/N]'), {what: 'the question'});
			pane.send('Enter');
			expect(await pane.waitForExit()).toBe(1);
			expect(pane.screen()).toContain('Nothing was sent.');
		} finally {
			pane.kill();
		}

		const second = open();
		try {
			await second.waitFor(screen => screen.includes('[y/N]'), {what: 'the question'});
			// Ctrl-C in a cooked terminal signals the whole foreground group, the pane's shell too: the
			// program alone gets the SIGINT here.
			process.kill(second.pid(), 'SIGINT');
			expect(await second.waitForExit()).toBe(130);
		} finally {
			second.kill();
		}

		expect(posts()).toHaveLength(0);
	});
});

describe('revalidate reading a filter’s pages at a terminal', () => {
	it('shows its progress on one line of stderr; Ctrl-C stops it with 130 and sends nothing', async () => {
		server.setFaults({...NO_FAULTS, latencyMs: 300});
		server.resetStats();
		const pane = openPane(cliCommand('revalidate 19 --status All --yes'), {
			columns: 120,
			rows: 20,
			env: {ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: server.token},
		});
		try {
			// Job 19's 30,000 records are 30 pages; the line is redrawn in place as they come.
			const first = await pane.waitFor(screen => /Reading job 19 \(All\): page \d+\/30 · /.test(screen), {
				what: 'the progress line',
			});
			const page = (screen: string) => Number(/page (\d+)\/30/.exec(screen)?.[1]);
			await pane.waitFor(screen => page(screen) > page(first), {what: 'a later page on the same line'});
			expect(pane.screen().match(/Reading job 19/g)).toHaveLength(1);
			process.kill(pane.pid(), 'SIGINT');
			expect(await pane.waitForExit()).toBe(130);
			expect(pane.screen()).not.toMatch(/Reading job 19/);
		} finally {
			pane.kill();
		}

		expect(posts()).toHaveLength(0);
	});
});

describe('revalidate’s progress line where the locale is not UTF-8', () => {
	it('is in ASCII, as the screen is', async () => {
		server.setFaults({...NO_FAULTS, latencyMs: 300});
		server.resetStats();
		const pane = openPane(cliCommand('revalidate 19 --status All --dry-run'), {
			columns: 120,
			rows: 20,
			env: {ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: server.token, LANG: 'C', LC_ALL: '', LC_CTYPE: ''},
		});
		try {
			const line = await pane.waitFor(screen => /Reading job 19 \(All\): page \d+\/30 /.test(screen), {
				what: 'the progress line',
			});
			expect(line).toMatch(/Reading job 19 \(All\): page \d+\/30 \. [\d,]+ \/ 30,000 records/);
			expect(await pane.waitForExit()).toBe(0);
			// The sentence wraps at the pane's width.
			expect(pane.screen().replaceAll('\n', '')).toMatch(/list name ".+ - All - \d{4}-\d{2}-\d{2}"/);
		} finally {
			pane.kill();
		}
	});
});
