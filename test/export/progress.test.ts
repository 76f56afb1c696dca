import {describe, expect, it} from 'vitest';
import {createProgressReporter, formatProgressLine} from '../../source/export/progress.js';

function fakeStream(isTTY: boolean, columns = 200) {
	const writes: string[] = [];
	return {writes, isTTY, columns, write: (chunk: string) => writes.push(chunk)};
}

describe('progress', () => {
	it('formats counts, percentage and rate', () => {
		expect(formatProgressLine(42, 'Error', {done: 12_000, total: 120_000}, 0.25)).toBe(
			'Exporting job 42 (Error): 12,000 / 120,000 records 10% · 48,000 rec/s',
		);
		expect(formatProgressLine(43, 'All', {done: 0, total: 0}, 0)).toBe('Exporting job 43 (All): 0 / 0 records 100%');
	});

	it('draws nothing when the stream is not a terminal', () => {
		const stream = fakeStream(false);
		const progress = createProgressReporter(stream, {jobId: 1, status: 'All'});
		progress.update({done: 1, total: 2});
		progress.finish();
		expect(stream.writes).toEqual([]);
	});

	it('redraws one line at most ten times a second and clears it at the end', () => {
		const stream = fakeStream(true);
		let time = 0;
		const progress = createProgressReporter(stream, {jobId: 7001, status: 'All', now: () => time});
		for (let done = 1000; done <= 100_000; done += 1000) {
			time += 10;
			progress.update({done, total: 100_000});
		}
		// 100 updates over one second of fake time.
		expect(stream.writes.length).toBeLessThanOrEqual(11);
		expect(stream.writes.every(chunk => chunk.startsWith('\r') && !chunk.includes('\n'))).toBe(true);
		progress.finish();
		expect(stream.writes.at(-1)).toBe('\r\u001b[2K');
	});

	it('ends with how to stop it when keys are read', () => {
		const stream = fakeStream(true);
		const progress = createProgressReporter(stream, {jobId: 7, status: 'All', hint: 'q stops'});
		progress.update({done: 1000, total: 25_000, page: 1, pages: 25});
		expect(stream.writes[0]).toBe('\r\u001b[2KExporting job 7 (All): page 1/25 · 1,000 / 25,000 records 4% · q stops');
	});

	it('never draws wider than the terminal, so CR can redraw the line', () => {
		const stream = fakeStream(true, 20);
		const progress = createProgressReporter(stream, {jobId: 7001, status: 'All'});
		progress.update({done: 5, total: 10});
		expect(stream.writes[0]).toBe(`\r\u001b[2K${'Exporting job 7001 (All)'.slice(0, 19)}`);
	});

	it('shows a wait the API asked for at once, and the counts again when it is over', () => {
		expect(formatProgressLine(7, 'All', {done: 3000, total: 25_000, waitMs: 11_200}, 4)).toBe(
			'Exporting job 7 (All): 3,000 / 25,000 records 12% · waiting 12 s (rate limited)',
		);
		expect(formatProgressLine(7, 'All', {done: 0, total: undefined, page: 0, pages: 0, waitMs: 1000}, 0)).toBe(
			'Exporting job 7 (All): no page read yet · waiting 1 s (rate limited)',
		);
		expect(formatProgressLine(7, 'All', {done: 3000, total: 25_000, page: 3, pages: 25, waitMs: 11_200}, 4)).toBe(
			'Exporting job 7 (All): page 3/25 · 3,000 / 25,000 records 12% · waiting 12 s (rate limited)',
		);
		const stream = fakeStream(true);
		let time = 0;
		const progress = createProgressReporter(stream, {jobId: 7, status: 'All', now: () => time});
		progress.update({done: 1000, total: 25_000});
		time += 10;
		progress.update({done: 2000, total: 25_000, waitMs: 12_000});
		time += 10;
		progress.update({done: 3000, total: 25_000});
		progress.finish();
		// Within the redraw interval, yet both changes were drawn.
		expect(stream.writes.slice(1, 3)).toEqual([
			'\r\u001b[2KExporting job 7 (All): 2,000 / 25,000 records 8% · waiting 12 s (rate limited)',
			'\r\u001b[2KExporting job 7 (All): 3,000 / 25,000 records 12%',
		]);
	});
});
