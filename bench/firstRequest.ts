// Figure 10 (issue 14): start-up over the wire. The API is the demo server in this process, so its request
// log (arrival times, on the same clock as the spawn) shows when the first request left and what was asked
// for; the app runs as a person starts it, `node dist/cli.js 42` on a pty with a token in the environment.
// a. spawn → first request arrives, beside a bare `node -e fetch(…)` (and curl) spawned the same way;
// b. spawn → first row with the API 300 ms away, beside the build before this work and a bare fetch;
// c. spawn → first row with --demo on Node 20, 22 and 24 (22 also without its compile cache);
// d. the packed tarball: its size, and `npm install -g` of it into a fresh prefix.
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path, {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {runOnPty, type PtyRun} from './child.js';
import type {BenchContext} from './harness.js';
import {megabytes, median, ms, printTable, type Target} from './report.js';

/** Job 42's first record id, on its first row. */
const ROW = '9881';
/** In every frame of job 42's screen, from the first on: its header. */
const FRAME = 'Job 42';
const RUNS = 7;
const LATENCY_MS = 300;
/** Issue 14's median first row at 300 ms latency, before this work. */
const OLD_FIRST_ROW_MS = 1263;
/** Issue 14's install of the packed tarball before the bundled libraries moved to devDependencies. */
const OLD_INSTALL = {seconds: 9.5, megabytes: 35, packages: 66};
/** The build before issue 14's start-up work (main at 110fdbd): measured beside this one. */
const BASELINE_REF = process.env['BENCH_BASELINE_REF'] ?? '110fdbd';
const BEFORE = `before (${BASELINE_REF.slice(0, 7)})`;
const TIMEOUT_MS = 20_000;

/**
 * Preloaded into a probed run (`node --import`): when the program first calls fetch(), writes that moment
 * on the child's clock (ms since its process started) and as epoch ms, to the file BENCH_FETCH_PROBE names.
 */
const FETCH_PROBE = `data:text/javascript,${encodeURIComponent(
	'import fs from "node:fs";const f=globalThis.fetch;let first=true;' +
		'globalThis.fetch=function(...a){if(first){first=false;const c=performance.now();' +
		'fs.writeFileSync(process.env.BENCH_FETCH_PROBE,JSON.stringify({clock:c,at:performance.timeOrigin+c}))}' +
		'return f.apply(this,a)};',
)}`;

interface FetchCall {
	/** Ms from the child's process start (its own clock) to its first fetch() call. */
	readonly clock: number;
	/** The same moment in epoch ms, comparable with the spawn and the server's arrival times. */
	readonly at: number;
}
const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/** Spawns `command` on a 120×40 pty and waits for the row; `q` then ends it. */
const runToRow = async (root: string, command: string, env: NodeJS.ProcessEnv): Promise<PtyRun> =>
	runOnPty(command, {cwd: root, env, row: ROW, frame: FRAME, timeoutMs: TIMEOUT_MS});

/** The requests the server saw from `since` on, as path and query, with their arrival (ms after `since`). */
function requestsSince(context: BenchContext, since: number): Array<{what: string; afterMs: number}> {
	return context.server.requests
		.filter(request => request.arrivedAt >= since)
		.map(({path: route, query, arrivedAt}) => {
			const search = new URLSearchParams(query).toString();
			return {what: `${route}${search ? `?${search}` : ''}`, afterMs: arrivedAt - since};
		});
}

/**
 * `dist/cli.js` of BASELINE_REF, built once into the temporary directory (git archive + npm ci of its lock
 * file). Not under node_modules: esbuild does not apply tsconfig.json (JSX) to files there.
 */
function baselineBuild(root: string): string | undefined {
	const directory = join(os.tmpdir(), `ecore-records-bench-baseline-${BASELINE_REF}`);
	const cli = join(directory, 'dist', 'cli.js');
	if (fs.existsSync(cli)) {
		return cli;
	}

	try {
		fs.rmSync(directory, {recursive: true, force: true});
		fs.mkdirSync(directory, {recursive: true});
		const archive = execFileSync(
			'git',
			['archive', BASELINE_REF, 'source', 'package.json', 'package-lock.json', 'tsconfig.json'],
			{cwd: root, maxBuffer: 256 * 1024 * 1024},
		);
		execFileSync('tar', ['-x', '-C', directory], {input: archive});
		// Its own dependencies, as its lock file has them: this tree's may have dropped some it bundles (meow).
		// All of them are devDependencies, which NODE_ENV=production (bench/run.ts) would leave out.
		execFileSync(
			'npm',
			['ci', '--include=dev', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
			{cwd: directory, stdio: 'ignore', env: {...process.env, NODE_ENV: 'development'}},
		);
		execFileSync('npm', ['run', 'build', '--silent'], {cwd: directory, stdio: 'ignore'});
		return cli;
	} catch (error) {
		process.stdout.write(`  (no baseline build of ${BASELINE_REF}: ${String(error)})\n`);
		return undefined;
	}
}

/** The Node binary of a major version: this one, or the CI smoke's cache (installed there if missing). */
function nodeOf(major: number): string | undefined {
	if (process.versions.node.split('.')[0] === String(major)) {
		return process.execPath;
	}

	const cache = join(process.env['XDG_CACHE_HOME'] ?? join(os.homedir(), '.cache'), 'ecore-records', 'node');
	const bin = join(cache, String(major), 'node_modules', '.bin', 'node');
	const works = () => spawnSync(bin, ['--version'], {encoding: 'utf8'}).stdout?.startsWith(`v${major}.`) ?? false;
	if (!works()) {
		spawnSync(
			'npm',
			[
				'install',
				'--prefix',
				join(cache, String(major)),
				'--no-save',
				'--no-audit',
				'--no-fund',
				'--loglevel=error',
				`node@${major}`,
			],
			{stdio: 'ignore'},
		);
	}

	return works() ? bin : undefined;
}

interface Series {
	readonly label: string;
	readonly samples: number[];
	note?: string;
}

/** A table row; the figure above `floor` (the first series of a table, which gets none). */
const row = (series: Series, index: number, floor?: number) => [
	series.label,
	ms(median(series.samples)),
	ms(Math.min(...series.samples)),
	ms(Math.max(...series.samples)),
	floor === undefined || index === 0 ? '' : signed(median(series.samples) - floor),
	series.note ?? '',
];

const signed = (value: number) => (value < 0 ? `−${ms(-value)}` : `+${ms(value)}`);

export async function startupOverTheWire(context: BenchContext): Promise<Target[]> {
	const {server, root} = context;
	const home = await mkdtemp(join(os.tmpdir(), 'ecore-bench-wire-'));
	const env: NodeJS.ProcessEnv = {
		...context.env,
		ECORE_API_TOKEN: server.token,
		ECORE_BASE_URL: server.baseUrl,
		XDG_CONFIG_HOME: home,
		XDG_CACHE_HOME: join(home, 'cache'),
	};
	const app = `${quote(process.execPath)} dist/cli.js 42`;
	const summaryUrl = `${server.baseUrl}email-validation/jobs/42/`;
	const bareFetch = `${quote(process.execPath)} -e ${quote(
		`fetch(${JSON.stringify(summaryUrl)},{headers:{Authorization:'Token '+process.env.ECORE_API_TOKEN}}).then(r=>r.text()).then(()=>process.stdout.write('${ROW}\\n'))`,
	)}`;
	const hasCurl = spawnSync('curl', ['--version']).status === 0;
	const curl = `sh -c ${quote(
		`curl -s -o /dev/null -H ${quote(`Authorization: Token ${server.token}`)} ${quote(summaryUrl)}; echo ${ROW}`,
	)}`;
	const baseline = baselineBuild(root);
	const old = baseline ? `${quote(process.execPath)} ${quote(baseline)} 42` : undefined;

	const targets: Target[] = [];
	try {
		// a. Spawn → first request, API at 0 ms.
		server.setFaults({latencyMs: 0, jitterMs: 0});
		const first: Series[] = [
			{label: 'floor: node -e fetch(summary)', samples: []},
			...(hasCurl ? [{label: 'floor: curl', samples: []}] : []),
			{label: 'node dist/cli.js 42', samples: []},
			...(old ? [{label: `${BEFORE}: node dist/cli.js 42`, samples: []}] : []),
		];
		const commands = [bareFetch, ...(hasCurl ? [curl] : []), app, ...(old ? [old] : [])];
		for (let round = -1; round < RUNS; round++) {
			for (const [index, command] of commands.entries()) {
				const run = await runToRow(root, command, env);
				const arrived = requestsSince(context, run.spawnedAt)[0];
				if (round >= 0 && arrived) {
					first[index]!.samples.push(arrived.afterMs);
				}
			}
		}

		// Where the app's time to its first request goes: the same runs with the probe preloaded (not in the
		// table above, which the probe's own load would skew), beside the bare fetch probed the same way.
		const probed = [
			{
				label: 'node -e fetch(summary)',
				command: bareFetch.replace(quote(process.execPath), `$& --import ${quote(FETCH_PROBE)}`),
			},
			{
				label: 'node dist/cli.js 42',
				command: app.replace(quote(process.execPath), `$& --import ${quote(FETCH_PROBE)}`),
			},
		].map(each => ({...each, started: [] as number[], called: [] as number[], sent: [] as number[]}));
		const probeFile = join(home, 'fetch-probe.json');
		for (let round = -1; round < RUNS; round++) {
			for (const series of probed) {
				fs.rmSync(probeFile, {force: true});
				const run = await runToRow(root, series.command, {...env, BENCH_FETCH_PROBE: probeFile});
				const arrived = requestsSince(context, run.spawnedAt)[0];
				if (round < 0 || !arrived || !fs.existsSync(probeFile)) {
					continue;
				}

				const call = JSON.parse(fs.readFileSync(probeFile, 'utf8')) as FetchCall;
				series.started.push(call.at - call.clock - run.spawnedAt);
				series.called.push(call.clock);
				series.sent.push(arrived.afterMs - (call.at - run.spawnedAt));
			}
		}

		const fetchFloor = median(first[0]!.samples);
		printTable(
			`Figure 10a — spawn to the first request's arrival at the API (job 42, API in the bench process; median of ${RUNS})`,
			['command', 'median', 'min', 'max', 'above node -e fetch', ''],
			first.map((series, index) => row(series, index, fetchFloor)),
		);
		printTable(
			`Figure 10a′ — where the time to the first request goes (the same runs with a probe preloaded; medians of ${RUNS})`,
			['command', 'spawn → Node starts', 'Node starts → fetch() called', 'fetch() called → arrival'],
			probed.map(series => [
				series.label,
				ms(median(series.started)),
				ms(median(series.called)),
				ms(median(series.sent)),
			]),
			[
				'spawn → Node starts: script, stty and exec on the pty; Node starts → fetch(): Node boots, then the program',
				"runs up to its first request (the child's clock); fetch() → arrival: Node's fetch loads undici and connects",
				'(the app loads undici before its fetch(): ky makes a Request when it loads, to learn what fetch supports)',
			],
		);
		const appFirst = median(first.find(series => series.label === 'node dist/cli.js 42')!.samples);
		targets.push({
			figure: 10,
			name: 'first request sent after process start (median)',
			target: '≤ 150 ms (bare node -e fetch as baseline)',
			measured: `${ms(appFirst)} (node -e fetch ${ms(fetchFloor)}${
				old ? `, before ${ms(median(first.at(-1)!.samples))}` : ''
			})`,
			met: appFirst <= 150,
		});

		// b. Spawn → first row, API 300 ms away; and what was asked for before it.
		server.setFaults({latencyMs: LATENCY_MS, jitterMs: 0});
		const slow: Series[] = [
			{label: `floor: node -e fetch(summary), printed on arrival`, samples: []},
			{label: 'node dist/cli.js 42', samples: []},
			...(old ? [{label: `${BEFORE}: node dist/cli.js 42`, samples: []}] : []),
		];
		const slowCommands = [bareFetch, app, ...(old ? [old] : [])];
		const afterAnswer: number[] = [];
		const answeredAt: number[] = [];
		const readyAt: number[] = [];
		for (let round = -1; round < RUNS; round++) {
			for (const [index, command] of slowCommands.entries()) {
				const run = await runToRow(root, command, env);
				if (round < 0) {
					continue;
				}

				slow[index]!.samples.push(run.rowMs);
				if (command === app) {
					// The first row's data came with the summary. From the later of its last byte leaving the API
					// and the screen's first frame to the row: 0 when the answer was in time for the first frame.
					const summary = server.requests.find(
						request => request.arrivedAt >= run.spawnedAt && request.path.endsWith('/jobs/42/'),
					);
					if (summary?.completedAt) {
						const answered = summary.completedAt - run.spawnedAt;
						afterAnswer.push(run.rowMs - Math.max(answered, run.firstFrameMs));
						answeredAt.push(answered);
						readyAt.push(run.firstFrameMs);
					}
				}

				const asked = requestsSince(context, run.spawnedAt)
					.filter(request => request.afterMs <= run.rowMs)
					.map(request => request.what);
				const twice = asked.length - new Set(asked).size;
				slow[index]!.note = `${asked.length} request${asked.length === 1 ? '' : 's'} before the row${
					twice > 0 ? `, ${twice} of them repeated` : ''
				}`;
			}
		}

		printTable(
			`Figure 10b — spawn to the first row with the API ${LATENCY_MS} ms away (median of ${RUNS})`,
			['command', 'median', 'min', 'max', 'above the fetch', 'requests'],
			slow.map((series, index) => row(series, index, median(slow[0]!.samples))),
		);
		process.stdout.write(
			`  node dist/cli.js 42 (medians): answer's last byte ${ms(median(answeredAt))} and first frame ${ms(
				median(readyAt),
			)} after spawn; the row ${ms(median(afterAnswer))} after the later of the two\n`,
		);
		const appSlow = median(slow[1]!.samples);
		const goal = 0.6 * OLD_FIRST_ROW_MS;
		targets.push({
			figure: 10,
			name: `first row at ${LATENCY_MS} ms API latency (median)`,
			target: `≤ 0.6 × ${OLD_FIRST_ROW_MS.toLocaleString('en-US')} ms = ${Math.round(goal)} ms`,
			measured: `${ms(appSlow)} (${slow[1]!.note}; ${
				old ? `before, this run: ${ms(median(slow[2]!.samples))}, ${slow[2]!.note}; ` : ''
			}node -e fetch ${ms(median(slow[0]!.samples))})`,
			met: appSlow <= goal,
		});
		targets.push({
			figure: 10,
			name: `first row after its answer or the first frame, whichever is later, ${LATENCY_MS} ms API (median)`,
			target: '≤ 1 frame (40 ms) when the screen is ready',
			measured: `${ms(median(afterAnswer))} (${ms(Math.min(...afterAnswer))}–${ms(Math.max(...afterAnswer))})`,
			met: median(afterAnswer) <= 40,
		});

		// c. --demo on Node 20, 22, 24; each with its own compile cache, warmed by the unrecorded round.
		server.setFaults({latencyMs: 0});
		const nodes = [20, 22, 24].map(major => ({major, bin: nodeOf(major)}));
		const versions: Series[] = [];
		const versionCommands: Array<{command: string; env: NodeJS.ProcessEnv}> = [];
		for (const {major, bin} of nodes) {
			if (!bin) {
				process.stdout.write(`  (no Node ${major} binary: skipped)\n`);
				continue;
			}

			const version = execFileSync(bin, ['--version'], {encoding: 'utf8'}).trim();
			const cache = join(home, `cache-${major}`);
			versions.push({label: `Node ${version}${major >= 22 ? ', compile cache' : ''}`, samples: []});
			versionCommands.push({command: `${quote(bin)} dist/cli.js --demo 42`, env: {...env, XDG_CACHE_HOME: cache}});
			if (major === 22) {
				versions.push({label: `Node ${version}, NODE_DISABLE_COMPILE_CACHE=1`, samples: []});
				versionCommands.push({
					command: `${quote(bin)} dist/cli.js --demo 42`,
					env: {...env, XDG_CACHE_HOME: cache, NODE_DISABLE_COMPILE_CACHE: '1'},
				});
			}
		}

		for (let round = -1; round < RUNS; round++) {
			for (const [index, {command, env: runEnv}] of versionCommands.entries()) {
				const run = await runToRow(root, command, runEnv);
				if (round >= 0) {
					versions[index]!.samples.push(run.rowMs);
				}
			}
		}

		printTable(
			`Figure 10c — spawn to the first row, --demo 42, by Node version (median of ${RUNS})`,
			['node', 'median', 'min', 'max', '', ''],
			versions.map((series, index) => row(series, index)),
		);
		const cached = versions.filter(series => series.label.endsWith('compile cache'));
		targets.push({
			figure: 10,
			name: 'start-up to first row, --demo, Node 22 / 24 with the compile cache (median)',
			target: '≤ 350 ms',
			measured: `${cached.map(series => ms(median(series.samples))).join(' / ')} (${versions
				.filter(series => !series.label.endsWith('compile cache'))
				.map(series => `${series.label.replace(/^Node v(\d+)\.\S+/, 'Node $1')} ${ms(median(series.samples))}`)
				.join('; ')})`,
			met: cached.length > 0 && cached.every(series => median(series.samples) <= 350),
		});

		// d. The packed tarball, installed globally into a fresh prefix.
		const pack = join(home, 'pack');
		fs.mkdirSync(pack);
		const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', pack], {cwd: root, encoding: 'utf8'})
			.trim()
			.split('\n')
			.at(-1)!;
		const tarball = join(pack, packed);
		const installs: number[] = [];
		let installed = {bytes: 0, packages: 0};
		for (let run = 0; run < 3; run++) {
			const prefix = join(home, `prefix-${run}`);
			const started = performance.now();
			execFileSync(
				'npm',
				['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', tarball],
				{
					stdio: 'ignore',
				},
			);
			installs.push(performance.now() - started);
			const top = join(prefix, 'lib', 'node_modules', 'ecore-records');
			installed = {bytes: sizeOf(top), packages: packagesIn(join(top, 'node_modules'))};
		}

		printTable(
			'Figure 10d — the packed package: `npm install -g <tarball>` into a fresh prefix (median of 3)',
			['what', 'now', 'before (issue 14)'],
			[
				['tarball', megabytes(fs.statSync(tarball).size), ''],
				['install time', `${(median(installs) / 1000).toFixed(2)} s`, `${OLD_INSTALL.seconds} s`],
				['installed size', megabytes(installed.bytes), `${OLD_INSTALL.megabytes} MB`],
				['runtime packages installed', String(installed.packages), String(OLD_INSTALL.packages)],
			],
		);
		targets.push({
			figure: 10,
			name: 'npm install -g of the packed tarball (median of 3)',
			target: 'no runtime dependencies, < 2 s',
			measured: `${(median(installs) / 1000).toFixed(2)} s, ${megabytes(installed.bytes)}, ${installed.packages} packages (before: ${OLD_INSTALL.seconds} s, ${OLD_INSTALL.megabytes} MB, ${OLD_INSTALL.packages} packages)`,
			met: installed.packages === 0 && median(installs) < 2000,
		});
	} finally {
		server.setFaults({latencyMs: 0, jitterMs: 0});
		await rm(home, {recursive: true, force: true});
	}

	return targets;
}

function sizeOf(target: string): number {
	const stat = fs.statSync(target);
	if (!stat.isDirectory()) {
		return stat.size;
	}

	return fs.readdirSync(target).reduce((total, name) => total + sizeOf(path.join(target, name)), 0);
}

function packagesIn(directory: string): number {
	if (!fs.existsSync(directory)) {
		return 0;
	}

	return fs
		.readdirSync(directory)
		.filter(name => !name.startsWith('.'))
		.reduce((total, name) => total + (name.startsWith('@') ? fs.readdirSync(join(directory, name)).length : 1), 0);
}
