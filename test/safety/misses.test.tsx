// The misses of issue 11, each driven the way it was found: a hostile API on loopback, the real client,
// the real screens. Each of these failed before the fix.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {appOnDemo} from '../helpers/app.js';
import type {Rendered} from '../helpers/render.js';
import {HOSTILE_TOKEN, startHostileServer, type HostileServer} from '../helpers/hostile-server.js';
import {wireJob, wirePage, wireRecord} from './bodies.js';

const ESC = '\u001b';
const BEL = '\u0007';
// Anything that acts on a terminal or hides text: C0 but LF, DEL, C1, bidi and zero-width controls.
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

let server: HostileServer;

beforeAll(async () => {
	server = await startHostileServer();
});

afterAll(async () => {
	await server.close();
});

const openApp = appOnDemo(() => ({baseUrl: server.baseUrl, token: HOSTILE_TOKEN}), {
	retries: 0,
	columns: 120,
	rows: 30,
	// Colours off: any ESC in a frame then came from the data.
	themeEnv: {NO_COLOR: '1'},
});

const open = async (jobId: number | undefined, options: {tty?: boolean} = {}): Promise<Rendered> =>
	openApp({jobId, tty: options.tty});

/** What `y`/`Y` put on the clipboard: the base64 payloads of the OSC 52 sequences written so far. */
function clipboard(rendered: Rendered): string[] {
	const written = rendered.frames.join('');
	return [...written.matchAll(/\u001b\]52;c;([A-Za-z0-9+/=]*)\u0007/g)].map(match =>
		Buffer.from(match[1] ?? '', 'base64').toString('utf8'),
	);
}

describe('issue 11 item 1: a job whose created_at is not a date', () => {
	it('is drawn with its escapes visible, never as an OSC 52 or a title change', async () => {
		server.answer(() => ({
			body: wirePage([
				wireJob(7, {list_name: 'clipboard job', created_at: `${ESC}]52;c;cm0g${BEL}`}),
				wireJob(8, {list_name: 'title job', created_at: `${ESC}]0;pwned${BEL}`}),
			]),
		}));
		const rendered = await open(undefined);
		const frame = await rendered.waitFor(text => text.includes('clipboard job') && text.includes('title job'));
		expect(frame).not.toMatch(UNSAFE);
		expect(rendered.frames.join('')).not.toContain(ESC);
		// The cell shows what the server sent, as visible text.
		expect(frame).toContain('\\x1b]52');
	});
});

describe('issue 11 item 2: y and Y copy the text as shown', () => {
	const email = `x${ESC}[201~\nrm -rf ~\n@evil.example`;

	it('never put a control byte on the clipboard (no ESC[201~ and newline to end a bracketed paste)', async () => {
		server.answer(request =>
			request.path === 'email-validation/jobs/5/'
				? {body: {...wireJob(5), records: [wireRecord(1, {email})]}}
				: request.path === 'email-validation/jobs/5/records/'
					? {body: wirePage([wireRecord(1, {email, error_message: `a${ESC}[201~\u0085\u202eb`})])}
					: undefined,
		);
		const rendered = await open(5, {tty: true});
		await rendered.waitFor('Record 1');
		await rendered.press('y');
		await rendered.waitFor('Sent the email');
		await rendered.press('Y');
		await rendered.waitFor('Sent record 1 as JSON');
		const copied = clipboard(rendered);
		expect(copied).toHaveLength(2);
		for (const text of copied) {
			expect(text).not.toMatch(UNSAFE);
			expect(text).not.toContain('\n');
		}

		// As the detail pane shows it: escapes visible.
		expect(copied[0]).toBe('x\\x1b[201~\\nrm -rf ~\\n@evil.example');
		expect(copied[1]).toContain('"email":"x\\u001b[201~\\nrm -rf ~\\n@evil.example"');
		expect(copied[1]).toContain('\\x85\\u202eb');
	});
});
