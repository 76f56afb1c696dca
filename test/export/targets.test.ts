// Where `export` writes: a terminal, a FIFO, a device, a symlink. The data must never reach a terminal raw, and
// what is at the path must never be swapped for something else (issue 11, items 3 and 4).
import {execFileSync} from 'node:child_process';
import {createReadStream, type Stats} from 'node:fs';
import {
	chown,
	lstat,
	mkdir,
	mkdtemp,
	readFile,
	readdir,
	readlink,
	rm,
	stat,
	symlink,
	writeFile,
	chmod,
} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {text} from 'node:stream/consumers';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {runExport} from '../../source/export/command.js';
import {openPane, type Pane} from '../helpers/tmux.js';
import {Collector, expectExportToHold, fetchAll, testClient} from './helpers.js';

const cli = join(import.meta.dirname, '../../dist/cli.js');
let pane: Pane | undefined;

let server: DemoServer;
let directory: string;
beforeAll(async () => {
	server = await startDemoServer({port: 0});
});
beforeEach(async () => {
	directory = await mkdtemp(join(tmpdir(), 'ecore-export-targets-'));
});
afterEach(async () => {
	pane?.kill();
	pane = undefined;
	await rm(directory, {recursive: true, force: true});
});
afterAll(async () => {
	await server.close();
});

/** What a person's terminal is, as far as the export can tell. */
function terminal(): Collector & {isTTY: true; columns: number} {
	return Object.assign(new Collector(), {isTTY: true as const, columns: 120});
}

// C0 controls but the CSV's own CR/LF, DEL, C1, bidi controls, zero-width and other invisible format characters.
const UNSAFE =
	/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

async function run(options: {
	output?: string;
	stdout?: Collector & {isTTY?: boolean};
	format?: 'csv' | 'ndjson' | 'json';
}) {
	const stdout = options.stdout ?? new Collector();
	const stderr = new Collector();
	const code = await runExport({
		client: testClient(server),
		jobId: 666,
		status: 'All',
		format: options.format ?? 'csv',
		output: options.output,
		stdout,
		stderr,
	});
	return {code, stdout: stdout.text(), stderr: stderr.text()};
}

const identity = (stats: Stats) => ({ino: stats.ino, dev: stats.dev, rdev: stats.rdev, mode: stats.mode});

describe('export to a terminal', () => {
	it.each(['csv', 'ndjson', 'json'] as const)(
		'escapes every control character of hostile records as the TSV output does (%s)',
		async format => {
			const {code, stdout, stderr} = await run({stdout: terminal(), format});
			expect(code).toBe(0);
			expect(stdout).toContain('\\x1b]52;c;');
			expect(stdout).not.toMatch(UNSAFE);
			expect(stdout).not.toContain('\u001b');
			expect(stderr).toMatch(
				/^Note: control characters in [\d,]+ fields are shown escaped on the terminal; use -o FILE or a pipe for the exact data\.\n$/,
			);
		},
	);

	it('keeps the exact bytes when stdout is a pipe', async () => {
		const expected = await fetchAll(testClient(server), 666, 'All', 1000);
		const {code, stdout, stderr} = await run({format: 'ndjson'});
		expect(code).toBe(0);
		expectExportToHold('ndjson', stdout, expected);
		expect(stdout).toContain('\\u001b]52;c;');
		expect(stderr).toBe('');
	});

	// The real thing: the CLI's stdout, or the pane's terminal device named with -o, is a tmux pane that would
	// obey OSC 52 and OSC 0. `$(tty)` is the pane's own device: never /dev/tty, a device the machine shares.
	it.each([[''], ['-o "$(tty)"']])('leaves a real terminal untouched: no clipboard, no title (%s)', async output => {
		if (output) await expectFifoWrittenInto();
		pane = openPane(
			// set-clipboard on: tmux keeps what an OSC 52 sends as a buffer, so a raw one is seen.
			`tmux set -g set-clipboard on && node ${cli} --demo export 666 --format ndjson ${output}`,
			{columns: 200, rows: 50},
		);
		expect(await pane.waitForExit(20_000)).toBe(0);
		const tmux = (...args: string[]) => execFileSync('tmux', ['-L', pane!.socket, ...args], {encoding: 'utf8'});
		expect(tmux('list-buffers')).toBe('');
		expect(tmux('display', '-p', '-t', 'e2e', '#{pane_title}').trim()).not.toBe('pwned');
		// The last records are on screen (the first ones scroll out of tmux's history): one of them, escaped,
		// would otherwise clear the screen and set the title.
		const screen = tmux('capture-pane', '-p', '-J', '-t', 'e2e');
		expect(screen).toContain('"validator_used":"ZeroBounce\\\\x1b[2J\\\\x1b]0;pwned\\\\x07"');
	});
});

describe('export -o into what is not a regular file', () => {
	it('writes into a FIFO and into /dev/null as they are, never replacing them', async () => {
		const fifo = join(directory, 'pipe');
		execFileSync('mkfifo', [fifo]);
		const before = identity(await lstat(fifo));
		const reading = text(createReadStream(fifo));
		const {code, stderr} = await run({output: fifo, format: 'ndjson'});
		expect(code).toBe(0);
		const after = await lstat(fifo);
		expect(after.isFIFO()).toBe(true);
		expect(identity(after)).toEqual(before);
		const expected = await fetchAll(testClient(server), 666, 'All', 1000);
		expectExportToHold('ndjson', await reading, expected);
		expect(stderr).toBe(`Wrote ${expected.length} records to ${fifo}\n`);
		expect(await readdir(directory)).toEqual(['pipe']);

		// Only once the FIFO proved it is written into, never replaced: the same for the machine's /dev/null.
		const devNull = identity(await lstat('/dev/null'));
		const devBefore = await readdir('/dev');
		expect((await run({output: '/dev/null'})).code).toBe(0);
		expect((await lstat('/dev/null')).isCharacterDevice()).toBe(true);
		expect(identity(await lstat('/dev/null'))).toEqual(devNull);
		expect(await readdir('/dev')).toEqual(devBefore);
	});

	it('fails with exit 1 and one line when the device is full (/dev/full), leaving it a device', async () => {
		await expectFifoWrittenInto();

		const full = identity(await lstat('/dev/full'));
		const {code, stderr, stdout} = await run({output: '/dev/full'});
		expect(code).toBe(1);
		expect(stderr).toBe('Export failed: could not write /dev/full: no space left on the device\n');
		expect(stdout).toBe('');
		expect(identity(await lstat('/dev/full'))).toEqual(full);
	});

	it('refuses a directory and a symlink to nothing in one line, exit 1', async () => {
		await mkdir(join(directory, 'sub'));
		await symlink(join(directory, 'missing.csv'), join(directory, 'dangling'));
		const sub = await run({output: join(directory, 'sub')});
		expect(sub).toMatchObject({
			code: 1,
			stderr: `Export failed: could not write ${join(directory, 'sub')}: it is a directory\n`,
		});
		const dangling = await run({output: join(directory, 'dangling')});
		expect(dangling).toMatchObject({
			code: 1,
			stderr: `Export failed: could not write ${join(directory, 'dangling')}: it is a symbolic link to a file that does not exist\n`,
		});
		expect((await readdir(directory)).sort()).toEqual(['dangling', 'sub']);
		expect(await readlink(join(directory, 'dangling'))).toBe(join(directory, 'missing.csv'));
	});
});

describe('export -o through a symlink', () => {
	it('replaces the target atomically and keeps the link and the target’s permissions', async () => {
		await mkdir(join(directory, 'data'));
		const real = join(directory, 'data', 'real.csv');
		const link = join(directory, 'link.csv');
		await writeFile(real, 'old\n');
		await chmod(real, 0o640);
		const inode = (await stat(real)).ino;
		await symlink(real, link);
		const {code} = await run({output: link});
		expect(code).toBe(0);
		expect((await lstat(link)).isSymbolicLink()).toBe(true);
		expect(await readlink(link)).toBe(real);
		const replaced = await stat(real);
		// A new inode: the data went to a temporary file renamed over the target, not into the old one.
		expect(replaced.ino).not.toBe(inode);
		expect(replaced.mode & 0o777).toBe(0o640);
		expect((await readFile(real, 'utf8')).startsWith('id,ec_id,email,')).toBe(true);
		expect(await readdir(join(directory, 'data'))).toEqual(['real.csv']);
		expect((await readdir(directory)).sort()).toEqual(['data', 'link.csv']);
	});
});

describe('export -o over a file of another user (as root)', () => {
	const asRoot = process.getuid?.() === 0;
	// Only root can write another user's file and give a file away; as anyone else this cannot be set up.
	(asRoot ? it : it.skip)('keeps the replaced file’s owner and mode (needs root)', async () => {
		const path = join(directory, 'theirs.csv');
		await writeFile(path, 'old\n');
		await chown(path, 65_534, 65_534);
		await chmod(path, 0o640);
		expect((await run({output: path})).code).toBe(0);
		const stats = await stat(path);
		expect([stats.uid, stats.gid, stats.mode & 0o7777]).toEqual([65_534, 65_534, 0o640]);
		expect((await readFile(path, 'utf8')).startsWith('id,ec_id,email,')).toBe(true);
	});
});

/**
 * A guard before any test that names a real device: code that replaced what is at the path would replace
 * the device itself when run as root, so the device is used only once a FIFO proved it is written into.
 */
async function expectFifoWrittenInto(): Promise<void> {
	const fifo = join(directory, 'guard');
	execFileSync('mkfifo', [fifo]);
	const before = identity(await lstat(fifo));
	const reading = text(createReadStream(fifo));
	const exporting = run({output: fifo});
	// A replaced FIFO never gets its writer: fail on what is at the path instead of waiting for the reader.
	await exporting;
	expect(identity(await lstat(fifo))).toEqual(before);
	await reading;
}
