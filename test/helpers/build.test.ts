// The globalSetup's staleness rule, on a throwaway tree with a stand-in for `npm run build`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {CLI, ensureBuilt, inputsHash, ROOT, staleness} from './build.js';

let root: string;
let builds: number;
const build = (at: string) => {
	builds++;
	fs.mkdirSync(path.join(at, 'dist'), {recursive: true});
	fs.writeFileSync(
		path.join(at, 'dist', 'cli.js'),
		`// build ${builds}: ${fs.readFileSync(path.join(at, 'source', 'cli.tsx'), 'utf8')}`,
	);
};

const write = (file: string, text: string) => {
	fs.mkdirSync(path.dirname(path.join(root, file)), {recursive: true});
	fs.writeFileSync(path.join(root, file), text);
};

beforeEach(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-build-'));
	builds = 0;
	write('source/cli.tsx', 'one');
	write('source/ui/View.tsx', 'view');
	write('package.json', '{}');
});

afterEach(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

describe('the globalSetup build of dist/', () => {
	it('builds when there is no dist/, then not again while nothing changed', () => {
		expect(ensureBuilt(root, build)).toBe('built dist/ (dist/cli.js does not exist)');
		expect(ensureBuilt(root, build)).toBe('dist/ is up to date');
		expect(builds).toBe(1);
	});

	it('builds again after any source file, package.json or the lock file changes, even with an older mtime', () => {
		ensureBuilt(root, build);
		for (const file of ['source/ui/View.tsx', 'source/new.ts', 'package.json', 'package-lock.json']) {
			write(file, `changed ${file}`);
			// A checkout or a copy can leave a changed file older than the build.
			fs.utimesSync(path.join(root, file), new Date(2000, 0, 1), new Date(2000, 0, 1));
			expect(staleness(root)).toBe('the sources changed since dist/ was built');
			ensureBuilt(root, build);
			expect(staleness(root)).toBeUndefined();
		}

		fs.rmSync(path.join(root, 'source/new.ts'));
		expect(staleness(root)).toBe('the sources changed since dist/ was built');
		expect(builds).toBe(5);
	});

	it('builds again when dist/cli.js was rebuilt from other sources since', () => {
		ensureBuilt(root, build);
		fs.writeFileSync(path.join(root, 'dist', 'cli.js'), '// a build of some other state of source/');
		expect(staleness(root)).toBe('dist/cli.js was rebuilt from other sources');
	});

	it("left this repository's dist/ built from its sources before the tests began", () => {
		expect(staleness(ROOT, inputsHash(ROOT))).toBeUndefined();
		expect(fs.existsSync(CLI)).toBe(true);
	});
});
