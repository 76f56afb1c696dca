// Bracketed paste and the reports a terminal sends unasked, as a person meets them: the raw bytes a
// terminal sends, written to the app's stdin (through terminal/inkStdin, as in the CLI), frames read back.
import {afterEach, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {createClient} from '../../source/api/client.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {createTheme} from '../../source/terminal/theme.js';
import {KEYS, renderAt, type Rendered} from '../helpers/render.js';
import {serveDemoPerFile} from '../helpers/server.js';

const START = '\u001b[200~';
const END = '\u001b[201~';
const pasted = (text: string) => `${START}${text}${END}`;

const server = serveDemoPerFile({balance: 1_000_000});
let view: Rendered | undefined;
let quits = 0;

afterEach(() => {
	view?.unmount();
	view = undefined;
	quits = 0;
	server().setFaults(NO_FAULTS);
	server().resetStats();
});

const UPLOAD_PATH = '/backend/api/v1/email-validation/jobs/upload/';
const posts = () => server().requests.filter(entry => entry.method === 'POST' && entry.path === UPLOAD_PATH);

async function open(jobId: number | undefined) {
	const client = createClient({baseUrl: server().baseUrl, token: server().token, retry: {limit: 0}});
	view = await renderAt(
		<App
			client={client}
			jobId={jobId}
			pageSize={100}
			filter="All"
			page={1}
			theme={createTheme({})}
			onQuit={() => {
				quits++;
			}}
		/>,
		100,
		30,
	);
	return view;
}

const lastLine = (frame: string) => frame.split('\n').at(-1) ?? '';

describe('a bracketed paste into a text field', () => {
	it('the find bar takes the pasted text as one line, even over several reads; its line break is not Enter', async () => {
		const view = await open(42);
		await view.waitFor(/All · page 1 of/);
		await view.press('/');
		await view.waitFor(frame => lastLine(frame).startsWith('/ '));
		view.write(`${START}gm`);
		view.write('a\u001b[20');
		view.write(`1~${START}il.com\r\n${END}`);
		const frame = await view.waitFor(frame => lastLine(frame).includes('gmail.com'));
		expect(lastLine(frame)).toMatch(/^\/ gmail\.com +/);
		expect(frame).not.toContain('[20');
		expect(frame).not.toContain('~');
		// Still typing: the find was not taken (Enter would have closed the bar).
		await view.press('x');
		expect(lastLine(view.frame())).toMatch(/^\/ gmail\.comx/);
	});

	it('two pasted lines are two words in the field', async () => {
		const view = await open(42);
		await view.waitFor(/All · page 1 of/);
		await view.press('/');
		await view.waitFor(frame => lastLine(frame).startsWith('/ '));
		view.write(pasted('gmail\r\nyahoo\n'));
		const frame = await view.waitFor(frame => lastLine(frame).includes('yahoo'));
		expect(lastLine(frame)).toMatch(/^\/ gmail yahoo +/);
	});

	it('the job list’s find bar takes a paste too', async () => {
		const view = await open(undefined);
		await view.waitFor('7001');
		await view.press('/');
		await view.waitFor(frame => lastLine(frame).startsWith('/ '));
		view.write(pasted('7001\n'));
		const frame = await view.waitFor(frame => lastLine(frame).startsWith('/ 7001'));
		expect(frame).not.toContain('[200~');
		expect(quits).toBe(0);
	});
});

describe('a bracketed paste anywhere else is never keys', () => {
	it('in the records: a pasted q does not quit, a pasted 2 does not filter; the notice says where pasting works', async () => {
		const view = await open(42);
		await view.waitFor(/All · page 1 of/);
		view.write(pasted('q'));
		view.write(pasted('2'));
		await view.waitFor('Pasted text ignored here; press / to find.');
		await view.idle();
		expect(quits).toBe(0);
		expect(view.frame()).toMatch(/All · page 1 of/);
		// A paste that starts with / does not open the find bar either: it is text, not keys.
		view.write(pasted('/gmail'));
		await view.idle();
		expect(lastLine(view.frame())).not.toMatch(/^\/ /);
	});

	it('in the error breakdown: a pasted q or b runs nothing, and the screen says the paste was ignored', async () => {
		const view = await open(7001);
		await view.waitFor(/All · page 1 of/);
		await view.press('e');
		await view.waitFor('Share', 15_000);
		view.write(pasted('q'));
		view.write(pasted('bg'));
		const frame = await view.waitFor('Pasted text ignored here.');
		await view.idle();
		expect(quits).toBe(0);
		expect(frame).toContain('Why records failed — job 7001');
		expect(frame).toContain('[error message]');
		// The next key is a key again, and the notice has said its piece.
		await view.press('g');
		const next = await view.waitFor('[pattern]');
		expect(next).not.toContain('Pasted text ignored');
	});

	it('on the re-validation confirmation: a pasted y (or R y) sends nothing', async () => {
		const view = await open(42);
		await view.waitFor(/All · page 1 of/);
		await view.press('3');
		await view.waitFor(/Invalid · page 1 of/);
		await view.press('R');
		await view.waitFor('49 emails to upload');
		view.write(pasted('y'));
		view.write(pasted('Ry'));
		await view.waitFor('Pasted text ignored: nothing is sent by a paste. Tab edits the name.');
		await view.idle();
		expect(posts()).toHaveLength(0);
		expect(quits).toBe(0);
		// The list name field (Tab) takes a paste; the paste's line break does not send.
		await view.press(KEYS.tab);
		view.write(pasted(' (pasted)\n'));
		await view.waitFor('(pasted)');
		expect(posts()).toHaveLength(0);
	});
});

describe('reports the terminal sends unasked never reach a field or run', () => {
	it('focus in/out, a cursor position report and mouse reports, between keys typed into the find bar', async () => {
		const view = await open(42);
		await view.waitFor(/All · page 1 of/);
		await view.press('/');
		await view.waitFor(frame => lastLine(frame).startsWith('/ '));
		for (const write of [
			'g',
			'\u001b[O',
			'm',
			'\u001b[I',
			'a\u001b[12;40R',
			'\u001b[<0;5;5M\u001b[<0;5;5m',
			'i',
			'\u001b[M !!l',
		]) {
			view.write(write);
		}

		const frame = await view.waitFor(frame => lastLine(frame).includes('gmail'));
		expect(lastLine(frame)).toMatch(/^\/ gmail +/);
		expect(frame).not.toMatch(/\[O|\[I|40R|<0/);
	});

	it('OSC and DCS replies (a colour, the terminal’s version) run nothing in a list and type nothing into a field', async () => {
		const view = await open(42);
		await view.waitFor(/All · page 1 of/);
		// Read as keys, `rgb:…` would reload and go back, `xterm` export, `r` reload.
		view.write('\u001b]11;rgb:1e1e/1e1e/2e2e\u001b\\');
		view.write('\u001b]10;rgb:ffff/ffff/ffff\u0007\u001bP>|xterm(390)\u001b\\\u001bP1$r0m\u001b\\');
		await view.idle();
		expect(quits).toBe(0);
		expect(view.frame()).toMatch(/All · page 1 of/);
		expect(view.frame()).not.toMatch(/Exporting|Wrote|Export to/);
		await view.press('/');
		await view.waitFor(frame => lastLine(frame).startsWith('/ '));
		view.write('gm\u001b]11;rgb:0000/0000/0000\u001b\\ail');
		const frame = await view.waitFor(frame => lastLine(frame).includes('gmail'));
		expect(lastLine(frame)).toMatch(/^\/ gmail +/);
		expect(frame).not.toMatch(/rgb|\]11/);
	});

	it('in a list, focus and mouse reports run nothing (no q, no filter key)', async () => {
		const view = await open(42);
		await view.waitFor(/All · page 1 of/);
		// An X10 mouse report's coordinates are printable: `1` (`ESC [M` `1q3`) would be a filter key, q quit.
		view.write('\u001b[O\u001b[M1q3\u001b[I');
		await view.idle();
		expect(quits).toBe(0);
		expect(view.frame()).toMatch(/All · page 1 of/);
		// Keys still work.
		await view.press('2');
		await view.waitFor(/Valid · page 1 of/);
		await view.press(KEYS.escape, KEYS.down, KEYS.end, KEYS.home);
		await view.press('q');
		expect(quits).toBe(1);
	});
});
