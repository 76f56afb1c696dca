// Find and paging by moving as a person meets them: keys into the rendered app, frames read back.
import {describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/client.js';
import {NO_FAULTS} from '../../source/demo/server.js';
import {appOnDemo} from '../helpers/app.js';
import {KEYS} from '../helpers/render.js';
import {serveDemoPerFile} from '../helpers/server.js';
import {rawText} from '../helpers/text.js';

const server = serveDemoPerFile();
const openApp = appOnDemo(server, {}, demo => {
	demo.setFaults(NO_FAULTS);
});

const open = async (jobId: number, pageSize = 100, columns = 100, rows = 30) =>
	openApp({jobId, pageSize, columns, rows});

const selected = (frame: string) => /›(\d+)/.exec(frame)?.[1];
const findBar = (frame: string) => frame.split('\n').at(-1) ?? '';

describe('find', () => {
	it('keeps what is typed right after /, before the find bar is drawn', async () => {
		const view = await open(42);
		await view.waitFor('Record 9881');
		// Two reads back to back: the second arrives before the frame with the find bar has been drawn.
		view.write('/');
		view.write('gmail');
		await view.waitFor(frame => /^\/ gmail +match 1 of \d+ \(n\/N\)/.test(findBar(frame)));
	});

	it('takes printable text only: control bytes and stray escape sequences never reach the find bar', async () => {
		const view = await open(42);
		await view.waitFor('Record 9881');
		await view.press('/');
		await view.waitFor(frame => findBar(frame).startsWith('/ '));
		// Ctrl keys with no meaning here, a cursor-position query's reply and a paste with a tab and a bell.
		for (const write of ['\u0001', '\u0006', '\u0012', '\u001b[6n', 'gm\tai\u0007l', '\u0016']) {
			view.write(write);
		}

		await view.press('.');
		const frame = await view.waitFor(frame => findBar(frame).includes('.'));
		expect(findBar(frame)).toMatch(/^\/ gmail\. /);
		expect(frame).not.toMatch(/[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f]/);
	});

	it('after Enter, Esc clears the find, and the next / starts from an empty field', async () => {
		const view = await open(42);
		await view.waitFor('Record 9881');
		await view.press('/', 'gmail', KEYS.enter);
		await view.waitFor(frame => frame.includes('find “gmail”') && !findBar(frame).startsWith('/'));
		await view.press(KEYS.escape);
		await view.waitFor(frame => !frame.includes('find “'));
		await view.press('/', 'yahoo');
		const frame = await view.waitFor(frame => findBar(frame).startsWith('/ yahoo'));
		expect(frame).not.toContain('gmailyahoo');
	});

	it('Enter on a match of this page replaces what the last find said', async () => {
		const view = await open(42);
		await view.waitFor('Record 9881');
		await view.press('/', 'nobody-at-all');
		await view.waitFor(frame => findBar(frame).includes('no match in the filter'));
		await view.press(KEYS.enter);
		await view.waitFor('No record matches “nobody-at-all”.');
		await view.press('/', 'gmail');
		await view.waitFor(frame => /^\/ gmail +match 1 of \d+ \(n\/N\)/.test(findBar(frame)));
		await view.press(KEYS.enter);
		const frame = await view.waitFor(frame => frame.includes('find “gmail”') && !findBar(frame).startsWith('/'));
		expect(frame).not.toContain('nobody-at-all');
		expect(frame).toMatch(/find “gmail”: match 1 of \d+/);
	});

	it('searches the whole filter: Enter opens the page of a match no page on screen has shown', async () => {
		const client = createClient({baseUrl: server().baseUrl, token: server().token});
		const target = (await client.getRecords(42, {status: 'All', page: 3, page_size: 100})).results[17]!;
		const view = await open(42);
		await view.waitFor('Record 9881');
		await view.press('/', rawText(target.email));
		await view.waitFor(frame => findBar(frame).includes('1 in the filter, 0 on this page'));
		await view.press(KEYS.enter);
		const frame = await view.waitFor(frame => frame.includes('All · page 3 of 3') && frame.includes(`find “`));
		expect(selected(frame)).toBe(String(target.id));
		expect(frame).toContain(`Record ${target.id}`);
		expect(frame).toContain('match 1 of 1');
	});
});

describe('find over a big filter', () => {
	it('shows the records searched while it reads, and why it stopped when a request failed', async () => {
		const view = await openApp({jobId: 7001, pageSize: 5, columns: 120, rows: 30, retries: 0});
		await view.waitFor(/All · page 1 of /);
		// Each answer takes a moment, and the find's fourth request answers 500.
		server().setFaults({latencyMs: 20, failEvery: 4, failStatus: 500});
		await view.press('/', 'nobody-at-all');
		await view.waitFor(frame => /0 on this page · 0 in [\d,]+\/[\d,]+ records searched…/.test(findBar(frame)));
		const stopped = await view.waitFor(frame => /no match in [\d,]+\/[\d,]+ records · stopped: /.test(findBar(frame)));
		expect(findBar(stopped)).toMatch(/stopped: .*500/);
	});
});

describe('paging by moving', () => {
	it('↓ on the last row of a page opens the next page at its first row, ↑ goes back to the last', async () => {
		// Pages of 5 records: the last row of page 1 is four moves down.
		const view = await open(42, 5);
		await view.waitFor(/All · page 1 of 50/);
		await view.press('j', 'j', 'j', 'j');
		const last = await view.waitFor(frame => selected(frame) === '9885');
		expect(last).toContain('All · page 1 of 50');
		await view.press(KEYS.down);
		const next = await view.waitFor(/All · page 2 of 50/);
		expect(selected(next)).toBe('9886');
		await view.press(KEYS.up);
		const back = await view.waitFor(/All · page 1 of 50/);
		expect(selected(back)).toBe('9885');
	});
});
