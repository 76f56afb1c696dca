import fs from 'node:fs';
import {EventEmitter} from 'node:events';
import path from 'node:path';
import {render, Text} from 'ink';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import Output from '../../node_modules/ink/build/output.js';
import {HOSTILE_PAYLOADS} from '../../source/demo/hostile.js';
import {
	describeRowCache,
	installRowCache,
	type OutputClass,
	originalGet,
	rowCacheState,
	rowStats,
	uninstallRowCache,
} from '../../source/terminal/inkOutput.js';
import {sanitize} from '../../source/text/sanitize.js';
import {randomFor, type Random} from '../chaos/harness.js';
import {startCli, startTmux} from '../helpers/tmux.js';

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

const ROOT = path.resolve(import.meta.dirname, '../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, any>;

/** Where Node finds package `name` for a module in `directory`: the nearest node_modules/name up the tree. */
function packageDirectory(directory: string, name: string): string {
	for (let at = directory; ; at = path.dirname(at)) {
		const candidate = path.join(at, 'node_modules', name);
		if (fs.existsSync(path.join(candidate, 'package.json'))) {
			return candidate;
		}

		if (path.dirname(at) === at) {
			throw new Error(`${name} is not installed for ${directory}`);
		}
	}
}

/** `version` satisfies `range` for the forms Ink uses: exact, ^ and ~ (anything else fails loudly). */
function satisfies(version: string, range: string): boolean {
	const parse = (text: string) => text.split('.').map(Number) as [number, number, number];
	const match = /^([\^~]?)(\d+\.\d+\.\d+)$/.exec(range);
	if (!match) {
		throw new Error(`a range this test does not read: ${range}`);
	}

	const [major, minor, patch] = parse(version);
	const [floorMajor, floorMinor, floorPatch] = parse(match[2]!);
	const atLeast =
		major > floorMajor ||
		(major === floorMajor && (minor > floorMinor || (minor === floorMinor && patch >= floorPatch)));
	if (match[1] === '') {
		return version === match[2];
	}

	if (match[1] === '~') {
		return atLeast && major === floorMajor && minor === floorMinor;
	}

	// ^0.y.z allows only patches of 0.y; ^x.y.z (x > 0) any minor of x.
	return atLeast && major === floorMajor && (floorMajor > 0 || minor === floorMinor);
}

describe('Ink and ansi-tokenize, pinned together', () => {
	const ours = readJson(path.join(ROOT, 'package.json'));
	const pins = {...ours['dependencies'], ...ours['devDependencies']} as Record<string, string>;
	const ink = readJson(path.join(ROOT, 'node_modules/ink/package.json'));

	it('pins ink exactly, and to the version installed', () => {
		expect(pins['ink']).toMatch(/^\d+\.\d+\.\d+$/);
		expect(ink['version']).toBe(pins['ink']);
	});

	it("pins ansi-tokenize exactly, to a version Ink's package.json asks for, and Ink loads that one copy", () => {
		const pin = pins['@alcalzone/ansi-tokenize']!;
		expect(pin).toMatch(/^\d+\.\d+\.\d+$/);
		expect(satisfies(pin, ink['dependencies']['@alcalzone/ansi-tokenize'] as string)).toBe(true);
		// The painter imports ansi-tokenize from source/terminal, Ink's Output from Ink's own folder: one copy for both.
		const fromHere = packageDirectory(path.join(ROOT, 'source/terminal'), '@alcalzone/ansi-tokenize');
		const fromInk = packageDirectory(path.join(ROOT, 'node_modules/ink/build'), '@alcalzone/ansi-tokenize');
		expect(fromInk).toBe(fromHere);
		expect(readJson(path.join(fromHere, 'package.json'))['version']).toBe(pin);
	});

	it('has the lock file agree: the same pins, one copy of each', () => {
		const lock = readJson(path.join(ROOT, 'package-lock.json'));
		type Entry = {version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string>};
		const packages = lock['packages'] as Record<string, Entry>;
		const locked = {...packages['']!.dependencies, ...packages['']!.devDependencies};
		expect(locked['ink']).toBe(pins['ink']);
		expect(locked['@alcalzone/ansi-tokenize']).toBe(pins['@alcalzone/ansi-tokenize']);
		const copies = (name: string) => Object.keys(packages).filter(key => key.endsWith(`node_modules/${name}`));
		expect(copies('ink')).toEqual(['node_modules/ink']);
		expect(copies('@alcalzone/ansi-tokenize')).toEqual(['node_modules/@alcalzone/ansi-tokenize']);
		expect(packages['node_modules/ink']!.version).toBe(pins['ink']);
	});
});

describe('the row cache is what Ink draws with', () => {
	afterAll(() => {
		installRowCache();
	});

	/** Renders one frame with Ink's own render(); returns how many rows the row cache drew for it. */
	const rowsDrawnByCache = (text: string): number => {
		const before = rowStats.reused + rowStats.painted + rowStats.inkPainted;
		const writes: string[] = [];
		const stdout = Object.assign(new EventEmitter(), {
			columns: 20,
			rows: 5,
			write(frame: string) {
				writes.push(frame);
				return true;
			},
		});
		const instance = render(<Text>{text}</Text>, {stdout: stdout as unknown as NodeJS.WriteStream, debug: true});
		instance.unmount();
		expect(writes.join('')).toContain(text);
		return rowStats.reused + rowStats.painted + rowStats.inkPainted - before;
	};

	it('is in effect once the app is loaded, and frames Ink renders go through it', async () => {
		await import('../../source/app.js');
		expect(rowCacheState()).toEqual({inEffect: true});
		expect(rowsDrawnByCache('row cache')).toBeGreaterThan(0);
		expect(describeRowCache()).toMatch(/^the row cache is in effect: \d+ rows reused/);
	});

	it("falls back to Ink's own when the class it would patch is not the one Ink renders with", async () => {
		// A second copy of Ink's output.js: the same shape, another class, as a second install of Ink would give.
		const secondCopy = '../../node_modules/ink/build/output.js?second-copy';
		const {default: Copy} = (await import(secondCopy)) as {default: OutputClass};
		expect(Copy).not.toBe(Output);
		const ownGet = Copy.prototype.get;
		uninstallRowCache();
		expect(installRowCache(Copy)).toBe(false);
		expect(rowCacheState()).toEqual({
			inEffect: false,
			reason: 'Ink renders with another copy of its Output class (two copies of Ink?)',
		});
		expect(Copy.prototype.get).toBe(ownGet);
		expect(rowsDrawnByCache('fallback')).toBe(0);
		expect(describeRowCache()).toMatch(/^the row cache is not in effect \(Ink renders with another copy/);
		expect(installRowCache()).toBe(true);
		expect(rowsDrawnByCache('back again')).toBeGreaterThan(0);
	});
});

describe('the row cache in the real bundle (dist/cli.js in tmux)', () => {
	it('is in effect and reuses rows while paging, as ECORE_DEBUG=1 reports on exit', async () => {
		const tmux = startTmux();
		try {
			const pane = startCli(tmux, '--demo 42', {env: {ECORE_DEBUG: '1'}});
			await pane.waitFor(screen => screen.includes('page 1 of 3') && screen.includes('Record 9881'));
			pane.send('Right');
			await pane.waitFor(screen => screen.includes('page 2 of 3'));
			pane.send('q');
			expect((await pane.exited()).code).toBe(0);
			const report = /the row cache is in effect: (\d+) rows reused, (\d+) painted/.exec(pane.stderr());
			expect(report, pane.stderr()).not.toBeNull();
			// The header's job line and the footer are the same on page 2.
			expect(Number(report![1])).toBeGreaterThan(0);
			expect(Number(report![2])).toBeGreaterThan(0);
		} finally {
			tmux.kill();
		}
	});
});
