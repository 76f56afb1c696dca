import {describe, expect, it} from 'vitest';
import {
	copyToClipboard,
	describeCopy,
	detectMultiplexer,
	formsFor,
	MAX_CLIPBOARD_PAYLOAD,
	osc52,
	queryTmuxClipboard,
	type TmuxRunner,
} from '../../source/terminal/clipboard.js';
import type {SafeText} from '../../source/text/untrusted.js';

// The clipboard takes only SafeText; these tests feed it raw bytes on purpose, to check the encoding itself.
const safe = (text: string) => text as SafeText;
const ESC = '\u001b';
const BEL = '\u0007';
const TMUX_ENV = {TMUX: '/tmp/tmux-0/default,1234,0', TMUX_PANE: '%3', TERM: 'screen-256color'};
const PLAIN_HI = `${ESC}]52;c;aGk=${BEL}`;
const PASSTHROUGH_HI = `${ESC}Ptmux;${ESC}${ESC}]52;c;aGk=${BEL}${ESC}\\`;

/** A tmux that answers `show-options` as one configured with these options would; records what was asked. */
function fakeTmux(options: {setClipboard?: string; passthrough?: string | undefined; fails?: boolean}) {
	const asked: string[][] = [];
	const run: TmuxRunner = async args => {
		asked.push([...args]);
		if (options.fails) {
			return undefined;
		}

		if (args.includes('set-clipboard')) {
			return `${options.setClipboard ?? 'external'}\n`;
		}

		// tmux before 3.3 has no allow-passthrough: asking for it fails.
		return options.passthrough === undefined ? undefined : `${options.passthrough}\n`;
	};

	return {run, asked};
}

function terminal() {
	const writes: string[] = [];
	return {writes, stdout: {isTTY: true, write: (chunk: string) => writes.push(chunk)}};
}

describe('osc52', () => {
	it('builds the plain sequence from base64 of UTF-8', () => {
		expect(osc52(safe('alice@example.com'))).toEqual({
			ok: true,
			forms: ['plain'],
			sequence: `${ESC}]52;c;YWxpY2VAZXhhbXBsZS5jb20=${BEL}`,
		});
		expect(osc52(safe('山田@例え.jp'))).toMatchObject({
			ok: true,
			sequence: `${ESC}]52;c;5bGx55SwQOS+i+OBiC5qcA==${BEL}`,
		});
	});

	it('wraps for tmux passthrough with the inner ESC doubled, and sends both forms in order', () => {
		expect(osc52(safe('hi'), ['tmux-passthrough'])).toMatchObject({sequence: PASSTHROUGH_HI});
		expect(osc52(safe('hi'), ['plain', 'tmux-passthrough'])).toMatchObject({sequence: PLAIN_HI + PASSTHROUGH_HI});
	});

	it('wraps for GNU screen in DCS chunks short enough for screen', () => {
		expect(osc52(safe('hi'), ['screen'])).toMatchObject({sequence: `${ESC}P${ESC}]52;c;aGk=${BEL}${ESC}\\`});
		const payload = Buffer.from('x'.repeat(120)).toString('base64');
		expect(osc52(safe('x'.repeat(120)), ['screen'])).toMatchObject({
			sequence: `${ESC}P${ESC}]52;c;${payload.slice(0, 76)}${ESC}\\${ESC}P${payload.slice(76, 152)}${ESC}\\${ESC}P${payload.slice(152)}${BEL}${ESC}\\`,
		});
	});

	it('keeps hostile text inert: it only ever appears base64-encoded', () => {
		const result = osc52(safe(`${ESC}]52;c;cHduZWQ=${BEL}${ESC}[2J`));
		expect(result.ok && result.sequence.slice(1).includes(ESC)).toBe(false);
	});

	it('refuses payloads over the cap', () => {
		const largest = 'x'.repeat((MAX_CLIPBOARD_PAYLOAD / 4) * 3);
		expect(osc52(safe(largest)).ok).toBe(true);
		expect(osc52(safe(`${largest}xyz`))).toMatchObject({ok: false, reason: 'too-large'});
	});

	it('detects the multiplexer, tmux first', () => {
		expect(detectMultiplexer({TMUX: 'x', STY: 'y', TERM: 'screen'})).toBe('tmux');
		expect(detectMultiplexer({TERM: 'screen.xterm-256color'})).toBe('screen');
		expect(detectMultiplexer({TERM: 'xterm-256color'})).toBe('none');
		expect(detectMultiplexer({TMUX: ''})).toBe('none');
	});
});

describe('formsFor', () => {
	it('sends plain OSC 52 outside a multiplexer (a terminal, or a terminal over SSH) and screen’s form in screen', () => {
		expect(formsFor('none', undefined)).toEqual({forms: ['plain']});
		expect(formsFor('screen', undefined)).toEqual({forms: ['screen']});
	});

	it('in tmux: plain where tmux takes it, passthrough only where that alone gets through, both where unknown', () => {
		expect(formsFor('tmux', {setClipboard: 'on', passthrough: false})).toEqual({forms: ['plain']});
		expect(formsFor('tmux', {setClipboard: 'on', passthrough: true})).toEqual({forms: ['plain']});
		expect(formsFor('tmux', {setClipboard: 'external', passthrough: true})).toEqual({forms: ['tmux-passthrough']});
		expect(formsFor('tmux', {setClipboard: 'off', passthrough: true})).toEqual({forms: ['tmux-passthrough']});
		expect(formsFor('tmux', undefined)).toEqual({forms: ['plain', 'tmux-passthrough']});
	});

	it('in a tmux that drops both, says which line fixes it', () => {
		expect(formsFor('tmux', {setClipboard: 'external', passthrough: false})).toEqual({
			forms: ['plain'],
			warning: 'tmux drops it: put `set -g set-clipboard on` in ~/.tmux.conf.',
		});
	});
});

describe('queryTmuxClipboard', () => {
	it('reads set-clipboard (global) and allow-passthrough (the app’s pane, inherited values too)', async () => {
		const tmux = fakeTmux({setClipboard: 'on', passthrough: 'off'});
		expect(await queryTmuxClipboard(TMUX_ENV, tmux.run)).toEqual({setClipboard: 'on', passthrough: false});
		expect(tmux.asked).toEqual([
			['show-options', '-gv', 'set-clipboard'],
			['show-options', '-Apv', '-t', '%3', 'allow-passthrough'],
		]);
		expect(await queryTmuxClipboard(TMUX_ENV, fakeTmux({passthrough: 'all'}).run)).toEqual({
			setClipboard: 'external',
			passthrough: true,
		});
	});

	it('takes a tmux without allow-passthrough (before 3.3) to pass it through, and no answer as unknown', async () => {
		expect(await queryTmuxClipboard(TMUX_ENV, fakeTmux({setClipboard: 'off'}).run)).toEqual({
			setClipboard: 'off',
			passthrough: true,
		});
		expect(await queryTmuxClipboard(TMUX_ENV, fakeTmux({fails: true}).run)).toBeUndefined();
		expect(await queryTmuxClipboard(TMUX_ENV, fakeTmux({setClipboard: 'garbage'}).run)).toBeUndefined();
	});
});

describe('copyToClipboard', () => {
	it('writes the plain sequence to a terminal outside tmux without asking tmux', async () => {
		const {writes, stdout} = terminal();
		const tmux = fakeTmux({});
		const result = await copyToClipboard(safe('hi'), stdout, {TERM: 'xterm-256color'}, tmux.run);
		expect(writes).toEqual([PLAIN_HI]);
		expect(tmux.asked).toEqual([]);
		expect(describeCopy('the email', result)).toBe("Sent the email to the terminal's clipboard (OSC 52).");
	});

	it('in tmux with set-clipboard on (what the README says), writes plain OSC 52, not the passthrough form', async () => {
		const {writes, stdout} = terminal();
		const result = await copyToClipboard(
			safe('hi'),
			stdout,
			TMUX_ENV,
			fakeTmux({setClipboard: 'on', passthrough: 'off'}).run,
		);
		expect(writes).toEqual([PLAIN_HI]);
		expect(describeCopy('the email', result)).toBe("Sent the email to the terminal's clipboard (OSC 52).");
	});

	it('in tmux with only allow-passthrough on, writes the passthrough form', async () => {
		const {writes, stdout} = terminal();
		const run = fakeTmux({setClipboard: 'external', passthrough: 'on'}).run;
		const result = await copyToClipboard(safe('hi'), stdout, TMUX_ENV, run);
		expect(writes).toEqual([PASSTHROUGH_HI]);
		expect(describeCopy('the email', result)).toBe(
			"Sent the email to the terminal's clipboard (OSC 52 through tmux passthrough).",
		);
	});

	it('in a tmux that cannot be asked, writes both forms and says so', async () => {
		const {writes, stdout} = terminal();
		const result = await copyToClipboard(safe('hi'), stdout, TMUX_ENV, fakeTmux({fails: true}).run);
		expect(writes).toEqual([PLAIN_HI + PASSTHROUGH_HI]);
		expect(describeCopy('the email', result)).toBe(
			"Sent the email to the terminal's clipboard (OSC 52, plain and through tmux passthrough).",
		);
	});

	it('in a tmux that drops it, says what was sent and the line that fixes it', async () => {
		const {stdout} = terminal();
		const result = await copyToClipboard(
			safe('hi'),
			stdout,
			TMUX_ENV,
			fakeTmux({setClipboard: 'external', passthrough: 'off'}).run,
		);
		expect(describeCopy('the email', result)).toBe(
			'Sent the email as OSC 52; tmux drops it: put `set -g set-clipboard on` in ~/.tmux.conf.',
		);
	});

	it('asks a tmux server once, however often it copies', async () => {
		const {writes, stdout} = terminal();
		const tmux = fakeTmux({setClipboard: 'on'});
		await copyToClipboard(safe('hi'), stdout, TMUX_ENV, tmux.run);
		await copyToClipboard(safe('hi'), stdout, TMUX_ENV, tmux.run);
		await Promise.all([
			copyToClipboard(safe('hi'), stdout, TMUX_ENV, tmux.run),
			copyToClipboard(safe('hi'), stdout, TMUX_ENV, tmux.run),
		]);
		expect(tmux.asked).toHaveLength(2);
		expect(writes).toHaveLength(4);
	});

	it('writes nothing when the output is not a terminal', async () => {
		const writes: string[] = [];
		const result = await copyToClipboard(safe('hi'), {isTTY: false, write: (chunk: string) => writes.push(chunk)}, {});
		expect(result).toMatchObject({ok: false, reason: 'not-a-terminal'});
		expect(describeCopy('the email', result)).toBe('Cannot copy: the output is not a terminal.');
		expect(writes).toEqual([]);
	});
});
