// Figures 5 and 6 measure memory, so their work runs in a process of its own, built the way dist/cli.js is
// (one esbuild bundle, React's production build): under tsx a process carries ~50 MB of loader on top.
import {spawn} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {build} from 'esbuild';
import {RESULT_PREFIX} from './childOutput.js';

export interface Bundle {
	readonly file: string;
	dispose(): Promise<void>;
}

/** Bundles `entry` (relative to the repository root) with the build options of `npm run build`. */
export async function bundle(root: string, entry: string): Promise<Bundle> {
	const directory = await mkdtemp(join(os.tmpdir(), 'ecore-bench-'));
	await build({
		absWorkingDir: root,
		entryPoints: [entry],
		outdir: directory,
		entryNames: 'child',
		// As in the build: Ink's devtools (a dev-only dynamic import) stay in a chunk that is never loaded.
		splitting: true,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		logLevel: 'warning',
		legalComments: 'none',
		define: {'process.env.NODE_ENV': '"production"'},
		external: ['react-devtools-core'],
		banner: {
			js: 'import{createRequire as __benchRequire}from"node:module";const require=__benchRequire(import.meta.url);',
		},
	});
	return {
		file: join(directory, 'child.js'),
		dispose: () => rm(directory, {recursive: true, force: true}),
	};
}

/** The environment a child that renders Ink needs: colours as on a terminal, and not "in CI". */
export function childEnv(env: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const out: NodeJS.ProcessEnv = {...env, FORCE_COLOR: '1', ...extra};
	delete out['CI'];
	delete out['CONTINUOUS_INTEGRATION'];
	return out;
}

/** Runs `node …argv` and returns the JSON of its result line. */
export async function runChild<T>(argv: readonly string[], options: {env: NodeJS.ProcessEnv; cwd: string}): Promise<T> {
	const child = spawn(process.execPath, argv, {
		cwd: options.cwd,
		env: options.env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr = (stderr + chunk).slice(-2000);
	});
	const code = await new Promise<number | null>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', resolve);
	});
	const line = stdout.split('\n').find(text => text.startsWith(RESULT_PREFIX));
	if (code !== 0 || !line) {
		throw new Error(`bench child node ${argv.join(' ').slice(0, 200)} exited with ${code}: ${stderr.trim()}`);
	}

	return JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
}

export interface PtyRun {
	/** Epoch ms when `script` was spawned, on the same clock as the demo server's request log. */
	readonly spawnedAt: number;
	/** Ms from the spawn to `row` in the pty's output. */
	readonly rowMs: number;
	/** Ms from the spawn to `frame` in the output (the app's first frame); NaN when none was asked for or seen. */
	readonly firstFrameMs: number;
}

/**
 * Spawns `command` on a 120×40 pty (`script`, as a person's terminal: a TERM, not "in CI") and waits until
 * its output shows `row`; then `q` ends it (a command that has exited already is not waited on, one that
 * does not end is stopped).
 */
export async function runOnPty(
	command: string,
	options: {cwd: string; env: NodeJS.ProcessEnv; row: string; frame?: string; timeoutMs: number},
): Promise<PtyRun> {
	const {row, frame, timeoutMs} = options;
	// The pty gets the size of the terminal a person would have; `script` alone would give it none.
	const shell = `stty cols 120 rows 40; exec ${command}`;
	const spawnedAt = performance.timeOrigin + performance.now();
	const started = performance.now();
	const child = spawn('script', ['-qfec', shell, '/dev/null'], {
		cwd: options.cwd,
		env: childEnv(options.env, {TERM: options.env['TERM'] ?? 'xterm-256color'}),
		stdio: ['pipe', 'pipe', 'ignore'],
	});
	const exited = new Promise<void>(resolve => {
		child.once('exit', () => {
			resolve();
		});
	});
	try {
		let firstFrameMs = Number.NaN;
		const rowMs = await new Promise<number>((resolve, reject) => {
			let seen = '';
			const timer = setTimeout(() => {
				reject(new Error(`${command} showed no ${row} within ${timeoutMs} ms: ${JSON.stringify(seen.slice(-300))}`));
			}, timeoutMs);
			child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
				// Only the tail is kept for the message; what is looked for can sit anywhere in a chunk of a frame.
				const window = seen.slice(-Math.max(row.length, frame?.length ?? 0)) + chunk;
				if (frame !== undefined && Number.isNaN(firstFrameMs) && window.includes(frame)) {
					firstFrameMs = performance.now() - started;
				}

				seen = (seen + chunk).slice(-4096);
				if (window.includes(row)) {
					clearTimeout(timer);
					resolve(performance.now() - started);
				}
			});
			child.once('error', reject);
		});
		return {spawnedAt, rowMs, firstFrameMs};
	} finally {
		child.stdout.removeAllListeners('data');
		child.stdout.resume();
		child.stdin.end('q');
		const stop = setTimeout(() => child.kill('SIGTERM'), 3000);
		await exited;
		clearTimeout(stop);
	}
}
