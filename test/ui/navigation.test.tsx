// The navigation stack as a person meets it: every way back returns to exactly what was on screen.
import {describe, expect, it} from 'vitest';
import {NO_FAULTS} from '../../source/demo/server.js';
import {appOnDemo} from '../helpers/app.js';
import {KEYS} from '../helpers/render.js';
import {serveDemoPerFile} from '../helpers/server.js';

const server = serveDemoPerFile();
const openApp = appOnDemo(server, {}, demo => {
	demo.setFaults(NO_FAULTS);
});

const open = async (jobId: number | undefined, columns = 100, rows = 30) => openApp({jobId, columns, rows});

const selected = (frame: string) => /›(\d+)/.exec(frame)?.[1];
const recordsPlace = /(Pending|Valid|Invalid|Unknown|Error|All) · page [\d,]+ of [\d,]+/;

describe('back from the error breakdown', () => {
	it.each([
		['b', 'b'],
		['Esc', KEYS.escape],
		['e', 'e'],
	])('with %s returns to the filter, page, row, find and detail scroll that were there', async (_name, key) => {
		// 24 rows: the detail pane is short enough to scroll.
		const view = await open(7001, 120, 24);
		await view.waitFor(/All · page 1 of/);
		await view.press('5');
		await view.waitFor(/Error · page 1 of/);
		await view.press('l', 'l');
		await view.waitFor(frame => /Error · page 3 of/.test(frame) && !frame.includes('loading'));
		await view.press('/');
		await view.waitFor('email or ec_id');
		await view.press('.com', KEYS.enter);
		await view.waitFor(frame => frame.includes('find “.com”') && !frame.includes('Enter keep'));
		await view.press('j', 'j', 'j', ']');
		const before = await view.waitFor(frame => /Record \d+ ↑/.test(frame));
		const row = selected(before);
		expect(row).toBeDefined();
		await view.press('e');
		await view.waitFor(/Why records failed — job 7001/);
		await view.press(key);
		const after = await view.waitFor(recordsPlace);
		expect(after.match(recordsPlace)?.[0]).toBe(before.match(recordsPlace)?.[0]);
		expect(after).toMatch(/Error · page 3 of/);
		expect(selected(after)).toBe(row);
		// The find is still there, and the detail pane is still scrolled as it was.
		expect(after).toContain('find “.com”');
		expect(after).toContain(`Record ${row} ↑`);
	});

	it('from a group’s records, b returns to the breakdown on the same group and grouping', async () => {
		const view = await open(7001, 120, 40);
		await view.waitFor(/All · page 1 of/);
		await view.press('e');
		await view.waitFor('Share', 15_000);
		await view.press('g', 'g', 'j');
		const breakdown = await view.waitFor(frame => frame.includes('[validator]') && /^›/m.test(frame));
		const group = breakdown.split('\n').find(line => line.startsWith('›'));
		await view.press(KEYS.enter);
		await view.waitFor(frame => frame.includes('group “') && frame.includes('Record '));
		await view.press('b');
		const back = await view.waitFor('[validator]');
		expect(back.split('\n').find(line => line.startsWith('›'))).toBe(group);
		await view.press('b');
		await view.waitFor(/All · page 1 of/);
	});
});

describe('back to the job list from a job opened by id', () => {
	it('selects that job when it is on the first page', async () => {
		const view = await open(42);
		await view.waitFor('Job 42 “Q1 Leads”');
		await view.press('b');
		const list = await view.waitFor(frame => frame.includes('Your validation jobs') && /›\d+/.test(frame));
		expect(selected(list)).toBe('42');
	});

	it('finds the page the job is on through List Jobs, and selects it there', async () => {
		// 14 rows: six jobs a page, so job 19 is on page 3 of 3.
		const view = await open(19, 100, 14);
		await view.waitFor('Job 19');
		await view.press('b');
		const list = await view.waitFor(frame => frame.includes('Your validation jobs') && /›\d+/.test(frame));
		expect(list).toMatch(/All · page 3 of 3/);
		expect(selected(list)).toBe('19');
		// And Enter opens it again.
		await view.press(KEYS.enter);
		await view.waitFor('Job 19');
	});
});

describe('the job list', () => {
	it('comes back to the page and row it was on after b', async () => {
		// 24 rows: the list's pages follow the height, and at 30 all the demo's jobs fit on one.
		const view = await open(undefined, 100, 24);
		const first = await view.waitFor(/All · page 1 of (\d+)/);
		const pages = Number(/All · page 1 of (\d+)/.exec(first)?.[1]);
		expect(pages).toBeGreaterThan(1);
		await view.press('l');
		await view.waitFor(frame => frame.includes(`All · page 2 of ${pages}`) && !frame.includes('loading'));
		await view.press('j');
		const before = await view.waitFor(frame => frame.includes(`page 2 of ${pages}`) && /›\d+/.test(frame));
		const job = selected(before);
		await view.press(KEYS.enter);
		await view.waitFor(`Job ${job}`);
		await view.press('b');
		const back = await view.waitFor('Your validation jobs');
		expect(back).toContain(`All · page 2 of ${pages}`);
		expect(selected(back)).toBe(job);
	});
});
