// `q` and Ctrl+C at the terminal stop an export (issue 14); the terminal's mode is put back, Ctrl+Z still
// suspends, and nothing is read from a terminal the export does not own (a pager's, a background job's).
import {Socket} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {NO_FAULTS, startDemoServer, type DemoServer} from '../../source/demo/server.js';
import {EXIT} from '../../source/exit.js';
import {runExport} from '../../source/export/command.js';
import {isForegroundJob, onCancelKeys, type JobControl} from '../../source/export/keys.js';
import {Interrupted} from '../../source/export/signals.js';
import {FakeTtyStdin} from '../helpers/ttyStdin.js';
import {Collector, testClient} from './helpers.js';

/** A terminal's stdin that remembers its raw mode and whether it is read. */
class Terminal extends FakeTtyStdin {
	raw = false;
	flowing = false;

	override setRawMode(mode = true): this {
		this.raw = mode;
		return this;
	}

	override resume(): this {
		this.flowing = true;
		return this;
	}

	override pause(): this {
		this.flowing = false;
		return this;
	}
}

function jobControl() {
	const listeners = new Set<() => void>();
	const control = {
		suspended: 0,
		suspend() {
			control.suspended++;
		},
		onContinue(listener: () => void) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		continue() {
			for (const listener of listeners) listener();
		},
		get listeners() {
			return listeners.size;
		},
	} satisfies JobControl & Record<string, unknown>;
	return control;
}

function listen(options: {foreground?: boolean | undefined; stdout?: unknown; stdin?: Terminal} = {}) {
	const stdin = options.stdin ?? new Terminal();
	const stops: Interrupted[] = [];
	let foreground = 'foreground' in options ? options.foreground : true;
	const control = jobControl();
	const keys = onCancelKeys(
		{stdin, stdout: options.stdout ?? new Collector(), foreground: () => foreground, jobControl: control},
		reason => stops.push(reason),
	);
	return {
		stdin,
		stops,
		keys,
		control,
		setForeground(value: boolean) {
			foreground = value;
		},
	};
}

describe('q and Ctrl+C during an export', () => {
	it('stop it as SIGINT does, from raw mode, which is left again at the end', () => {
		for (const key of ['q', '\u0003', 'xyq']) {
			const {stdin, stops, keys} = listen();
			expect(keys.listening).toBe(true);
			expect([stdin.raw, stdin.flowing]).toEqual([true, true]);
			stdin.write(key);
			expect(stops).toHaveLength(1);
			expect(stops[0]).toBeInstanceOf(Interrupted);
			expect(stops[0]?.signal).toBe('SIGINT');
			keys.close();
			expect([stdin.raw, stdin.flowing]).toEqual([false, false]);
		}
	});

	it('other keys, escape sequences and keys after close do nothing', () => {
		const {stdin, stops, keys} = listen();
		stdin.write('x');
		stdin.write('Q');
		stdin.write('\u001b[A');
		stdin.write('\u001bq');
		stdin.write('\r');
		expect(stops).toEqual([]);
		keys.close();
		stdin.write('q');
		expect(stops).toEqual([]);
	});

	it('Ctrl+Z leaves raw mode and suspends; fg reads keys again, bg does not', () => {
		const {stdin, stops, keys, control, setForeground} = listen();
		stdin.write('\u001a');
		expect(control.suspended).toBe(1);
		expect([stdin.raw, stdin.flowing]).toEqual([false, false]);
		setForeground(false);
		control.continue();
		expect([stdin.raw, stdin.flowing]).toEqual([false, false]);
		setForeground(true);
		control.continue();
		expect([stdin.raw, stdin.flowing]).toEqual([true, true]);
		stdin.write('q');
		expect(stops).toHaveLength(1);
		keys.close();
		expect(control.listeners).toBe(0);
		expect(stdin.raw).toBe(false);
	});

	it('read nothing when stdout is a pipe (a pager reads that terminal), in the background, or unknown', () => {
		const cases = [listen({stdout: new Socket()}), listen({foreground: false}), listen({foreground: undefined})];
		for (const {stdin, keys, control} of cases) {
			expect(keys.listening).toBe(false);
			expect([stdin.raw, stdin.flowing]).toEqual([false, false]);
			expect(control.listeners).toBe(0);
			keys.close();
		}

		const notATerminal = Object.assign(new Terminal(), {isTTY: false});
		expect(
			onCancelKeys({stdin: notATerminal, stdout: new Collector(), foreground: () => true}, () => {}).listening,
		).toBe(false);
		expect(onCancelKeys({stdin: undefined, stdout: new Collector(), foreground: () => true}, () => {}).listening).toBe(
			false,
		);
	});

	it('knows whether it is the foreground job on Linux, and says nothing elsewhere', () => {
		expect(typeof isForegroundJob()).toBe(process.platform === 'linux' ? 'boolean' : 'undefined');
	});
});

/** A terminal's stderr that says when something was written to it. */
class WatchedTerminal extends Collector {
	readonly isTTY = true;
	readonly columns = 200;

	override write(chunk: any, encoding?: any, callback?: any): boolean {
		const result = super.write(chunk, encoding, callback);
		this.emit('wrote');
		return result;
	}

	async shows(pattern: RegExp): Promise<string> {
		while (!pattern.test(this.text())) {
			await new Promise(resolve => this.once('wrote', resolve));
		}

		return this.text();
	}
}

describe('q while an export waits for a throttled API', () => {
	let server: DemoServer;
	beforeAll(async () => {
		server = await startDemoServer({port: 0});
	});
	afterAll(async () => {
		server.setFaults(NO_FAULTS);
		await server.close();
	});

	it('stops it at once with exit 130, and the terminal leaves raw mode', async () => {
		// Every second request is refused with a wait far longer than the client's own retries take.
		server.setFaults({failEvery: 2, failStatus: 429, retryAfter: 300});
		const stdin = new Terminal();
		const stderr = new WatchedTerminal();
		const stdout = new Collector();
		const exported = runExport({
			client: testClient(server),
			jobId: 19,
			status: 'All',
			format: 'csv',
			stdout,
			stderr,
			stdin,
			foreground: () => true,
		});
		const waiting = await stderr.shows(/waiting \d+ s/);
		expect(waiting).toMatch(
			/Exporting job 19 \(All\): page 1\/30 · 1,000 \/ 30,000 records 3% · waiting 300 s \(rate limited\) · q stops/,
		);
		expect(stdin.raw).toBe(true);
		stdin.write('q');
		expect(await exported).toBe(EXIT.SIGINT);
		expect(stderr.text().endsWith('Export cancelled.\n')).toBe(true);
		expect([stdin.raw, stdin.flowing]).toEqual([false, false]);
	});
});
