// The end-to-end smoke of the built CLI on one Node: the machine's, or the one ECORE_TEST_NODE names.
// `npm test` runs it on Node 20; .ci/run runs it again on Node 22 and 24, which the README promises.
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {describe, expect, it} from 'vitest';
import {CLI, NODE, openPane, cliCommand, ROOT} from '../helpers/tmux.js';

const version = execFileSync(NODE, ['--version'], {encoding: 'utf8'}).trim();
const run = (...args: string[]) => runWith({}, ...args);
const runWith = (env: NodeJS.ProcessEnv, ...args: string[]) => {
	const result = spawnSync(NODE, [CLI, ...args], {encoding: 'utf8', timeout: 30_000, env: {...process.env, ...env}});
	return {code: result.status, stdout: result.stdout, stderr: result.stderr};
};

describe(`the built CLI on Node ${version}`, () => {
	it('--version prints the package version', () => {
		const {version: expected} = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
			version: string;
		};
		expect(run('--version')).toEqual({code: 0, stdout: `${expected}\n`, stderr: ''});
	});

	it('keeps compiled code in the cache directory from Node 22.1 on, and starts the same where it cannot', () => {
		const [major = 0, minor = 0] = version.slice(1).split('.').map(Number);
		const hasCache = major > 22 || (major === 22 && minor >= 1);
		const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ecore-smoke-cache-'));
		try {
			expect(runWith({XDG_CACHE_HOME: base}, '--version')).toMatchObject({code: 0, stderr: ''});
			const directory = path.join(base, 'ecore-records', 'compile');
			const cached = fs.existsSync(directory) ? fs.readdirSync(directory, {recursive: true}) : [];
			expect(cached.length > 0).toBe(hasCache);
			// Not a directory, and a path Node's recursive mkdir never returns from: the same start.
			fs.writeFileSync(path.join(base, 'file'), '');
			for (const unwritable of [path.join(base, 'file'), '/proc/ecore-records-none']) {
				expect(runWith({XDG_CACHE_HOME: unwritable}, '--version')).toEqual(run('--version'));
			}
		} finally {
			fs.rmSync(base, {recursive: true, force: true});
		}
	});

	it('prints a page of the demo job as text when stdout is not a terminal', () => {
		const {code, stdout, stderr} = run('--demo', '42');
		expect({code, stderr}).toEqual({code: 0, stderr: ''});
		const lines = stdout.trimEnd().split('\n');
		expect(lines[0]).toBe('id\tec_id\temail\tstatus\tvalidator_used\tis_cached\terror_message\tprocessed_at');
		expect(lines[1]).toMatch(/^9881\t\tjane@acme\.com\tValid\t/);
		expect(lines).toHaveLength(101);
	});

	it('exports every record of the demo job as CSV', () => {
		const {code, stdout} = run('--demo', 'export', '42', '--format', 'csv');
		expect(code).toBe(0);
		// CSV lines end in CRLF (RFC 4180).
		const lines = stdout.trimEnd().split('\r\n');
		expect(lines[0]).toBe('id,ec_id,email,status,validator_used,is_cached,error_message,processed_at');
		expect(lines).toHaveLength(251);
		expect(new Set(lines.slice(1).map(line => line.split(',')[0])).size).toBe(250);
	});

	it('opens the full-screen app, pages, quits and gives the terminal back', async () => {
		const pane = openPane(cliCommand('--demo 42'), {columns: 80, rows: 24});
		try {
			await pane.waitFor(
				screen => screen.includes('Q1 Leads') && screen.includes('page 1 of 3') && screen.includes('Record 9881'),
			);
			expect(pane.state()).toMatchObject({alternate: true, cursorVisible: false});
			pane.send('Right');
			await pane.waitFor(screen => screen.includes('page 2 of 3'));
			pane.send('q');
			expect(await pane.waitForExit()).toBe(0);
			expect(pane.state()).toMatchObject({alternate: false, cursorVisible: true});
			const {before, after} = pane.stty();
			expect(after).toBe(before);
			expect(pane.screen()).not.toContain('Q1 Leads');
		} finally {
			pane.kill();
		}
	});
});
