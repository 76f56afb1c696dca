// The compile cache's directory and its set-up, with Node's enableCompileCache passed in: the directory is
// made (private) and handed over; where it cannot be made, nothing is handed over and nothing throws,
// promptly (Node's own recursive mkdir never returns for a path under /proc). The smoke test runs the
// built CLI on Node 22 and 24 for the real thing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {compileCacheDirectory, enableCompileCache} from '../source/compileCache.js';

const temporary: string[] = [];
afterEach(() => {
	for (const directory of temporary.splice(0)) {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});

function scratch(): string {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-compile-cache-'));
	temporary.push(directory);
	return directory;
}

describe('the compile cache', () => {
	it("lives in the platform's cache directory", () => {
		expect(compileCacheDirectory({XDG_CACHE_HOME: '/x/cache'}, '/home/u', 'linux')).toBe(
			'/x/cache/ecore-records/compile',
		);
		expect(compileCacheDirectory({}, '/home/u', 'linux')).toBe('/home/u/.cache/ecore-records/compile');
		// A relative XDG_CACHE_HOME is invalid by the XDG spec: ignored.
		expect(compileCacheDirectory({XDG_CACHE_HOME: 'cache'}, '/home/u', 'linux')).toBe(
			'/home/u/.cache/ecore-records/compile',
		);
		expect(compileCacheDirectory({}, '/Users/u', 'darwin')).toBe('/Users/u/Library/Caches/ecore-records/compile');
	});

	it('makes the directory, private, and hands it to Node', () => {
		const base = scratch();
		const handed: string[] = [];
		enableCompileCache({XDG_CACHE_HOME: base}, directory => handed.push(directory));
		const directory = path.join(base, 'ecore-records', 'compile');
		expect(handed).toEqual([directory]);
		expect(fs.statSync(directory).mode & 0o777).toBe(0o700);
	});

	it('where the directory cannot be made, hands nothing over and starts as before', () => {
		const file = path.join(scratch(), 'a-file');
		fs.writeFileSync(file, '');
		const handed: string[] = [];
		for (const base of [file, path.join(file, 'below'), '/proc/ecore-records-none/cache']) {
			enableCompileCache({XDG_CACHE_HOME: base}, directory => handed.push(directory));
		}

		expect(handed).toEqual([]);
		// A Node without a compile cache (20): nothing to do.
		expect(() => {
			enableCompileCache({XDG_CACHE_HOME: scratch()}, undefined);
		}).not.toThrow();
	});

	it('a Node that throws while enabling it does not stop the start', () => {
		expect(() => {
			enableCompileCache({XDG_CACHE_HOME: scratch()}, () => {
				throw new Error('no');
			});
		}).not.toThrow();
	});
});
