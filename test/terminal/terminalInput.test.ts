// The framing of reads from the terminal: bracketed pastes whole, unasked reports dropped, keys untouched.
import {describe, expect, it} from 'vitest';
import {InputFramer, PASTE_MAX_LENGTH, type InputPiece} from '../../source/terminal/terminalInput.js';

const START = '\u001b[200~';
const END = '\u001b[201~';

function frame(...reads: string[]): {pieces: InputPiece[]; framer: InputFramer} {
	const framer = new InputFramer();
	const pieces = reads.flatMap(read => framer.push(read));
	return {pieces, framer};
}

const keys = (text: string): InputPiece => ({kind: 'keys', text});
const paste = (text: string): InputPiece => ({kind: 'paste', text});

describe('InputFramer: bracketed paste', () => {
	it('takes a paste out whole, with the keys around it in order', () => {
		expect(frame(`j${START}Ry q\r${END}k`).pieces).toEqual([keys('j'), paste('Ry q\r'), keys('k')]);
	});

	it('joins a paste that arrives over several reads, its markers cut anywhere', () => {
		const text = `${START}first line\r\nsecond\u001b[A line${END}`;
		for (let cut = 1; cut < text.length; cut++) {
			for (let second = cut + 1; second < text.length; second += 7) {
				const {pieces, framer} = frame(text.slice(0, cut), text.slice(cut, second), text.slice(second));
				// Cut just after its first ESC, that ESC has gone on at once (it could be the Esc key, which must
				// not wait); the rest is still known for a paste's start, and the paste is still text.
				const before = cut === 1 ? [keys('\u001b')] : [];
				expect(pieces, `cut at ${cut}, ${second}`).toEqual([...before, paste('first line\r\nsecond\u001b[A line')]);
				expect(framer.holding).toBeUndefined();
			}
		}
	});

	it('holds a paste without its end until flushed (the stream flushes after a silence), and bounds it', () => {
		const {pieces, framer} = frame(`${START}abc`, 'q'.repeat(PASTE_MAX_LENGTH));
		expect(pieces).toEqual([]);
		expect(framer.holding).toBe('paste');
		const [flushed] = framer.flush();
		expect(flushed?.kind).toBe('paste');
		expect(flushed?.text).toHaveLength(16_384);
		expect(flushed?.text.startsWith('abcqqq')).toBe(true);
		expect(framer.holding).toBeUndefined();
		expect(framer.push('q')).toEqual([keys('q')]);
	});

	it('drops a paste end with no paste open: never the text [201~', () => {
		expect(frame(`a${END}b`).pieces).toEqual([keys('ab')]);
		expect(frame(`/${END}`).pieces).toEqual([keys('/')]);
	});

	it('an empty paste is a paste of nothing', () => {
		expect(frame(`${START}${END}`).pieces).toEqual([paste('')]);
	});
});

describe('InputFramer: reports the terminal sends unasked', () => {
	it.each([
		['focus in', '\u001b[I'],
		['focus out', '\u001b[O'],
		['a cursor position report', '\u001b[24;80R'],
		['DECXCPR', '\u001b[?12;40;1R'],
		['primary device attributes', '\u001b[?62;22c'],
		['secondary device attributes', '\u001b[>41;371;0c'],
		['an SGR mouse press and release', '\u001b[<0;12;5M\u001b[<0;12;5m'],
		['an SGR mouse move', '\u001b[<35;100;40M'],
		['a urxvt mouse report', '\u001b[32;12;5M'],
		['an X10 mouse report', '\u001b[M !!'],
		['an X10 mouse report far right (UTF-8 coordinates)', '\u001b[M#\u00e9\u0100'],
		['a mode report', '\u001b[?2004;1$y'],
		['kitty keyboard flags', '\u001b[?0u'],
		['a window size report', '\u001b[8;24;80t'],
	])('drops %s, keeps the keys around it', (_name, report) => {
		expect(frame(`a${report}b`).pieces).toEqual([keys('ab')]);
	});

	it.each([
		// Answers to queries another program (or a late one of ours) made: OSC ends with ST or BEL, DCS with ST.
		['an OSC background colour reply (ST)', '\u001b]11;rgb:1e1e/1e1e/2e2e\u001b\\'],
		['an OSC foreground colour reply (BEL)', '\u001b]10;rgb:ffff/ffff/ffff\u0007'],
		['an OSC palette reply', '\u001b]4;1;rgb:cdcd/0000/0000\u001b\\'],
		['an OSC 52 clipboard reply', '\u001b]52;c;aGVsbG8=\u0007'],
		['a DCS DECRQSS reply', '\u001bP1$r0;1m\u001b\\'],
		['a DCS XTVERSION reply', '\u001bP>|xterm(390)\u001b\\'],
		['a DCS XTGETTCAP reply', '\u001bP1+r544e=787465726d\u001b\\'],
		['a DCS DECRPTUI reply', '\u001bP!|00000000\u001b\\'],
		['a kitty graphics reply (APC)', '\u001b_Gi=31;OK\u001b\\'],
	])('drops %s, keeps the keys around it', (_name, report) => {
		expect(frame(`a${report}b`).pieces).toEqual([keys('ab')]);
		expect(frame(`${report}${report}q`).pieces).toEqual([keys('q')]);
	});

	it('drops an OSC or DCS reply cut anywhere between reads, its terminator too', () => {
		const reply = '\u001b]11;rgb:1e1e/1e1e/2e2e\u001b\\';
		for (let cut = 2; cut < reply.length; cut++) {
			const {pieces, framer} = frame(`j${reply.slice(0, cut)}`, `${reply.slice(cut)}k`);
			expect(pieces.flatMap(piece => [...piece.text]).join('')).toBe('jk');
			expect(framer.holding).toBeUndefined();
		}

		expect(frame('\u001bP1$r0', 'm\u001b', '\\x').pieces).toEqual([keys('x')]);
	});

	it('Alt+] and Alt+P stay keys; a reply without its end goes on as keys after the wait', () => {
		expect(frame('\u001b]x').pieces).toEqual([keys('\u001b]x')]);
		expect(frame('\u001bPq').pieces).toEqual([keys('\u001bPq')]);
		const framer = new InputFramer();
		expect(framer.push('\u001b]11;rgb:1e1e')).toEqual([]);
		expect(framer.holding).toBe('sequence');
		expect(framer.flush()).toEqual([keys('\u001b]11;rgb:1e1e')]);
		// A key in the middle (Enter) is no reply: all of it is keys.
		expect(frame('\u001b]11;\rq').pieces).toEqual([keys('\u001b]11;\rq')]);
	});

	it('drops a report cut between two reads', () => {
		const {pieces, framer} = frame('a\u001b[', 'Ib');
		expect(pieces).toEqual([keys('a'), keys('b')]);
		expect(framer.holding).toBeUndefined();
		expect(frame('\u001b[24;8', '0R').pieces).toEqual([]);
		expect(frame('\u001b[M ', '!!q').pieces).toEqual([keys('q')]);
	});

	it('knows a report by its rest when the read before ended with its ESC (gone on as Esc)', () => {
		const framer = new InputFramer();
		expect(framer.push('/\u001b')).toEqual([keys('/\u001b')]);
		expect(framer.push('[Ob')).toEqual([keys('b')]);
		expect(framer.push('\u001b')).toEqual([keys('\u001b')]);
		expect(framer.push('[A')).toEqual([keys('[A')]);
		expect(framer.push('\u001b')).toEqual([keys('\u001b')]);
		expect(framer.push('[')).toEqual([]);
		expect(framer.flush()).toEqual([keys('[')]);
		expect(framer.push('\u001b')).toEqual([keys('\u001b')]);
		expect(framer.flush()).toEqual([]);
		expect(framer.push('[I')).toEqual([keys('[I')]);
	});

	it('holds the start of a sequence at the end of a read; a flush hands it on as it was', () => {
		const framer = new InputFramer();
		expect(framer.push('j\u001b[')).toEqual([keys('j')]);
		expect(framer.holding).toBe('sequence');
		expect(framer.flush()).toEqual([keys('\u001b[')]);
	});

	it.each([
		['Esc alone', '\u001b'],
		['Esc at the end of a read of keys', 'jk\u001b'],
		['Alt+j, then Esc', '\u001bj\u001b'],
		['arrows (CSI and SS3)', '\u001b[A\u001b[B\u001b[C\u001b[D\u001bOA\u001bOD'],
		['Ctrl+arrows', '\u001b[1;5C\u001b[1;5D'],
		['Alt+arrow', '\u001b\u001b[A'],
		['Home/End in every form', '\u001b[H\u001b[F\u001b[1~\u001b[4~\u001bOH\u001bOF\u001b[7~\u001b[8~'],
		['Page Up/Down', '\u001b[5~\u001b[6~'],
		['F1–F4 (SS3), F5–F12, Linux console F1', '\u001bOP\u001bOQ\u001bOR\u001bOS\u001b[15~\u001b[24~\u001b[[A'],
		['Shift+Tab, Delete, Insert', '\u001b[Z\u001b[3~\u001b[2~'],
		['a kitty-protocol key', '\u001b[97;5u'],
		['plain text, Enter, Ctrl+C', 'hello\r\u0003'],
	])('keeps %s as keys', (_name, text) => {
		expect(frame(text).pieces).toEqual([keys(text)]);
	});
});
