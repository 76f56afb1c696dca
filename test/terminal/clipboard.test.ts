import {describe, expect, it} from 'vitest';
import {copyToClipboard, detectMultiplexer, MAX_CLIPBOARD_PAYLOAD, osc52} from '../../source/terminal/clipboard.js';

const ESC = '\u001b';
const BEL = '\u0007';

describe('osc52', () => {
	it('builds the plain sequence from base64 of UTF-8', () => {
		expect(osc52('alice@example.com', {})).toEqual({
			ok: true,
			sequence: `${ESC}]52;c;YWxpY2VAZXhhbXBsZS5jb20=${BEL}`,
		});
		expect(osc52('山田@例え.jp', {})).toEqual({ok: true, sequence: `${ESC}]52;c;5bGx55SwQOS+i+OBiC5qcA==${BEL}`});
	});

	it('wraps for tmux passthrough with the inner ESC doubled', () => {
		expect(osc52('hi', {TMUX: '/tmp/tmux-1000/default,1,0', TERM: 'screen-256color'})).toEqual({
			ok: true,
			sequence: `${ESC}Ptmux;${ESC}${ESC}]52;c;aGk=${BEL}${ESC}\\`,
		});
	});

	it('wraps for GNU screen in DCS chunks short enough for screen', () => {
		expect(osc52('hi', {STY: '1234.pts-0.host'})).toEqual({
			ok: true,
			sequence: `${ESC}P${ESC}]52;c;aGk=${BEL}${ESC}\\`,
		});
		const result = osc52('x'.repeat(120), {TERM: 'screen'});
		expect(result.ok).toBe(true);
		if (result.ok) {
			const payload = Buffer.from('x'.repeat(120)).toString('base64');
			expect(result.sequence).toBe(
				`${ESC}P${ESC}]52;c;${payload.slice(0, 76)}${ESC}\\${ESC}P${payload.slice(76, 152)}${ESC}\\${ESC}P${payload.slice(152)}${BEL}${ESC}\\`,
			);
		}
	});

	it('keeps hostile text inert: it only ever appears base64-encoded', () => {
		const result = osc52(`${ESC}]52;c;cHduZWQ=${BEL}${ESC}[2J`, {});
		expect(result.ok && result.sequence.slice(1).includes(ESC)).toBe(false);
	});

	it('refuses payloads over the cap', () => {
		const largest = 'x'.repeat((MAX_CLIPBOARD_PAYLOAD / 4) * 3);
		expect(osc52(largest, {}).ok).toBe(true);
		const result = osc52(`${largest}xyz`, {});
		expect(result).toMatchObject({ok: false, reason: 'too-large'});
	});

	it('detects the multiplexer, tmux first', () => {
		expect(detectMultiplexer({TMUX: 'x', STY: 'y', TERM: 'screen'})).toBe('tmux');
		expect(detectMultiplexer({TERM: 'screen.xterm-256color'})).toBe('screen');
		expect(detectMultiplexer({TERM: 'xterm-256color'})).toBe('none');
		expect(detectMultiplexer({TMUX: ''})).toBe('none');
	});
});

describe('copyToClipboard', () => {
	it('writes the sequence to a terminal', () => {
		const writes: string[] = [];
		const result = copyToClipboard('hi', {isTTY: true, write: (chunk: string) => writes.push(chunk)}, {});
		expect(result.ok).toBe(true);
		expect(writes).toEqual([`${ESC}]52;c;aGk=${BEL}`]);
	});

	it('writes nothing when the output is not a terminal', () => {
		const writes: string[] = [];
		const result = copyToClipboard('hi', {isTTY: false, write: (chunk: string) => writes.push(chunk)}, {});
		expect(result).toMatchObject({ok: false, reason: 'not-a-terminal'});
		expect(writes).toEqual([]);
	});
});
