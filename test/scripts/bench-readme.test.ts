// The README's figures are exactly what `npm run bench` last wrote: the block between the bench markers is
// the rendering of bench/results.json, so a figure edited by hand (or a run whose README was not kept)
// shows up here.
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {blockOf, mergeResults, readResults, renderBlock, withBlock} from '../../bench/readme.js';
import {ROOT} from '../helpers/build.js';

describe("the README's bench figures", () => {
	it('are the rendering of bench/results.json', () => {
		const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
		const results = readResults(path.join(ROOT, 'bench', 'results.json'));
		expect(Object.keys(results.figures).length).toBeGreaterThan(0);
		expect(blockOf(readme)).toBe(renderBlock(results));
	});

	it('a run of some figures replaces their rows only, and the block only', () => {
		const target = (figure: number, measured: string) => ({
			figure,
			name: `f${figure}`,
			target: '≤ 1',
			measured,
			met: true,
		});
		const before = {
			machine: 'm',
			figures: {
				'1': {date: '2026-01-01', conditions: 'old', targets: [target(1, 'a')]},
				'2': {date: '2026-01-01', conditions: 'old', targets: [target(2, 'b')]},
			},
		};
		const after = mergeResults(before, 'm2', {
			date: '2026-02-02',
			conditions: 'new',
			figures: [2],
			targets: [target(2, 'c')],
		});
		expect(after.figures['1']).toEqual(before.figures['1']);
		expect(after.figures['2']).toEqual({date: '2026-02-02', conditions: 'new', targets: [target(2, 'c')]});
		const readme = `intro\n${renderBlock(before)}\noutro | with a pipe\n`;
		const written = withBlock(readme, renderBlock(after));
		expect(written.startsWith('intro\n')).toBe(true);
		expect(written.endsWith('\noutro | with a pipe\n')).toBe(true);
		expect(blockOf(written)).toBe(renderBlock(after));
		expect(written).toContain('| 2 | f2 | ≤ 1 | **c** | met | 2026-02-02, new |');
	});
});
