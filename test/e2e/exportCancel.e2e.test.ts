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

describe('export at a terminal, made to wait by a 429', () => {
	it.each([
		['q', 'q'],
		['Ctrl+C', 'C-c'],
	])('shows the wait and stops on %s, exit 130, no file, the terminal as it was', async (_name, key) => {
		// Every third request is refused with a wait far longer than the client's own retries take: pages 1
		// and 2, asked for together, both answer whichever arrives first.
		server.setFaults({failEvery: 3, failStatus: 429, retryAfter: 300});
		pane = startCli(tmux, 'export 19 --status All -o out.csv', {
			columns: 120,
			rows: 10,
			stderr: 'terminal',
			env: {ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: server.token},
		});
		const waiting = await pane.waitFor(screen => /waiting \d+ s \(rate limited\)/.test(screen), {
			what: 'the wait on the progress line',
			timeoutMs: 20_000,
		});
		expect(waiting).toMatch(/Exporting job 19 \(All\): page \d+\/30 · [\d,]+ \/ 30,000 records/);
		expect(waiting).toContain('q stops');
		pane.send(key);
		expect(await pane.waitForExit(10_000)).toBe(EXIT.SIGINT);
		expect(pane.screen()).toContain('Export cancelled.');
		const {before, after} = pane.stty();
		expect(after).toBe(before);
		expect((await readdir(pane.directory)).filter(name => name.includes('out.csv'))).toEqual([]);
	});

	it('refused from the first page on: says no page was read yet, not "0 / 0 records 100%", and q stops it', async () => {
		server.setFaults({failEvery: 1, failStatus: 429, retryAfter: 300});
		pane = startCli(tmux, 'export 19 --status All -o out.csv', {
			columns: 120,
			rows: 10,
			stderr: 'terminal',
			env: {ECORE_BASE_URL: server.baseUrl, ECORE_API_TOKEN: server.token},
		});
		const waiting = await pane.waitFor(screen => /waiting \d+ s \(rate limited\)/.test(screen), {
			what: 'the wait on the progress line',
			timeoutMs: 20_000,
		});
		expect(waiting).toMatch(/^Exporting job 19 \(All\): no page read yet · waiting \d+ s \(rate limited\) · q stops$/m);
		pane.send('q');
		expect(await pane.waitForExit(10_000)).toBe(EXIT.SIGINT);
		expect((await readdir(pane.directory)).filter(name => name.includes('out.csv'))).toEqual([]);
	});
});
