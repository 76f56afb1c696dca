// Figure 12 (issue 11): the text every frame passes through, on hostile values. `sanitize` (escaping) and
// `truncate` (cutting to a width) must grow linearly with a value, or a single long field from the API
// freezes every keypress. Each is timed at 10,000 and 100,000 characters: linear work takes about 10×
// as long on 10× the input, a quadratic pass about 100×. The baseline is a plain copy of the same string
// (String.prototype.replace of every character), which is linear by construction.
import {performance} from 'node:perf_hooks';
import {truncate} from '../source/terminal/width.js';
import {sanitize} from '../source/text/sanitize.js';
import type {BenchContext} from './harness.js';
import {median, ms as milliseconds, printTable, type Target} from './report.js';

const ESC = '\u001B';
const RUNS = 15;
const SIZES = [10_000, 100_000] as const;
/** Ten times the input may take this many times as long and still be called linear (noise, caches). */
const LINEAR_RATIO = 20;

interface Case {
	readonly name: string;
	/** A value of about `size` characters. */
	readonly make: (size: number) => string;
	readonly run: (value: string) => unknown;
}

const repeatTo = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const CASES: readonly Case[] = [
	{name: 'sanitize, plain text', make: size => 'x'.repeat(size), run: value => sanitize(value, {whole: true})},
	{
		name: 'sanitize, an escape every 5 characters',
		make: size => repeatTo(`${ESC}[41m!`, size),
		run: value => sanitize(value, {whole: true}),
	},
	{
		name: 'truncate to 40 columns, wide and escaped',
		make: size => sanitize(repeatTo(`${ESC}[41m山`, size), {whole: true}),
		run: value => truncate(value, 40),
	},
	{name: 'baseline: copy every character', make: size => 'x'.repeat(size), run: value => value.replace(/./g, 'y')},
];

/** Microseconds below a tenth of a millisecond, so small medians still read. */
const ms = (value: number) => (value < 0.1 ? `${(value * 1000).toFixed(1)} µs` : milliseconds(value));

function time(run: () => unknown): number {
	// One untimed call compiles and warms the path.
	run();
	const samples: number[] = [];
	for (let index = 0; index < RUNS; index++) {
		const started = performance.now();
		run();
		samples.push(performance.now() - started);
	}

	return median(samples);
}

export async function textScaling(_context: BenchContext): Promise<Target[]> {
	const rows: string[][] = [];
	const targets: Target[] = [];
	for (const each of CASES) {
		const [small, large] = SIZES.map(size => {
			const value = each.make(size);
			return time(() => each.run(value));
		}) as [number, number];
		const ratio = large / small;
		rows.push([each.name, ms(small), ms(large), `${ratio.toFixed(1)}×`]);
		if (!each.name.startsWith('baseline')) {
			targets.push({
				figure: 12,
				name: `${each.name}: time at 100,000 characters / at 10,000 (median of ${RUNS})`,
				target: `linear: ≤ ${LINEAR_RATIO}× (quadratic would be ~100×)`,
				measured: `${ratio.toFixed(1)}× (${ms(small)} → ${ms(large)})`,
				met: ratio <= LINEAR_RATIO,
			});
		}
	}

	printTable(
		`Figure 12 — hostile text: sanitize and truncate at 10,000 and 100,000 characters (median of ${RUNS})`,
		['case', '10,000 chars', '100,000 chars', 'ratio'],
		rows,
		['linear work takes ~10× as long on 10× the input; a quadratic pass ~100×'],
	);
	return targets;
}
