// Start-up over a slow API, through the real CLI in a pseudo-terminal: what the first screen needs is
// asked for once, before the screen exists, and never again. The API is the demo server in this process,
// 300 ms away (issue 14: page 1 used to be asked for twice whenever its answer took over 150 ms).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {cliCommand, openPane, type Pane} from '../helpers/tmux.js';

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

async function start(
	args: string,
	shows: (screen: string) => boolean,
	options: {preload?: string; env?: Record<string, string>; stderr?: 'file'} = {},
): Promise<string[]> {
	server.resetStats();
	pane = openPane(cliCommand(args, {preload: options.preload}), {
		columns: 120,
		rows: 40,
		env: {ECORE_API_TOKEN: server.token, ECORE_BASE_URL: server.baseUrl, ...options.env},
		stderr: options.stderr,
	});
	await pane.waitFor(shows, {what: args});
	pane.send('q');
	expect(await pane.waitForExit()).toBe(0);
	return sent();
}

describe('start-up against an API 300 ms away', () => {
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

	// The first Intl object a process makes (a number format, a grapheme segmenter: ours or a library's
	// at module level) initialises ICU, ~10 ms on this machine; made before the first request it delays
	// the request, made after it overlaps the round trip. The preload notes each one, and each fetch.
	const INTL_ORDER = fileURLToPath(new URL('fixtures/intl-order.mjs', import.meta.url));

	it.each([
		{screen: 'a job', args: '42', shows: (screen: string) => screen.includes('›9881')},
		{screen: 'the job list', args: '', shows: (screen: string) => screen.includes('Q1 Leads')},
	])('$screen: its first request leaves before anything initialises ICU', async ({args, shows}) => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-intl-order-'));
		try {
			const events = path.join(directory, 'events');
			await start(args, shows, {preload: INTL_ORDER, env: {ECORE_TEST_EVENTS: events}});
			const seen = fs.readFileSync(events, 'utf8').split('\n');
			// ICU is used once the screen draws (widths, numbers): the preload saw it, and after the request.
			expect(seen.some(event => event.startsWith('Intl.'))).toBe(true);
			expect(seen[0]).toBe('fetch');
		} finally {
			fs.rmSync(directory, {recursive: true, force: true});
		}
	});

	// Node names each module as it compiles it (NODE_DEBUG=esm, on stderr), which for a module imported
	// once the requests are on their way comes after its file was read, so after the first fetch; the
	// preload writes that fetch there too. The bundle's chunks name their sources.
	it('a job: neither React nor the screen’s size store loads before its first request', async () => {
		await start('42', screen => screen.includes('›9881'), {
			preload: INTL_ORDER,
			env: {NODE_DEBUG: 'esm', ECORE_TEST_FETCH_ON_STDERR: '1'},
			stderr: 'file',
		});
		const log = pane!.stderr();
		expect(log).toContain('ECORE_TEST fetch');
		const before = log.slice(0, log.indexOf('ECORE_TEST fetch'));
		const chunks = [...new Set(before.match(/(?<=Translating StandardModule )file:\S+/g) ?? [])];
		const sources = chunks.flatMap(url =>
			[...fs.readFileSync(new URL(url), 'utf8').matchAll(/(?<=^\/\/ )(source|node_modules)\/\S+/gm)].map(
				([source]) => source,
			),
		);
		// The check sees the modules it is about: these are on the way to the request.
		expect(sources).toContain('source/store/first.ts');
		expect(sources.filter(source => /^node_modules\/react\/|^source\/store\/(size|store)\.ts$/.test(source))).toEqual(
			[],
		);
	});
});
