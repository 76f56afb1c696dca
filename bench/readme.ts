// The README's figures are what `npm run bench` last measured: each run merges its figures' targets into
// bench/results.json (a figure run alone replaces only its own rows) and writes the README block between
// the bench markers from it. test/scripts/bench-readme.test.ts checks the block is exactly that rendering.
import fs from 'node:fs';
import path from 'node:path';
import type {Target} from './report.js';

export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

/** One run of one figure: where and when, and its targets. */
export interface FigureRun {
	/** YYYY-MM-DD. */
	readonly date: string;
	/** Node version and load average at the start of the run, and anything else that frames it. */
	readonly conditions: string;
	readonly targets: readonly Target[];
}

export interface Results {
	readonly machine: string;
	/** By figure number. */
	readonly figures: Readonly<Record<string, FigureRun>>;
}

export function readResults(file: string): Results {
	return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Results) : {machine: '', figures: {}};
}

/** The results with each figure of `run` replaced by what it measured now. */
export function mergeResults(
	results: Results,
	machine: string,
	run: {date: string; conditions: string; figures: readonly number[]; targets: readonly Target[]},
): Results {
	const figures: Record<string, FigureRun> = {...results.figures};
	for (const figure of run.figures) {
		figures[String(figure)] = {
			date: run.date,
			conditions: run.conditions,
			targets: run.targets.filter(target => target.figure === figure),
		};
	}

	return {machine, figures};
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The README block, markers included. */
export function renderBlock(results: Results): string {
	const numbers = Object.keys(results.figures)
		.map(Number)
		.sort((a, b) => a - b);
	const rows = numbers.flatMap(number => {
		const run = results.figures[String(number)]!;
		return run.targets.map(target =>
			[
				String(number),
				cell(target.name),
				cell(target.target),
				target.met ? `**${cell(target.measured)}**` : cell(target.measured),
				target.target === '—' ? '' : target.met ? 'met' : 'not met',
				cell(`${run.date}, ${run.conditions}`),
			].join(' | '),
		);
	});
	return [
		START,
		`Written by \`npm run bench\` from \`bench/results.json\` (do not edit by hand): the latest run of each`,
		`figure on the project's machine (latest: ${results.machine}). Each figure prints its baselines in the same run;`,
		'`npm run bench -- 10` runs figure 10 alone and replaces only its rows. Wall-clock figures on this VM move by',
		'a fifth between runs, and more when the machine is busy (the load average is in the last column).',
		'',
		'| # | Figure | Target | Measured (baselines of the same run) | | Run |',
		'|---|---|---|---|---|---|',
		...rows.map(row => `| ${row} |`),
		END,
	].join('\n');
}

/** The README with its bench block replaced. */
export function withBlock(readme: string, block: string): string {
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start === -1 || end < start) {
		throw new Error(`README.md has no ${START} … ${END} block`);
	}

	return readme.slice(0, start) + block + readme.slice(end + END.length);
}

/** The block as it stands in the README. */
export function blockOf(readme: string): string {
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	return start === -1 || end < start ? '' : readme.slice(start, end + END.length);
}

export function writeReadme(root: string, results: Results): void {
	const file = path.join(root, 'README.md');
	fs.writeFileSync(file, withBlock(fs.readFileSync(file, 'utf8'), renderBlock(results)));
}
