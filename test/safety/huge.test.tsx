// Issue 11 item 7, a 28 MB page: a single field is drawn up to a bound (FIELD_LIMIT, 64 KB) and says how
// much more there is, so no keypress waits on a huge value; `y`/`Y` still copy the whole value. Timing is
// not asserted here (bench/ measures it): these check that the bound is there, wherever a value is drawn.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {App} from '../../source/app.js';
import {createClient} from '../../source/api/client.js';
import type {JobRecord} from '../../source/api/types.js';
import {createTheme} from '../../source/terminal/theme.js';
import {FIELD_LIMIT, sanitize} from '../../source/text/sanitize.js';
import {detailLines} from '../../source/ui/DetailPane.js';
import {HOSTILE_TOKEN, startHostileServer, type HostileServer} from '../helpers/hostile-server.js';
import {KEYS, renderAt} from '../helpers/render.js';
import {brand} from '../helpers/text.js';
import {wireJob, wirePage, wireRecord} from './bodies.js';

const ESC = '\u001b';
const MB14 = 14 * 1024 * 1024;

describe('sanitize draws at most FIELD_LIMIT of a value', () => {
	it('cuts a long value and says how much more there is', () => {
		const text = `${'a'.repeat(FIELD_LIMIT)}${ESC}]52;c;cm0g\u0007${'b'.repeat(MB14)}`;
		const shown = sanitize(text);
		expect(shown.length).toBeLessThan(FIELD_LIMIT + 40);
		expect(shown.startsWith('a'.repeat(FIELD_LIMIT))).toBe(true);
		expect(
			shown.endsWith(
				` … ${new Intl.NumberFormat('en-US').format(Math.ceil((text.length - FIELD_LIMIT) / 1024))} KB more`,
			),
		).toBe(true);
		expect(shown).not.toContain(ESC);
	});

	it('keeps a value of FIELD_LIMIT as it is, and never splits a surrogate pair', () => {
		expect(sanitize('c'.repeat(FIELD_LIMIT))).toBe('c'.repeat(FIELD_LIMIT));
		const pair = `${'d'.repeat(FIELD_LIMIT - 1)}😀tail`;
		const shown = sanitize(pair);
		expect(shown.startsWith(`${'d'.repeat(FIELD_LIMIT - 1)} … `)).toBe(true);
		expect(shown).not.toMatch(/\\ud83d/);
	});

	it('{whole: true} (the clipboard, TSV, export) keeps all of it, escaped', () => {
		const text = `${'e'.repeat(FIELD_LIMIT * 2)}${ESC}[2J`;
		expect(sanitize(text, {whole: true})).toBe(`${'e'.repeat(FIELD_LIMIT * 2)}\\x1b[2J`);
	});
});

describe('the views draw a 14 MB field up to the bound', () => {
	it('the detail pane wraps at most FIELD_LIMIT of each field and ends with what is left', () => {
		const record = brand(wireRecord(1, {error_message: 'x'.repeat(MB14), email: `${'y'.repeat(MB14)}@example.com`}));
		const lines = detailLines(record as JobRecord, 100);
		// Two fields of FIELD_LIMIT at about 89 characters a line, and the short ones.
		expect(lines.length).toBeLessThan((2 * FIELD_LIMIT) / 80);
		const more = lines.filter(line => / … [\d,]+ KB more$/.test(line.text));
		expect(more.map(line => line.text.trim().split(' … ')[1])).toEqual(['14,272 KB more', '14,273 KB more']);
	});
});

let server: HostileServer;

beforeAll(async () => {
	server = await startHostileServer();
});

afterAll(async () => {
	await server.close();
});

describe('a 28 MB page in the app', () => {
	it('opens, moves and copies: y copies a value past the bound whole, the header cuts a long group label', async () => {
		const email = `${'z'.repeat(FIELD_LIMIT + 5000)}@example.com`;
		const huge = 'w'.repeat(MB14);
		const records = [wireRecord(1, {email, error_message: huge}), wireRecord(2, {error_message: huge})];
		server.answer(request =>
			request.path === 'email-validation/jobs/5/'
				? {body: {...wireJob(5), records: []}}
				: request.path === 'email-validation/jobs/5/records/'
					? {body: wirePage(records)}
					: undefined,
		);
		const client = createClient({baseUrl: server.baseUrl, token: HOSTILE_TOKEN, retry: {limit: 0}});
		const view = await renderAt(
			<App
				client={client}
				jobId={5}
				pageSize={100}
				filter="All"
				page={1}
				theme={createTheme({NO_COLOR: '1'})}
				onQuit={() => {}}
			/>,
			120,
			30,
			{tty: true},
		);
		try {
			await view.waitFor('Record 1', 20_000);
			await view.press('y');
			await view.waitFor('Sent the email');
			const copied = [...view.frames.join('').matchAll(/\u001b\]52;c;([A-Za-z0-9+/=]*)\u0007/g)].map(match =>
				Buffer.from(match[1] ?? '', 'base64').toString('utf8'),
			);
			expect(copied).toEqual([email]);
			await view.press('j', 'k', 'j');
			await view.waitFor(frame => frame.includes('Record 2'));
			// The breakdown groups the two by their (huge) message; the group's label is cut by the header.
			await view.press('e');
			await view.waitFor(frame => frame.includes('Why records failed') && frame.includes('Count'), 20_000);
			await view.press(KEYS.enter);
			const frame = await view.waitFor(text => text.includes('group “'), 20_000);
			const line = frame.split('\n').find(text => text.includes('group “')) ?? '';
			expect(line.length).toBeLessThanOrEqual(120);
		} finally {
			view.unmount();
		}
	}, 120_000);
});
