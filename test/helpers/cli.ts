// The built CLI as a script runs it: pipes for stdin, stdout and stderr (none a terminal), stdin closed,
// and an environment of PATH, a settings directory of the test's own and what the test adds.
import {execFile} from 'node:child_process';
import process from 'node:process';
import {CLI} from './build.js';

export interface CliResult {
	readonly code: number;
	readonly stdout: string;
	readonly stderr: string;
}

export interface CliOptions {
	/** XDG_CONFIG_HOME: where the saved token lives. */
	readonly home: string;
	readonly env?: Record<string, string>;
	readonly cwd?: string;
}

export async function runCli(args: readonly string[], {home, env = {}, cwd}: CliOptions): Promise<CliResult> {
	return new Promise(resolve => {
		const child = execFile(
			process.execPath,
			[CLI, ...args],
			{
				cwd,
				env: {PATH: process.env['PATH'] ?? '', XDG_CONFIG_HOME: home, ...env},
				maxBuffer: 64 * 1024 * 1024,
			},
			(error, stdout, stderr) => {
				resolve({code: error ? Number(error.code ?? 1) : 0, stdout, stderr});
			},
		);
		child.stdin?.end();
	});
}
