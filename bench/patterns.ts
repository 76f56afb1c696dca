// Figure 7: error patterns. patternOf over 120,000 messages: the error messages of the demo's
// 120,000-record job (round and round until there are as many), as the breakdown will see them;
// 120,000 different messages (each with its own number, so nothing is answered from the cache); beside
// them, the naive baseline of grouping by the exact message. Then adversarial text, 100 and 1,000
// characters a message: ten times the text should take about ten times as long (linear, no
// backtracking blow-up). CPU time of this process, so other work on the machine counts less.
import {DemoData, ERROR} from '../source/demo/data.js';
import {MAX_PATTERN_INPUT, patternOf} from '../source/store/patterns.js';
import type {BenchContext} from './harness.js';
import {count, median, ms, printTable, type Target} from './report.js';

const JOB = 7001;
const MESSAGES = 120_000;
const RUNS = 5;
const TARGET_MS = 1000;

function demoErrors(): string[] {
	const job = new DemoData({startMs: Date.now(), processingDurationMs: 1}).job(JOB);
	if (!job) {
		throw new Error(`The demo has no job ${JOB}.`);
	}

	const errors: string[] = [];
	const done = job.size;
	for (let k = 0; k < job.count(ERROR, done); k++) {
		const message = job.record(job.indexAt(ERROR, k, done), done).error_message;
		if (message !== null) {
			errors.push(message);
		}
	}

	return errors;
}

// Text made to make a regular expression work hard: long runs of what hosts, numbers, addresses,
// quotes and ids are made of, with nothing that completes them. Each message different.
const adversarial = (length: number) => (i: number) => {
	const pieces = ['a.', '1.', 'a1-', '1:', 'ab:', '"', "x'", '9 ', 'mx.'];
	const piece = pieces[i % pieces.length] ?? '';
	return `${i} ${piece.repeat(length)}`.slice(0, length);
};
const ADVERSARIAL_MESSAGES = 12_000;
/** Ten times the text: linear is 10×; a quadratic blow-up would be near 100×. */
const MAX_LINEAR_RATIO = 15;

function cpuMs(): number {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1000;
}

function time(
	make: (i: number) => string,
	group: (message: string) => string,
	messages = MESSAGES,
): {ms: number; groups: number} {
	const samples: number[] = [];
	let groups = 0;
	for (let run = 0; run < RUNS; run++) {
		// Made afresh each run (with the run in them where they must differ), so no run is answered
		// from the previous one's cache.
		const made = Array.from({length: messages}, (_, i) => make(i + run * messages));
		const begun = cpuMs();
		const seen = new Map<string, number>();
		for (const message of made) {
			const key = group(message);
			seen.set(key, (seen.get(key) ?? 0) + 1);
		}

		samples.push(cpuMs() - begun);
		groups = seen.size;
	}

	return {ms: median(samples), groups};
}

export async function patterns(_context: BenchContext): Promise<Target[]> {
	const errors = demoErrors();
	const demo = (i: number) => errors[i % errors.length] ?? '';
	const distinct = (i: number) => {
		const message = errors[i % errors.length] ?? '';
		return `${message} (record ${i})`;
	};

	const key = (message: string) => patternOf(message).key;
	const rows = [
		[`job ${JOB}'s ${count(errors.length)} errors, round and round`, 'exact message (baseline)', time(demo, m => m)],
		[`job ${JOB}'s ${count(errors.length)} errors, round and round`, 'patternOf', time(demo, key)],
		['all different (no cache hits)', 'exact message (baseline)', time(distinct, m => m)],
		['all different (no cache hits)', 'patternOf', time(distinct, key)],
	] as const;
	printTable(
		`Figure 7 — error patterns: ${count(MESSAGES)} messages grouped, CPU time, median of ${RUNS} runs`,
		['messages', 'grouped by', 'CPU time', 'groups'],
		rows.map(([what, by, result]) => [what, by, ms(result.ms), count(result.groups)]),
		[],
		2,
	);
	const short = time(adversarial(MAX_PATTERN_INPUT / 10), key, ADVERSARIAL_MESSAGES);
	const long = time(adversarial(MAX_PATTERN_INPUT), key, ADVERSARIAL_MESSAGES);
	const ratio = long.ms / short.ms;
	printTable(
		`Figure 7b — adversarial text, ${count(ADVERSARIAL_MESSAGES)} messages, CPU time, median of ${RUNS} runs`,
		['characters a message', 'CPU time', 'per message'],
		[short, long].map((result, index) => [
			count(index === 0 ? MAX_PATTERN_INPUT / 10 : MAX_PATTERN_INPUT),
			ms(result.ms),
			`${((result.ms / ADVERSARIAL_MESSAGES) * 1000).toFixed(1)} µs`,
		]),
		[`ten times the text took ${ratio.toFixed(1)}× as long (linear: about 10×)`],
	);
	const [, demoRow, , distinctRow] = rows;
	return [
		...[demoRow, distinctRow].map(([what, , result]) => ({
			figure: 7,
			name: `patternOf, ${count(MESSAGES)} messages: ${what}`,
			target: `< ${ms(TARGET_MS)}`,
			measured: ms(result.ms),
			met: result.ms < TARGET_MS,
		})),
		{
			figure: 7,
			name: 'patternOf on adversarial text: 10× the text',
			target: `≤ ${MAX_LINEAR_RATIO}× the time`,
			measured: `${ratio.toFixed(1)}×`,
			met: ratio <= MAX_LINEAR_RATIO,
		},
	];
}
