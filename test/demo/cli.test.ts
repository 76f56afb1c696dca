import {execFile, spawn} from 'node:child_process';
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

describe('demo-server options', () => {
	it('says which faults it injects and applies them', async () => {
		const lines: string[] = [];
		const controller = new AbortController();
		let printed!: () => void;
		const ready = new Promise<void>(resolve => (printed = resolve));
		const running = runDemoServerCli({
			port: 0,
			signal: controller.signal,
			faults: {latencyMs: 40, jitterMs: 10, rateLimitPerSecond: 1},
			write: line => {
				lines.push(line);
				printed();
			},
		});
		await ready;
		expect(lines[0]).toContain(
			'Injected: answers delayed 40 ms, plus up to 10 ms of jitter, at most 1 request a second.',
		);
		const baseUrl = /(http:\/\/127\.0\.0\.1:\d+\/backend\/api\/v1\/)/.exec(lines[0] ?? '')?.[1];
		const get = () =>
			fetch(`${baseUrl}email-validation/jobs/42/`, {headers: {Authorization: `Token ${DEMO_TOKEN}`}}).then(
				async response => {
					await response.text();
					return response.status;
				},
			);
		expect(await Promise.all([get(), get()])).toEqual(expect.arrayContaining([200, 429]));
		controller.abort();
		await running;
	});

	const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
	const run = (args: string[]) =>
		new Promise<{code: number; stdout: string; stderr: string}>(resolve => {
			execFile(process.execPath, [cli, ...args], {env: {PATH: process.env['PATH'] ?? ''}}, (error, stdout, stderr) =>
				resolve({code: error ? Number(error.code ?? 1) : 0, stdout, stderr}),
			);
		});

	it.each([
		[['--demo', '--latency', '300'], /--latency is a demo-server option/],
		[['42', '--rate-limit', '2'], /--rate-limit is a demo-server option/],
		[['demo-server', '--latency', '-1'], /--latency must be an integer from 0 to 600000/],
		[['demo-server', '--rate-limit', 'x'], /--rate-limit must be an integer/],
		[['demo-server', '--jitter', '1.5'], /--jitter must be an integer/],
		[['export', '42', '--balance', '5'], /--balance is a demo-server option/],
		[['demo-server', '--balance', '-5'], /--balance must be an integer 0 or more/],
	])('refuses %j with one line and exit 2 (built CLI)', async (args, message) => {
		const result = await run(args);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(message);
		expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
	});

	it('takes --latency, --jitter, --rate-limit and --balance (built CLI)', async () => {
		const child = spawn(
			process.execPath,
			[cli, 'demo-server', '--port', '0', '--latency', '25', '--jitter', '5', '--rate-limit', '3', '--balance', '12'],
			{stdio: ['ignore', 'pipe', 'pipe']},
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
		expect(stdout).toContain(
			'Injected: answers delayed 25 ms, plus up to 5 ms of jitter, at most 3 requests a second.',
		);
		expect(stdout).toContain('12 credits');
		const baseUrl = /(http:\/\/127\.0\.0\.1:\d+\/backend\/api\/v1\/)/.exec(stdout)?.[1];
		const upload = await fetch(`${baseUrl}email-validation/jobs/upload/`, {
			method: 'POST',
			headers: {Authorization: `Token ${DEMO_TOKEN}`, 'Content-Type': 'application/json'},
			body: JSON.stringify({emails: Array.from({length: 50}, (_, i) => `n${i}@acme.com`)}),
		});
		expect(upload.status).toBe(402);
		expect(await upload.json()).toEqual({
			error: 'Insufficient credits. You need 50 credits but have 12.',
			required: 50,
			balance: 12,
		});
		// At most 3 of these 6 go through in any one second (2 if the upload is still in the window).
		const statuses = await Promise.all(
			Array.from({length: 6}, async () => {
				const response = await fetch(`${baseUrl}email-validation/jobs/`, {
					headers: {Authorization: `Token ${DEMO_TOKEN}`},
				});
				await response.text();
				return response.status;
			}),
		);
		expect(statuses.filter(status => status === 429).length).toBeGreaterThanOrEqual(3);
		expect(statuses.filter(status => status === 200).length).toBeGreaterThanOrEqual(2);
		const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});
});
