// `export` at a real terminal (tmux) against an API that makes it wait (issue 14): the wait is on the
// progress line, `q` stops it there and then, and the terminal is left in the mode it was in.
import {readdir} from 'node:fs/promises';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {NO_FAULTS, startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {EXIT} from '../../source/exit.js';
import {startCli, startTmux, type Pane, type TmuxServer} from '../helpers/tmux.js';

let server: DemoServer;
let tmux: TmuxServer;
let pane: Pane | undefined;

beforeAll(async () => {
	server = await startDemoServer({port: 0});
	tmux = startTmux();
});
afterEach(() => {
	pane?.kill();
	pane = undefined;
	server.setFaults(NO_FAULTS);
});
afterAll(async () => {
	tmux.kill();
	await server.close();
});

/** `export 19` at a 120×10 terminal, until its progress line shows the wait: the pane and that screen. */
async function exportUntilItWaits(): Promise<{started: Pane; waiting: string}> {
	const started = startCli(tmux, 'export 19 --status All -o out.csv', {
		columns: 120,
		rows: 10,
		stderr: 'terminal',
		env: {ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: server.token},
	});
	pane = started;
	const waiting = await started.waitFor(screen => /waiting \d+ s \(rate limited\)/.test(screen), {
		what: 'the wait on the progress line',
		timeoutMs: 20_000,
	});
	return {started, waiting};
}

/** What of the export's file is in the pane's directory: nothing, when it was cancelled. */
const outFiles = async (started: Pane) => (await readdir(started.directory)).filter(name => name.includes('out.csv'));

describe('export at a terminal, made to wait by a 429', () => {
	it.each([
		['q', 'q'],
		['Ctrl+C', 'C-c'],
	])('shows the wait and stops on %s, exit 130, no file, the terminal as it was', async (_name, key) => {
		// Every third request is refused with a wait far longer than the client's own retries take: pages 1
		// and 2, asked for together, both answer whichever arrives first.
		server.setFaults({failEvery: 3, failStatus: 429, retryAfter: 300});
		const {started, waiting} = await exportUntilItWaits();
		expect(waiting).toMatch(/Exporting job 19 \(All\): page \d+\/30 · [\d,]+ \/ 30,000 records/);
		expect(waiting).toContain('q stops');
		started.send(key);
		expect(await started.waitForExit(10_000)).toBe(EXIT.SIGINT);
		expect(started.screen()).toContain('Export cancelled.');
		const {before, after} = started.stty();
		expect(after).toBe(before);
		expect(await outFiles(started)).toEqual([]);
	});

	it('refused from the first page on: says no page was read yet, not "0 / 0 records 100%", and q stops it', async () => {
		server.setFaults({failEvery: 1, failStatus: 429, retryAfter: 300});
		const {started, waiting} = await exportUntilItWaits();
		expect(waiting).toMatch(/^Exporting job 19 \(All\): no page read yet · waiting \d+ s \(rate limited\) · q stops$/m);
		started.send('q');
		expect(await started.waitForExit(10_000)).toBe(EXIT.SIGINT);
		expect(await outFiles(started)).toEqual([]);
	});
});
