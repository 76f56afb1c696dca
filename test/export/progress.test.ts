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

	it('never draws wider than the terminal, so CR can redraw the line', () => {
		const stream = fakeStream(true, 20);
		const progress = createProgressReporter(stream, {jobId: 7001, status: 'All'});
		progress.update({done: 5, total: 10});
		expect(stream.writes[0]).toBe(`\r\u001b[2K${'Exporting job 7001 (All)'.slice(0, 19)}`);
	});
});
