// What a user installs: the packed tarball is the bundle alone, installs with no dependencies and no
// scripts, and runs.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = (args: string[], cwd: string) =>
	execFileSync('npm', args, {
		cwd,
		encoding: 'utf8',
		env: {...process.env, npm_config_audit: 'false', npm_config_fund: 'false'},
	});

describe('the packed package', () => {
	let directory: string;
	let tarball: string;
	let bin: string;

	beforeAll(() => {
		directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-pack-'));
		// dist/ is fresh (the globalSetup built it): without --ignore-scripts, prepack would delete and
		// rebuild it while other test files run dist/cli.js. `npm pack` prints the tarball's name last.
		const name = npm(['pack', '--silent', '--ignore-scripts', '--pack-destination', directory], root)
			.trim()
			.split('\n')
			.at(-1)!;
		tarball = path.join(directory, name);
		const prefix = path.join(directory, 'prefix');
		npm(['install', '--global', '--prefix', prefix, '--offline', tarball], directory);
		bin = path.join(prefix, 'bin', 'ecore-records');
	}, 120_000);

	afterAll(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});

	test('declares no runtime dependencies and no install scripts', () => {
		const manifest = JSON.parse(
			execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], {encoding: 'utf8'}),
		) as Record<string, Record<string, string> | undefined>;
		expect(manifest['dependencies'] ?? {}).toEqual({});
		const scripts = manifest['scripts'] ?? {};
		for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
			expect(scripts[hook], hook).toBeUndefined();
		}
	});

	test('installs as the bundle alone', () => {
		const installed = path.join(path.dirname(path.dirname(bin)), 'lib', 'node_modules', 'ecore-records');
		expect(fs.existsSync(path.join(installed, 'dist', 'cli.js'))).toBe(true);
		expect(fs.existsSync(path.join(installed, 'node_modules'))).toBe(false);
	});

	test('runs: --version, and a page of the demo job as text', () => {
		const {version} = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string};
		expect(execFileSync(bin, ['--version'], {encoding: 'utf8'}).trim()).toBe(version);
		const page = execFileSync(bin, ['--demo', '42'], {encoding: 'utf8'});
		const lines = page.trimEnd().split('\n');
		expect(lines[0]).toBe('id\tec_id\temail\tstatus\tvalidator_used\tis_cached\terror_message\tprocessed_at');
		expect(lines[1]).toContain('jane@acme.com');
		expect(lines).toHaveLength(101);
	});
});
