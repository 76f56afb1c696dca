import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Output from '../../node_modules/ink/build/output.js';
import {HOSTILE_PAYLOADS} from '../../source/demo/hostile.js';
import {installRowCache, originalGet, rowStats, uninstallRowCache} from '../../source/terminal/inkOutput.js';
import {sanitize} from '../../source/terminal/sanitize.js';
import {randomFor, type Random} from '../chaos/harness.js';

type Transformer = (line: string, index: number) => string;
type Step =
	| {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]}
	| {type: 'clip'; clip: {x1?: number; x2?: number; y1?: number; y2?: number}}
	| {type: 'unclip'};

// SGR pairs as chalk writes them (Ink's Text styles go through chalk).
const sgr = (open: string, close: number) => (text: string) => `\u001B[${open}m${text}\u001B[${close}m`;
const colour = {
	red: sgr('31', 39),
	green: sgr('32', 39),
	inverse: sgr('7', 27),
	boldCyan: (text: string) => sgr('1', 22)(sgr('36', 39)(text)),
	dim: sgr('2', 22),
	bgBlue: sgr('44', 49),
};
const WORDS = [
	'alice@example.com',
	'Error',
	'山田太郎@例え.日本',
	'👩‍💻🎉',
	'e\u0301cole',
	'─────',
	'│',
	' ',
	'',
	'a\nb\nc',
	'› 12345 │ …',
	'┌──┐ ✓ → ½ é ß Ω Ж ␛[2J',
	'\u1100\u1161 한',
	'क्षि',
	'\u00ad\u200d',
	'ｶﾞ',
	'first line\nsecond line',
	...HOSTILE_PAYLOADS.slice(0, 20).map(({text}) => sanitize(text)),
];
/** Words the row painter takes itself (one cell and one grapheme per character). */
const SIMPLE_WORDS = ['alice@example.com', 'Error', '› 12345 │ …', '┌──┐ ✓ → ½ é ß Ω Ж', ' ', '', '42'];
const TRANSFORMERS: Transformer[] = [
	line => colour.red(line),
	line => colour.inverse(line),
	line => colour.boldCyan(line),
	(line, index) => (index % 2 === 0 ? colour.dim(line) : line),
	line => colour.bgBlue(line),
];

function randomSteps(random: Random, width: number, height: number): Step[] {
	const steps: Step[] = [];
	let open = 0;
	const count = random.int(0, 40);
	for (let step = 0; step < count; step++) {
		const roll = random.next();
		if (roll < 0.08) {
			const y1 = random.int(-2, height);
			steps.push({type: 'clip', clip: {y1, y2: y1 + random.int(0, height)}});
			open++;
		} else if (roll < 0.1 && open > 0) {
			steps.push({type: 'unclip'});
			open--;
		} else {
			const parts = random.int(1, 3);
			let text = '';
			for (let part = 0; part < parts; part++) {
				const word = random.pick(WORDS);
				text += random.chance(0.3) ? colour.green(word) : word;
			}

			const transformers: Transformer[] = [];
			while (random.chance(0.35)) {
				transformers.push(random.pick(TRANSFORMERS));
			}

			steps.push({type: 'write', x: random.int(-2, width + 2), y: random.int(-2, height + 1), text, transformers});
		}
	}

	return steps;
}

/** Rows as the app draws them: cells side by side, most of them fitting the row. */
function tableSteps(random: Random, width: number, height: number): Step[] {
	const steps: Step[] = [];
	for (let y = 0; y < height; y++) {
		let x = random.int(0, 2);
		while (x < width && random.chance(0.85)) {
			const word = random.chance(0.7)
				? random.pick(SIMPLE_WORDS)
				: random.pick(WORDS.filter(word => !word.includes('\n')));
			const text = random.chance(0.4) ? colour.green(word) : word;
			const transformers: Transformer[] = random.chance(0.5) ? [random.pick(TRANSFORMERS)] : [];
			steps.push({type: 'write', x, y, text, transformers});
			x += word.length + random.int(0, 3);
		}
	}

	return steps;
}

function build(width: number, height: number, steps: readonly Step[]): Output {
	const output = new Output({width, height});
	for (const step of steps) {
		if (step.type === 'write') {
			output.write(step.x, step.y, step.text, {transformers: step.transformers});
		} else if (step.type === 'clip') {
			output.clip({x1: undefined, x2: undefined, y1: undefined, y2: undefined, ...step.clip});
		} else {
			output.unclip();
		}
	}

	return output;
}

describe("Ink's Output with unchanged rows reused", () => {
	beforeAll(() => {
		expect(installRowCache()).toBe(true);
	});

	afterAll(() => {
		// The app installs it on import; other files in this worker expect it in place.
		installRowCache();
	});

	it('produces exactly what Ink produces, for random writes, clips and transformers, on first and repeated frames', () => {
		Object.assign(rowStats, {reused: 0, painted: 0, inkPainted: 0, wholeFrames: 0});
		for (let index = 0; index < 600; index++) {
			const random = randomFor('ink output', index);
			const width = random.int(1, 60);
			const height = random.int(0, 12);
			const steps = index % 2 === 0 ? randomSteps(random, width, height) : tableSteps(random, width, height);
			const expected = originalGet(build(width, height, steps));
			// The first frame paints the rows; the second reuses them; the third changes one write.
			expect(build(width, height, steps).get(), `case ${index}`).toEqual(expected);
			expect(build(width, height, steps).get(), `case ${index}, again`).toEqual(expected);
			const changed = steps.map(step =>
				step.type === 'write' && random.chance(0.2) ? {...step, text: `${step.text}~`} : step,
			);
			expect(build(width, height, changed).get(), `case ${index}, changed`).toEqual(
				originalGet(build(width, height, changed)),
			);
		}

		// Every way of drawing a row was taken, many times.
		expect(rowStats.reused).toBeGreaterThan(500);
		expect(rowStats.painted).toBeGreaterThan(500);
		expect(rowStats.inkPainted).toBeGreaterThan(500);
	});

	it('hands horizontal clipping and line-adding transformers to Ink whole', () => {
		const clipped: Step[] = [
			{type: 'clip', clip: {x1: 2, x2: 6, y1: 0, y2: 3}},
			{type: 'write', x: 0, y: 0, text: colour.red('abcdefghij\n山田太郎'), transformers: []},
			{type: 'unclip'},
		];
		expect(build(12, 3, clipped).get()).toEqual(originalGet(build(12, 3, clipped)));
		const splitting: Step[] = [{type: 'write', x: 1, y: 1, text: 'ab', transformers: [line => `${line}\nx`]}];
		expect(build(12, 3, splitting).get()).toEqual(originalGet(build(12, 3, splitting)));
	});

	it('draws a row again when only its style changes', () => {
		const plain: Step[] = [{type: 'write', x: 0, y: 0, text: 'row', transformers: []}];
		const selected: Step[] = [{type: 'write', x: 0, y: 0, text: 'row', transformers: [line => colour.inverse(line)]}];
		expect(build(10, 1, plain).get().output).toBe('row');
		expect(build(10, 1, selected).get().output).toBe(colour.inverse('row'));
		expect(build(10, 1, plain).get().output).toBe('row');
	});

	it('can be taken out again', () => {
		uninstallRowCache();
		expect(Output.prototype.get).toBeTypeOf('function');
		const steps: Step[] = [{type: 'write', x: 0, y: 0, text: 'x', transformers: []}];
		expect(build(3, 1, steps).get()).toEqual(originalGet(build(3, 1, steps)));
		expect(installRowCache()).toBe(true);
	});
});
