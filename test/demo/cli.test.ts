import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {DEMO_TOKEN, runDemoServerCli} from '../../source/demo/server.js';

describe('runDemoServerCli', () => {
	it('prints one line with the base URL and token, serves, and stops on abort', async () => {
		const lines: string[] = [];
		const controller = new AbortController();
		let printed!: () => void;
		const ready = new Promise<void>(resolve => (printed = resolve));
		const running = runDemoServerCli({
			port: 0,
			signal: controller.signal,
			write: line => {
				lines.push(line);
				printed();
			},
		});
		await ready;
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain(DEMO_TOKEN);
		const baseUrl = /(http:\/\/127\.0\.0\.1:\d+\/backend\/api\/v1\/)/.exec(lines[0] ?? '')?.[1];
		expect(baseUrl).toBeDefined();
		const response = await fetch(`${baseUrl}email-validation/jobs/42/`, {
			headers: {Authorization: `Token ${DEMO_TOKEN}`},
		});
		expect(response.status).toBe(200);
		await response.text();
		const listenersBefore = process.listenerCount('SIGINT');
		controller.abort();
		await running;
		expect(process.listenerCount('SIGINT')).toBe(listenersBefore - 1);
		await expect(fetch(`${baseUrl}email-validation/jobs/`)).rejects.toThrow();
	});

	it.each(['SIGINT', 'SIGTERM'] as const)('exits cleanly on %s in a real process', async signal => {
		const entry = fileURLToPath(new URL('../../source/demo/server.ts', import.meta.url));
		const child = spawn(
			process.execPath,
			['--import', 'tsx', '-e', `import(${JSON.stringify(entry)}).then((m) => m.runDemoServerCli({port: 0}))`],
			// tsx is resolved from the working directory, and tests run in a temporary one.
			{stdio: ['ignore', 'pipe', 'pipe'], cwd: fileURLToPath(new URL('../..', import.meta.url))},
		);
		let stdout = '';
		await new Promise<void>((resolve, reject) => {
			child.stdout.on('data', (chunk: Buffer) => {
				stdout += chunk.toString();
				if (stdout.includes('\n')) {
					resolve();
				}
			});
			child.once('exit', code => reject(new Error(`exited early with ${code}`)));
		});
		expect(stdout.trim().split('\n')).toHaveLength(1);
		expect(stdout).toMatch(/http:\/\/127\.0\.0\.1:\d+\/backend\/api\/v1\//);
		const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
		child.kill(signal);
		expect(await exited).toBe(0);
	});
});
