// Start-up over a slow API, through the real CLI in a pseudo-terminal: what the first screen needs is
// asked for once, before the screen exists, and never again. The API is the demo server in this process,
// 300 ms away (issue 14: page 1 used to be asked for twice whenever its answer took over 150 ms).
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {cliCommand, hasTmux, openPane, type Pane} from '../helpers/tmux.js';

let server: DemoServer;
let pane: Pane | undefined;

beforeAll(async () => {
	server = await startDemoServer({faults: {latencyMs: 300}});
});

afterAll(async () => {
	await server.close();
});

afterEach(() => {
	pane?.kill();
	pane = undefined;
	server.resetStats();
});

/** Each request the server saw, as path and query. */
const sent = () =>
	server.requests.map(({path, query}) => {
		const search = new URLSearchParams(query).toString();
		return `${path.replace('/backend/api/v1/email-validation/', '')}${search ? `?${search}` : ''}`;
	});

async function start(args: string, shows: (screen: string) => boolean): Promise<string[]> {
	server.resetStats();
	pane = openPane(cliCommand(args), {
		columns: 120,
		rows: 40,
		env: {ECORE_API_TOKEN: server.token, ECORE_BASE_URL: server.baseUrl},
	});
	await pane.waitFor(shows, {what: args});
	pane.send('q');
	expect(await pane.waitForExit()).toBe(0);
	return sent();
}

describe.runIf(hasTmux())('start-up against an API 300 ms away', () => {
	it('a job at its first page: the summary alone brings the first rows, and nothing is asked twice', async () => {
		const requests = await start('42', screen => screen.includes('›9881') && screen.includes('Q1 Leads'));
		expect(requests[0]).toBe('jobs/42/');
		expect(requests).not.toContain('jobs/42/records/?status=All&page=1&page_size=100');
		expect(new Set(requests).size).toBe(requests.length);
	});

	it('a job at another filter: its summary and its page, each once', async () => {
		const requests = await start(
			'42 --status Error',
			screen => screen.includes('Error · page 1') && screen.includes('Q1 Leads'),
		);
		expect(requests.slice(0, 2).sort()).toEqual(['jobs/42/', 'jobs/42/records/?status=Error&page=1&page_size=100']);
		expect(new Set(requests).size).toBe(requests.length);
	});

	it('the job list: its first page, once', async () => {
		const requests = await start('', screen => screen.includes('Q1 Leads'));
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatch(/^jobs\/\?status=All&page=1&page_size=\d+$/);
	});
});
