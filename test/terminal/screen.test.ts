import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {setupTerminal, type ExitReason, type TerminalOptions} from '../../source/terminal/screen.js';

// Bracketed paste is on while the screen is, off again on every way out (before the main screen is back).
const ENTER = '\u001b[?1049h\u001b[?2004h';
const RESTORE = '\u001b[0m\u001b[?25h\u001b[?2004l\u001b[?1049l';

class FakeProcess extends EventEmitter {
	env: NodeJS.ProcessEnv = {};
	constructor(private readonly log: string[]) {
		super();
	}

	exit(code?: number): void {
		this.log.push(`exit ${code}`);
	}
}

// One log for every effect, in order: writes to stdout/stderr, raw mode, beforeExit, exit.
function harness(overrides: Partial<TerminalOptions> = {}, {tty = true} = {}) {
	const log: string[] = [];
	const proc = new FakeProcess(log);
	const reasons: ExitReason[] = [];
	const session = setupTerminal({
		stdout: {isTTY: tty, write: (chunk: string) => log.push(`stdout ${JSON.stringify(chunk)}`)},
		stderr: {isTTY: tty, write: (chunk: string) => log.push(`stderr ${JSON.stringify(chunk)}`)},
		stdin: {isTTY: tty, setRawMode: (mode: boolean) => log.push(`raw ${mode}`)},
		beforeExit(reason) {
			reasons.push(reason);
			log.push('beforeExit');
		},
		process: proc,
		...overrides,
	});
	return {log, proc, reasons, session};
}

const out = (chunk: string) => `stdout ${JSON.stringify(chunk)}`;

describe('setupTerminal', () => {
	it('enters the alternate screen with the keyboard in raw mode, and restores once', () => {
		const {log, session} = harness();
		expect(session.active).toBe(true);
		expect(log).toEqual([out(ENTER), 'raw true']);
		session.restore();
		session.restore();
		expect(log).toEqual([out(ENTER), 'raw true', 'raw false', out(RESTORE)]);
	});

	it('does nothing when stdout is not a terminal', () => {
		const {log, proc, session} = harness({}, {tty: false});
		session.restore();
		expect(session.active).toBe(false);
		expect(log).toEqual([]);
		expect(proc.eventNames()).toEqual([]);
		session.exit(2);
		expect(log).toEqual(['beforeExit', 'exit 2']);
	});

	it.each([
		['SIGINT', 130],
		['SIGTERM', 143],
		['SIGHUP', 129],
	] as const)('on %s: beforeExit, restore, exit %i', (signal, code) => {
		const {log, proc, reasons} = harness();
		proc.emit(signal);
		expect(log).toEqual([out(ENTER), 'raw true', 'beforeExit', 'raw false', out(RESTORE), `exit ${code}`]);
		expect(reasons).toEqual([{kind: 'signal', signal, code}]);
	});

	it('on an uncaught exception: restores, then prints one sanitised line and exits 1', () => {
		const {log, proc} = harness();
		proc.emit('uncaughtException', new Error('boom\u001b]0;pwned\u0007\nsecond line'));
		expect(log).toEqual([
			out(ENTER),
			'raw true',
			'beforeExit',
			'raw false',
			out(RESTORE),
			`stderr ${JSON.stringify('ecore-records: boom\\x1b]0;pwned\\x07\\nsecond line\n')}`,
			'exit 1',
		]);
	});

	it('on an unhandled rejection of a non-error: one line, exit 1', () => {
		const {log, proc} = harness({name: 'demo'});
		proc.emit('unhandledRejection', 'plain reason');
		expect(log.slice(-2)).toEqual([`stderr ${JSON.stringify('demo: plain reason\n')}`, 'exit 1']);
	});

	it('prints the stack only with ECORE_DEBUG=1', () => {
		const {log, proc} = harness();
		proc.env = {ECORE_DEBUG: '1'};
		const error = new Error('boom');
		proc.emit('uncaughtException', error);
		const line = log.find(entry => entry.startsWith('stderr'));
		expect(line).toContain('boom');
		expect(line).toContain('screen.test.ts');
		expect(line?.match(/\\n {4}at /g)?.length).toBeGreaterThan(1);
	});

	it('on process exit: beforeExit and restore, leaving the exit code alone', () => {
		const {log, proc, reasons} = harness();
		proc.emit('exit', 3);
		expect(log).toEqual([out(ENTER), 'raw true', 'beforeExit', 'raw false', out(RESTORE)]);
		expect(reasons).toEqual([{kind: 'exit', code: 3}]);
	});

	it('runs beforeExit once even when a signal is followed by the exit event', () => {
		const {log, proc} = harness();
		proc.emit('SIGTERM');
		proc.emit('exit', 143);
		expect(log.filter(entry => entry === 'beforeExit')).toHaveLength(1);
		expect(log.filter(entry => entry === out(RESTORE))).toHaveLength(1);
	});

	it('restores even when beforeExit throws', () => {
		const {log, proc} = harness({
			beforeExit() {
				throw new Error('unmount failed');
			},
		});
		proc.emit('SIGINT');
		expect(log).toEqual([out(ENTER), 'raw true', 'raw false', out(RESTORE), 'exit 130']);
	});

	it('restores even when the terminal is gone', () => {
		const log: string[] = [];
		const proc = new FakeProcess(log);
		setupTerminal({
			stdout: {
				isTTY: true,
				write(chunk: string) {
					if (chunk !== ENTER) {
						throw new Error('EIO');
					}
				},
			},
			stdin: {
				isTTY: true,
				setRawMode() {
					throw new Error('EIO');
				},
			},
			process: proc,
		});
		proc.emit('SIGHUP');
		expect(log).toEqual(['exit 129']);
	});

	it('exit(code) is the normal way out', () => {
		const {log, reasons, session} = harness();
		session.exit(0);
		expect(log).toEqual([out(ENTER), 'raw true', 'beforeExit', 'raw false', out(RESTORE), 'exit 0']);
		expect(reasons).toEqual([{kind: 'exit', code: 0}]);
	});

	it('leaves raw mode alone when stdin is not a terminal', () => {
		const {log, session} = harness({stdin: {isTTY: false, setRawMode: () => log.push('raw')}});
		session.restore();
		expect(log).not.toContain('raw');
	});
});
