// Figure 4: start-up to the first record row, in a real pseudo-terminal. `script` runs the command on a
// pty; the time is taken when the byte stream first holds the row's id. A bare `node -e` that prints
// the id is the floor: what spawning Node on a pty costs before any of our code runs. Besides --demo
// (the API inside the app's process), the start a user has: a saved token, the API in another process.
import {spawn} from 'node:child_process';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import {childEnv, runOnPty} from './child.js';
import type {BenchContext} from './harness.js';
import {median, ms, printTable, type Target} from './report.js';

/** Job 42's first record id, on its first row. */
const ROW = '9881';
const RUNS = 10;
const PROBE_RUNS = 5;
const TARGET_MS = 350;
const TIMEOUT_MS = 15_000;

interface Variant {
	readonly label: string;
	readonly command: string;
	/** Set for the saved-token start: the settings directory holding the token and base URL. */
	readonly saved?: true;
}

const VARIANTS: readonly Variant[] = [
	{label: 'floor: node -e printing the id', command: `node -e "process.stdout.write('${ROW}\\n')"`},
	{label: 'bundled: node dist/cli.js --demo 42', command: 'node dist/cli.js --demo 42'},
	{
		label: 'bundled, saved token, API in another process: node dist/cli.js 42',
		command: 'node dist/cli.js 42',
		saved: true,
	},
	{
		label: 'unbundled: node --import tsx source/cli.tsx --demo 42',
		command: 'node --import tsx source/cli.tsx --demo 42',
	},
];

/** `demo-server` in a process of its own, as the real API would be, and a settings directory naming it. */
async function separateApi(
	context: BenchContext,
	directory: string,
): Promise<{env: Record<string, string>; stop: () => void}> {
	const server = spawn(process.execPath, ['dist/cli.js', 'demo-server', '--port', '0'], {
		cwd: context.root,
		env: childEnv(context.env),
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const line = await new Promise<string>((resolve, reject) => {
		let seen = '';
		server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			seen += chunk;
			if (seen.includes('\n')) {
				resolve(seen);
			}
		});
		server.once('exit', () => {
			reject(new Error(`demo-server exited before it said where it listens: ${seen}`));
		});
	});
	const match = /API at (\S+) \(token ([^\s,)]+)[,)]/.exec(line);
	if (!match) {
		server.kill();
		throw new Error(`demo-server said: ${line}`);
	}

	const config = join(directory, 'ecore-records');
	await mkdir(config, {recursive: true, mode: 0o700});
	await writeFile(join(config, 'config.json'), JSON.stringify({token: match[2], baseUrl: match[1]}), {mode: 0o600});
	return {
		env: {XDG_CONFIG_HOME: directory},
		stop() {
			server.kill();
		},
	};
}

// Loaded with --import into the bundled CLI: notes when (on the child's own clock, from process start)
// its stdout first sees a write, a whole frame, and the row, then writes the marks to BENCH_MARKS.
const PROBE = `
import {writeFileSync} from 'node:fs';
const marks = {preload: performance.now()};
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
	const text = String(chunk);
	marks.firstWrite ??= performance.now();
	if (marks.row === undefined && text.includes('${ROW}')) {
		marks.row = performance.now();
		const cpu = process.cpuUsage();
		marks.cpu = (cpu.user + cpu.system) / 1000;
		writeFileSync(process.env.BENCH_MARKS, JSON.stringify(marks));
	}
	return write(chunk, ...rest);
};
`;

/** Milliseconds from spawning `script` until the pty output first contains the row. */
async function timeToRow(
	context: BenchContext,
	command: string,
	extraEnv: Record<string, string> = {},
): Promise<number> {
	const run = await runOnPty(command, {
		cwd: context.root,
		env: {...context.env, ...extraEnv},
		row: ROW,
		timeoutMs: TIMEOUT_MS,
	});
	return run.rowMs;
}

interface Marks {
	preload: number;
	firstWrite: number;
	row: number;
	/** CPU time (user + system) the process had used when the row was written. */
	cpu: number;
}

export async function startup(context: BenchContext): Promise<Target[]> {
	const times: number[][] = VARIANTS.map(() => []);
	const settings = await mkdtemp(join(os.tmpdir(), 'ecore-bench-settings-'));
	const api = await separateApi(context, settings);
	try {
		// One unrecorded round warms the disk cache and tsx's transform cache, as a second start would.
		for (let round = -1; round < RUNS; round++) {
			for (const [index, variant] of VARIANTS.entries()) {
				const time = await timeToRow(context, variant.command, variant.saved ? api.env : {});
				if (round >= 0) {
					times[index]!.push(time);
				}
			}
		}
	} finally {
		api.stop();
		await rm(settings, {recursive: true, force: true});
	}

	// Where the bundled start goes, on the child's clock (from process start).
	const directory = await mkdtemp(join(os.tmpdir(), 'ecore-bench-'));
	const probe = join(directory, 'probe.mjs');
	const marks: Marks[] = [];
	try {
		await writeFile(probe, PROBE);
		for (let run = 0; run < PROBE_RUNS; run++) {
			const file = join(directory, `marks-${run}.json`);
			await timeToRow(context, `node --import ${probe} dist/cli.js --demo 42`, {BENCH_MARKS: file});
			marks.push(JSON.parse(await readFile(file, 'utf8')) as Marks);
		}
	} finally {
		await rm(directory, {recursive: true, force: true});
	}

	const floor = median(times[0]!);
	printTable(
		`Figure 4 — start-up to the first record row on a 120×40 pty (job 42, --demo; median of ${RUNS})`,
		['command', 'median', 'min', 'max', 'above floor'],
		VARIANTS.map((variant, index) => {
			const samples = times[index]!;
			return [
				variant.label,
				ms(median(samples)),
				ms(Math.min(...samples)),
				ms(Math.max(...samples)),
				index === 0 ? '' : ms(median(samples) - floor),
			];
		}),
	);
	const phase = (pick: (mark: Marks) => number) => ms(median(marks.map(pick)));
	printTable(
		`Figure 4b — where the bundled start goes (median of ${PROBE_RUNS}, the child's clock from process start)`,
		['phase', 'ends at', 'takes'],
		[
			['Node boots, runs --import', phase(mark => mark.preload), phase(mark => mark.preload)],
			[
				'cli.tsx, main, demo server, Ink + app modules, up to the first write (the alternate screen)',
				phase(mark => mark.firstWrite),
				phase(mark => mark.firstWrite - mark.preload),
			],
			[
				'first frame, with page 1 (fetched meanwhile), rendered and written',
				phase(mark => mark.row),
				phase(mark => mark.row - mark.firstWrite),
			],
		],
		[
			`CPU time used by then (user + system, all threads): ${phase(mark => mark.cpu)}; less sensitive to a busy machine than the clock`,
			'the wall-clock median above also holds the spawn of script and stty, and the pty',
		],
	);

	const bundled = median(times[1]!);
	const saved = median(times[2]!);
	return [
		{
			figure: 4,
			name: 'start-up to first row, --demo, bundled (median)',
			target: `≤ ${TARGET_MS} ms`,
			measured: `${ms(bundled)} (unbundled ${ms(median(times[3]!))}, floor ${ms(floor)})`,
			met: bundled <= TARGET_MS,
		},
		{
			figure: 4,
			name: 'start-up to first row, saved token, separate API (median)',
			target: `≤ ${TARGET_MS} ms`,
			measured: ms(saved),
			met: saved <= TARGET_MS,
		},
	];
}
