// Vitest's globalSetup: before any test file runs, dist/ is built from the sources as they are now, so
// no test ever spawns a CLI built from older code (`npx vitest run test/x` after an edit included).
//
// Fresh means: the inputs of the bundle (every file under source/, package.json, package-lock.json,
// tsconfig.json) hash to what they hashed to when dist/cli.js was last built here, and dist/cli.js is
// still the file that build wrote (same size and mtime: a `npm run build` from other sources since
// changes it). A hash, not mtimes: a checkout, a stash or a copy can give a file an older time.
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = path.join(ROOT, 'dist', 'cli.js');
const INPUTS = ['source', 'package.json', 'package-lock.json', 'tsconfig.json'];
const cliOf = (root: string) => path.join(root, 'dist', 'cli.js');
const stampOf = (root: string) => path.join(root, 'node_modules', '.cache', 'ecore-records', 'dist-stamp.json');

interface Stamp {
	readonly inputs: string;
	readonly size: number;
	readonly mtimeMs: number;
}

function files(root: string, entry: string): string[] {
	const full = path.join(root, entry);
	if (!fs.existsSync(full)) {
		return [];
	}

	if (!fs.statSync(full).isDirectory()) {
		return [entry];
	}

	return fs
		.readdirSync(full, {recursive: true, withFileTypes: true})
		.filter(dirent => dirent.isFile())
		.map(dirent => path.relative(root, path.join(dirent.parentPath, dirent.name)));
}

/** One hash of every input's path and content, in a stable order. */
export function inputsHash(root = ROOT): string {
	const hash = createHash('sha256');
	for (const file of INPUTS.flatMap(entry => files(root, entry)).sort()) {
		hash.update(`${file}\0`);
		hash.update(fs.readFileSync(path.join(root, file)));
		hash.update('\0');
	}

	return hash.digest('hex');
}

function readStamp(root: string): Stamp | undefined {
	try {
		return JSON.parse(fs.readFileSync(stampOf(root), 'utf8')) as Stamp;
	} catch {
		return undefined;
	}
}

/** Why dist/ must be built again, or undefined when it is what the sources build to. */
export function staleness(root = ROOT, inputs = inputsHash(root)): string | undefined {
	if (!fs.existsSync(cliOf(root))) {
		return 'dist/cli.js does not exist';
	}

	const stamp = readStamp(root);
	if (!stamp) {
		return 'no record of what dist/ was built from';
	}

	if (stamp.inputs !== inputs) {
		return 'the sources changed since dist/ was built';
	}

	const {size, mtimeMs} = fs.statSync(cliOf(root));
	if (size !== stamp.size || mtimeMs !== stamp.mtimeMs) {
		return 'dist/cli.js was rebuilt from other sources';
	}

	return undefined;
}

const npmBuild = (root: string) => {
	execFileSync('npm', ['run', '--silent', 'build'], {cwd: root, stdio: ['ignore', 'inherit', 'inherit']});
};

/** Builds dist/ (`npm run build`) when it is stale; returns what was done, for the log. */
export function ensureBuilt(root = ROOT, build: (root: string) => void = npmBuild): string {
	const inputs = inputsHash(root);
	const reason = staleness(root, inputs);
	if (reason === undefined) {
		return 'dist/ is up to date';
	}

	build(root);
	const {size, mtimeMs} = fs.statSync(cliOf(root));
	const stamp = stampOf(root);
	fs.mkdirSync(path.dirname(stamp), {recursive: true});
	fs.writeFileSync(stamp, JSON.stringify({inputs, size, mtimeMs} satisfies Stamp));
	return `built dist/ (${reason})`;
}

export default function setup(): void {
	const started = performance.now();
	const done = ensureBuilt();
	process.stdout.write(`globalSetup: ${done} in ${Math.round(performance.now() - started)} ms\n`);
}
