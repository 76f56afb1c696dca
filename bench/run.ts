// `npm run bench`: prints the figures of issues 5 and 14, each beside a naive baseline measured in the same
// run, then which targets were met, and writes them to bench/results.json and the README (readme.ts). It
// never fails on a timing. `npm run bench -- 2 4` runs figures 2 and 4 only (and replaces only their rows).
import type {BenchContext} from './harness.js';
import {mergeResults, readResults, writeReadme} from './readme.js';
import type {Target} from './report.js';
import os from 'node:os';
import {writeFile} from 'node:fs/promises';
import {dirname, join, resolve} from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';

// Whatever the bench is started with, child processes get it unchanged; this process is set up below.
const launchEnv = {...process.env};

// Every import that reaches React or Ink waits until these are set: React picks its build, chalk its
// colour level and Ink whether it is in CI (where it writes no frames) when first loaded.
process.env['NODE_ENV'] = 'production';
process.env['FORCE_COLOR'] = '1';
delete process.env['CI'];
delete process.env['CONTINUOUS_INTEGRATION'];

const [{startDemoServer}, {createClient}, {printTargets}] = await Promise.all([
	import('../source/demo/server.js'),
	import('../source/api/client.js'),
	import('./report.js'),
]);
type Figure = (context: BenchContext) => Promise<Target[]>;

const FIGURES: ReadonlyArray<readonly [number, () => Promise<Figure>]> = [
	[1, async () => (await import('./pageLatency.js')).pageLatency],
	[2, async () => (await import('./bytes.js')).bytesPerKey],
	[3, async () => (await import('./bigPage.js')).bigPage],
	[4, async () => (await import('./startup.js')).startup],
	[5, async () => (await import('./memory.js')).memory],
	[6, async () => (await import('./exportThroughput.js')).exportThroughput],
	[7, async () => (await import('./patterns.js')).patterns],
	[8, async () => (await import('./throttledExport.js')).throttledExport],
	[9, async () => (await import('./hugeField.js')).hugeField],
	[10, async () => (await import('./firstRequest.js')).startupOverTheWire],
	[11, async () => (await import('./breakdownAgain.js')).breakdownAgain],
	[12, async () => (await import('./textScaling.js')).textScaling],
	[13, async () => (await import('./find.js')).find],
];

const wanted = new Set(process.argv.slice(2).map(Number).filter(Number.isInteger));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cpus = os.cpus();
const started = performance.now();
const loadAtStart = os.loadavg()[0] ?? 0;
const machine = `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.platform()}`;
process.stdout.write(
	[
		'ecore-records benchmark',
		`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ` +
			`${os.platform()} ${os.release()}; Node ${process.version}`,
		`load average at start: ${os
			.loadavg()
			.map(load => load.toFixed(2))
			.join(' ')}`,
	].join('\n') + '\n',
);

const server = await startDemoServer();
const client = createClient({baseUrl: server.baseUrl, token: server.token});
const targets: Target[] = [];
const ran: number[] = [];
try {
	for (const [number, load] of FIGURES) {
		if (wanted.size > 0 && !wanted.has(number)) {
			continue;
		}

		const figure = await load();
		const begun = performance.now();
		targets.push(...(await figure({server, client, env: launchEnv, root})));
		ran.push(number);
		process.stdout.write(`  (figure ${number} took ${((performance.now() - begun) / 1000).toFixed(1)} s)\n`);
	}
} finally {
	client.abortAll();
	await server.close();
}

printTargets(targets);
const resultsFile = join(root, 'bench', 'results.json');
const results = mergeResults(readResults(resultsFile), machine, {
	date: new Date().toISOString().slice(0, 10),
	conditions: `Node ${process.versions.node}, load average ${loadAtStart.toFixed(1)}`,
	figures: ran,
	targets,
});
await writeFile(resultsFile, `${JSON.stringify(results, null, '\t')}\n`);
writeReadme(root, results);
process.stdout.write(`\nWrote bench/results.json and the README's figures (figures ${ran.join(', ')}).\n`);
process.stdout.write(
	`\n${targets.filter(target => target.met).length} of ${targets.length} targets met; ` +
		`bench took ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
		`load average at the end: ${os
			.loadavg()
			.map(load => load.toFixed(2))
			.join(' ')}\n`,
);
