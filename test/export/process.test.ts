// `export` as a real process: signals arriving mid-export, `-o -`, and a stdout that cannot be written.
// The built CLI runs against a demo server this test starts, slow enough that the export is still running
// when the signal comes; the test waits for proof that it started, never for a fixed time.
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {createReadStream, watch} from 'node:fs';
import {mkdtemp, open, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {text} from 'node:stream/consumers';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {EXIT} from '../../source/exit.js';
import {untilRequests} from '../helpers/server.js';

const cli = resolve(import.meta.dirname, '../../dist/cli.js');
let server: DemoServer;
let directory: string;

beforeAll(async () => {
	server = await startDemoServer({port: 0});
});
beforeEach(async () => {
	directory = await mkdtemp(join(tmpdir(), 'ecore-export-process-'));
});
afterEach(async () => {
	server.setFaults({latencyMs: 0, rateLimitPerSecond: 0});
	server.resetStats();
	await rm(directory, {recursive: true, force: true});
});
afterAll(async () => {
	await server.close();
});

interface Exited {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

function start(
	args: string[],
	stdout: 'pipe' | 'ignore' | number = 'pipe',
	nodeFlags: string[] = [],
	env: Record<string, string> = {},
): {child: ChildProcess; exited: Promise<Exited>} {
	const child = spawn(process.execPath, [...nodeFlags, cli, ...args], {
		cwd: directory,
		env: {
			PATH: process.env['PATH'] ?? '',
			XDG_CONFIG_HOME: directory,
			ECORE_BASE_URL: server.baseUrl,
			ECORE_API_TOKEN: server.token,
			...env,
		},
		stdio: ['ignore', stdout, 'pipe'],
	});
	let out = '';
	let err = '';
	child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
	const exited = new Promise<Exited>(done => {
		child.once('close', (code, signal) => done({code, signal, stdout: out, stderr: err}));
	});
	return {child, exited};
}

/** Resolves once a file whose name matches appears in the directory (the export's temporary file). */
function appears(pattern: RegExp): Promise<string> {
	return new Promise((done, fail) => {
		const watcher = watch(directory);
		const check = async () => {
			const name = (await readdir(directory)).find(entry => pattern.test(entry));
			if (name) {
				watcher.close();
				done(name);
			}
		};
		watcher.on('change', () => void check().catch(fail));
		void check().catch(fail);
	});
}

/** Resolves once the demo server has received a records request. */
async function requested(): Promise<void> {
	// The server runs in this process: its log grows as requests arrive; checked every 10 ms until it does.
	while (!server.requests.some(entry => entry.path.includes('/records/'))) {
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

describe('export -o stopped by a signal', () => {
	it.each([
		['SIGINT', EXIT.SIGINT],
		['SIGTERM', EXIT.SIGTERM],
		['SIGHUP', EXIT.SIGHUP],
	] as const)('%s removes the temporary file, keeps the old file and exits %i', async (signal, exitCode) => {
		// Every page takes a while: the export is far from done when the signal arrives.
		server.setFaults({latencyMs: 2000});
		const path = join(directory, 'out.csv');
		await writeFile(path, 'precious\n');
		const partial = appears(/^\.out\.csv\.partial-/);
		const {child, exited} = start(['export', '7001', '-o', path]);
		await partial;
		await requested();
		child.kill(signal);
		const result = await exited;
		expect(result).toMatchObject({code: exitCode, signal: null, stdout: ''});
		expect(result.stderr).toBe(`Export cancelled. ${path} was left as it was.\n`);
		expect(await readdir(directory)).toEqual(['out.csv']);
		expect(await readFile(path, 'utf8')).toBe('precious\n');
	});

	it('SIGTERM while exporting to stdout stops it and exits 143', async () => {
		server.setFaults({latencyMs: 2000});
		const {child, exited} = start(['export', '7001']);
		await requested();
		child.kill('SIGTERM');
		const result = await exited;
		expect(result).toMatchObject({code: EXIT.SIGTERM, signal: null, stdout: '', stderr: 'Export cancelled.\n'});
	});
});

describe('export from a throttled API', () => {
	it('completes against 2 requests a second with every record once, in order (issue 14)', async () => {
		// Issue 14's `export 7` had 25,000 records; 6,000 (6 pages) keep this test to seconds at 2 a second.
		server.setJobSize(19, 6000);
		try {
			const reference = await start(['export', '19', '--format', 'ndjson']).exited;
			const expected = reference.stdout.trimEnd().split('\n');
			expect(expected).toHaveLength(6000);
			server.setFaults({rateLimitPerSecond: 2});
			server.resetStats();
			const result = await start(['export', '19', '--format', 'ndjson']).exited;
			expect(result).toMatchObject({code: 0, stderr: ''});
			expect(result.stdout.trimEnd().split('\n')).toEqual(expected);
			expect(server.requests.some(request => request.status === 429)).toBe(true);
		} finally {
			server.setJobSize(19, 30_000);
		}
	});
});

describe('export and the exit', () => {
	it("leaves no optimising compile of fetch's WebAssembly parser for the exit to wait on", async () => {
		// 1,800 records in two 1,000-record pages were enough for V8 to recompile undici's llhttp with TurboFan
		// on a worker thread, and Node waited for it before exiting (source/wasmBaseline.ts). V8 says what it
		// compiles, on stdout, with this flag.
		const result = await start(
			['export', '19', '--status', 'Error', '--format', 'ndjson', '-o', join(directory, 'out.ndjson')],
			'pipe',
			['--trace-wasm-compilation-times'],
		).exited;
		expect(result).toMatchObject({code: 0, stderr: `Wrote 1,800 records to ${join(directory, 'out.ndjson')}\n`});
		expect(result.stdout).toMatch(/using Liftoff/);
		expect(result.stdout).not.toMatch(/using TurboFan/);
	});
});

describe('export: the first requests leave before the output opens', () => {
	it('asks for pages 1 and 2 while a FIFO still waits for its reader, then writes them into it', async () => {
		const fifo = join(directory, 'pipe');
		execFileSync('mkfifo', [fifo]);
		const {exited} = start(['export', '19', '--status', 'Error', '--format', 'ndjson', '-o', fifo]);
		// Nobody reads the FIFO yet, so the output cannot be open: the pages were asked for before it.
		await untilRequests(
			server,
			log => log.filter(request => request.path.includes('/records/') && request.status === 200).length >= 2,
			'pages 1 and 2 answered',
		);
		const read = text(createReadStream(fifo));
		const result = await exited;
		expect(result).toMatchObject({code: 0, stderr: `Wrote 1,800 records to ${fifo}\n`});
		expect((await read).trimEnd().split('\n')).toHaveLength(1800);
	});

	it('a directory that does not exist: one line, exit 1, and the pages asked for are dropped', async () => {
		const path = join(directory, 'missing', 'out.csv');
		const result = await start(['export', '7001', '-o', path]).exited;
		expect(result).toMatchObject({
			code: EXIT.failure,
			stdout: '',
			stderr: `Export failed: could not write ${path}: the directory does not exist\n`,
		});
		// The window at the most (page 1 and the 4 it lets go ahead): nothing more once the output failed.
		expect(server.requests.filter(request => request.path.includes('/records/')).length).toBeLessThanOrEqual(5);
		expect(await readdir(directory)).toEqual([]);
	});
});

describe('what an export loads', () => {
	it('to a file, from no terminal: neither Ink, React, string-width, the key handling nor node:tty', async () => {
		// Node names each module it loads (NODE_DEBUG=esm, on stderr); the bundle's chunks name their sources.
		const {code, stderr: log} = await start(
			['export', '19', '--status', 'Error', '-o', join(directory, 'out.csv')],
			'ignore',
			[],
			{NODE_DEBUG: 'esm'},
		).exited;
		expect(code).toBe(0);
		const chunks = [...new Set(log.match(/(?<=Translating StandardModule )file:\S+/g) ?? [])];
		const sources = new Set<string>();
		for (const url of chunks) {
			const text = await readFile(new URL(url), 'utf8');
			for (const [source] of text.matchAll(/(?<=^\/\/ )(source|node_modules)\/\S+/gm)) sources.add(source);
		}

		// The check sees the modules it is about: these are in the bundle, on the export's way.
		expect(sources).toContain('source/export/file.ts');
		const unwanted = [...sources].filter(source =>
			/^node_modules\/(ink|react|react-reconciler|string-width)\/|^source\/(keys\/|export\/keys\.ts)/.test(source),
		);
		expect(unwanted).toEqual([]);
		// Nor what only a device or a FIFO needs: whether it is a terminal, the wait for a reader.
		const builtins = new Set(log.match(/(?<=Storing )node:\S+/g) ?? []);
		expect(builtins).toContain('node:fs');
		expect([...builtins].filter(name => ['node:tty', 'node:timers/promises'].includes(name))).toEqual([]);
	});
});

describe('export outputs', () => {
	it('`-o -` writes to stdout and creates no file', async () => {
		const result = await start(['export', '42', '--format', 'ndjson', '-o', '-']).exited;
		expect(result.code).toBe(0);
		expect(result.stdout.trimEnd().split('\n')).toHaveLength(250);
		expect(result.stderr).toBe('');
		expect(await readdir(directory)).toEqual([]);
	});

	it('a stdout that cannot be written (/dev/full) fails with exit 1 and one line', async () => {
		const full = await open('/dev/full', 'w');
		try {
			const result = await start(['export', '42'], full.fd).exited;
			expect(result.code).toBe(EXIT.failure);
			expect(result.stderr).toBe('Export failed: could not write the output: no space left on the device\n');
		} finally {
			await full.close();
		}
	});
});
