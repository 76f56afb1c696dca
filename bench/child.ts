// Figures 5 and 6 measure memory, so their work runs in a process of its own, built the way dist/cli.js is
// (one esbuild bundle, React's production build): under tsx a process carries ~50 MB of loader on top.
import {spawn} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import {join} from 'node:path';
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
