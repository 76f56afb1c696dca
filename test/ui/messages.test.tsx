// What a failed request leaves on screen: the sentence and only the keys that work there.
import {describe, expect, it} from 'vitest';
import {NO_FAULTS} from '../../source/demo/server.js';
import {appOnDemo} from '../helpers/app.js';
import {serveDemoPerFile} from '../helpers/server.js';

const server = serveDemoPerFile();
const openApp = appOnDemo(server, {retries: 0, rows: 24}, demo => {
	demo.setFaults(NO_FAULTS);
});

const open = async (jobId: number, columns = 100) => openApp({jobId, columns});

const lastLine = (frame: string) => frame.split('\n').at(-1) ?? '';

describe('a failed request in the records', () => {
	it('a job that is not there: b and q offered (even at 80 columns), no r', async () => {
		const view = await open(999_999, 80);
		const frame = await view.waitFor(/was not found/);
		const line = lastLine(frame);
		expect(line).toMatch(/^✖ Job 999999 was not found.* {2}b back {2}q quit$/);
		expect(frame).not.toMatch(/\br (to )?(retry|reload)\b/);
	});

	it('a server error: r offered with b and q, and the sentence says no "press r"', async () => {
		server().setFaults({...NO_FAULTS, failEvery: 1, failStatus: 503});
		const view = await open(42);
		const frame = await view.waitFor(/server error/);
		const line = lastLine(frame);
		expect(line).toMatch(/^✖ The eCore API had a server error.* {2}r reload {2}b back {2}q quit$/);
		expect(line).not.toMatch(/press r/i);
	});
});

describe('a failed request in the job list', () => {
	it('an answer no retry mends (418): the footer offers no r', async () => {
		server().setFaults({...NO_FAULTS, failEvery: 1, failStatus: 418});
		const view = await openApp({columns: 100});
		const frame = await view.waitFor('✖');
		expect(frame).toContain('418');
		expect(frame).not.toMatch(/\br (to )?(retry|reload)\b/);
		expect(lastLine(frame)).toContain('q quit');
	});

	it('a server error: the footer offers r', async () => {
		server().setFaults({...NO_FAULTS, failEvery: 1, failStatus: 503});
		const view = await openApp({columns: 100});
		const frame = await view.waitFor('✖');
		expect(lastLine(frame)).toContain('r reload');
	});
});
