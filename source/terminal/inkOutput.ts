// Ink 6 turns the laid-out tree into text by painting every write into a grid of styled cells (one
// object per cell, every write re-tokenised) and encoding the whole grid back into ANSI, every frame.
// At 200×60 that is most of a frame's time (measured: 22–27 ms of 29–31 ms), although a key usually
// changes a handful of rows. Output is created afresh for each frame, so its own caches never help.
//
// This wraps `Output.prototype.get`: it gathers the writes that land on each row exactly as Ink does
// (the same vertical clipping, the same transformers in the same order), and a row whose writes are the
// same as in a recent frame reuses that row's text. A new row whose text is made only of SGR colour
// codes and characters that are one cell and one grapheme each (ASCII, Latin, Greek, Cyrillic, box
// drawing, arrows, punctuation…: the app's chrome and most records) is painted here run by run, with
// ansi-tokenize's own style reduction and diffs, the same functions Ink uses. Any other row (wide or
// combining characters, overlaps past the edge) is painted by Ink's own `get` on a scratch Output that
// holds only such rows. Either way every row is byte-for-byte what Ink would have produced (checked
// against the original in test/terminal/inkOutput.test.ts). What this does not model at all —
// horizontal clipping, a transformer that adds a line break — is handed to the original `get` whole.
//
// Ink's Output is not among its package exports; the path reaches the module Ink's renderer imports
// when there is one copy of Ink (one module under Node and in the esbuild bundle alike). package.json
// pins ink exactly and ansi-tokenize to the version that copy asks for (test/terminal/inkOutput.test.ts
// checks both), and installRowCache checks at run time that Ink really draws through the patched class:
// with a second copy of Ink installed, the patch would sit on a class Ink never uses.
import process from 'node:process';
import {renderToString, Text} from 'ink';
import {createElement} from 'react';
import {complain} from './say.js';
import Output from '../../node_modules/ink/build/output.js';
import {
	type AnsiCode,
	ansiCodesToString,
	diffAnsiCodes,
	reduceAnsiCodesIncremental,
	tokenize,
} from '@alcalzone/ansi-tokenize';

type Transformer = (line: string, index: number) => string;
type Clip = {x1?: number | undefined; x2?: number | undefined; y1?: number | undefined; y2?: number | undefined};
type Operation =
	| {type: 'write'; x: number; y: number; text: string; transformers: Transformer[]}
	| {type: 'clip'; clip: Clip}
	| {type: 'unclip'};

interface OutputShape {
	width: number;
	height: number;
	operations: Operation[];
}

type Get = (this: Output) => {output: string; height: number};
/** The class to patch: Ink's Output, or in a test another copy of it. */
export type OutputClass = {prototype: {get: Get}; new (options: {width: number; height: number}): Output};

/** Rows kept: a few screens' worth, so paging back and forth and redraws after a resize still hit. */
const MAX_ROWS = 1024;
const rowCache = new Map<string, string>();

/** How rows were drawn since the last reset: from the cache, painted here, painted by Ink. */
export const rowStats = {reused: 0, painted: 0, inkPainted: 0, wholeFrames: 0};

const original: Get = Output.prototype.get as Get;

/** Whether the row cache is what Ink draws with, and if not, why not. */
export type RowCacheState = {readonly inEffect: true} | {readonly inEffect: false; readonly reason: string};

let state: RowCacheState = {inEffect: false, reason: 'not installed'};
let patched: {readonly target: OutputClass; readonly get: Get} | undefined;
/** Set while the start-up probe renders: the Output instance Ink drew it with. */
let probe: {seen: Output | undefined} | undefined;

export function rowCacheState(): RowCacheState {
	return state;
}

/**
 * Reuse of unchanged rows in Ink's Output; idempotent. Returns whether it is in effect: the patched
 * class must be the very one Ink renders with (a probe rendered through Ink's public API is drawn by
 * the patched `get` on an instance of that class) and the painter must agree with Ink on a styled
 * row. Otherwise the class is left as it was and Ink draws every row itself.
 */
export function installRowCache(target: OutputClass = Output as unknown as OutputClass): boolean {
	if (state.inEffect) {
		return true;
	}

	state = check(target);
	reportOnExit();
	return state.inEffect;
}

const STYLED_PROBE = '\u001B[1m\u001B[31mink\u001B[39m\u001B[7m ok\u001B[27m\u001B[22m';

function check(target: OutputClass): RowCacheState {
	// The shape this relies on: a probe must carry its writes in `operations`.
	const shape = new target({width: 1, height: 1});
	shape.write(0, 0, 'x', {transformers: []});
	const {operations} = shape as unknown as Partial<OutputShape>;
	if (!Array.isArray(operations) || operations.length !== 1 || typeof target.prototype.get !== 'function') {
		return {inEffect: false, reason: "Ink's Output is not the shape this was written for"};
	}

	// ansi-tokenize as imported here and as Ink's Output uses it must encode a styled row alike.
	const styled = new target({width: 8, height: 1});
	styled.write(1, 0, STYLED_PROBE, {transformers: []});
	const painted = paintRow(8, [1, STYLED_PROBE]);
	if (painted === undefined || painted !== target.prototype.get.call(styled).output) {
		return {inEffect: false, reason: 'the row painter and Ink encode a styled row differently'};
	}

	const previous = target.prototype.get;
	target.prototype.get = function (this: Output) {
		if (probe) {
			probe.seen = this;
		}

		return cachedGet(this);
	};

	patched = {target, get: previous};
	const seen: {seen: Output | undefined} = {seen: undefined};
	probe = seen;
	let problem: string | undefined;
	try {
		const text = renderToString(createElement(Text, null, 'probe'), {columns: 8});
		if (seen.seen === undefined || Object.getPrototypeOf(seen.seen) !== target.prototype) {
			problem = 'Ink renders with another copy of its Output class (two copies of Ink?)';
		} else if (text !== 'probe') {
			problem = `Ink drew the probe as ${JSON.stringify(text)}`;
		}
	} catch (error) {
		problem = `Ink failed to draw the probe (${error instanceof Error ? error.message : String(error)})`;
	} finally {
		probe = undefined;
	}

	if (problem !== undefined) {
		uninstallRowCache();
		return {inEffect: false, reason: problem};
	}

	Object.assign(rowStats, {reused: 0, painted: 0, inkPainted: 0, wholeFrames: 0});
	return {inEffect: true};
}

export function uninstallRowCache(): void {
	if (patched) {
		patched.target.prototype.get = patched.get;
		patched = undefined;
	}

	state = {inEffect: false, reason: 'uninstalled'};
	rowCache.clear();
}

/** One line for ECORE_DEBUG=1: whether Ink draws through the row cache, and how it drew. */
export function describeRowCache(): string {
	if (!state.inEffect) {
		return `the row cache is not in effect (${state.reason}); Ink drew every row itself`;
	}

	const {reused, painted, inkPainted, wholeFrames} = rowStats;
	return `the row cache is in effect: ${reused} rows reused, ${painted} painted, ${inkPainted} painted by Ink, ${wholeFrames} frames drawn whole by Ink`;
}

let reporting = false;

/**
 * With ECORE_DEBUG=1, says on exit how rows were drawn. The app restores the terminal before it exits,
 * so the line lands on the main screen.
 */
function reportOnExit(): void {
	if (process.env['ECORE_DEBUG'] !== '1' || reporting) {
		return;
	}

	reporting = true;
	process.once('exit', () => {
		complain(process.stderr, `debug: ${describeRowCache()}`);
	});
}

/** Ink's own result, for comparison in tests. */
export function originalGet(output: Output): {output: string; height: number} {
	return original.call(output);
}

function cachedGet(output: Output): {output: string; height: number} {
	const {width, height, operations} = output as unknown as OutputShape;
	// Per row: x, line, x, line… in the order Ink would paint them.
	const rows: Array<Array<number | string>> = [];
	for (let row = 0; row < height; row++) {
		rows.push([]);
	}

	const clips: Clip[] = [];
	for (const operation of operations) {
		if (operation.type === 'clip') {
			clips.push(operation.clip);
			continue;
		}

		if (operation.type === 'unclip') {
			clips.pop();
			continue;
		}

		const {text, transformers} = operation;
		const {x} = operation;
		let {y} = operation;
		let lines = text.split('\n');
		const clip = clips.at(-1);
		if (clip) {
			if (typeof clip.x1 === 'number' && typeof clip.x2 === 'number') {
				rowStats.wholeFrames++;
				return original.call(output);
			}

			if (typeof clip.y1 === 'number' && typeof clip.y2 === 'number') {
				const lineCount = lines.length;
				if (y + lineCount < clip.y1 || y > clip.y2) {
					continue;
				}

				const from = y < clip.y1 ? clip.y1 - y : 0;
				const to = y + lineCount > clip.y2 ? clip.y2 - y : lineCount;
				lines = lines.slice(from, to);
				if (y < clip.y1) {
					y = clip.y1;
				}
			}
		}

		let offsetY = 0;
		for (const [index, untransformed] of lines.entries()) {
			// Ink skips a line whose row is missing without moving on a row, so the rest of that write
			// is skipped too; indexing the same way keeps that.
			const row = rows[y + offsetY];
			if (!row) {
				continue;
			}

			let line = untransformed;
			for (const transformer of transformers) {
				line = transformer(line, index);
			}

			if (line.includes('\n')) {
				rowStats.wholeFrames++;
				return original.call(output);
			}

			row.push(x, line);
			offsetY++;
		}
	}

	const texts: string[] = [];
	const missed: number[] = [];
	const keys: string[] = [];
	for (const [index, pieces] of rows.entries()) {
		if (pieces.length === 0) {
			texts.push('');
			keys.push('');
			continue;
		}

		const key = rowKey(width, pieces);
		keys.push(key);
		const cached = rowCache.get(key);
		if (cached !== undefined) {
			// Most recently used last, so the oldest are the ones dropped.
			rowCache.delete(key);
			rowCache.set(key, cached);
			texts.push(cached);
			rowStats.reused++;
			continue;
		}

		const painted = paintRow(width, pieces);
		if (painted === undefined) {
			texts.push('');
			missed.push(index);
		} else {
			rowCache.set(key, painted);
			texts.push(painted);
			rowStats.painted++;
		}
	}

	if (missed.length > 0) {
		const scratch = new Output({width, height: missed.length});
		for (const [scratchRow, index] of missed.entries()) {
			const pieces = rows[index]!;
			for (let piece = 0; piece < pieces.length; piece += 2) {
				scratch.write(pieces[piece] as number, scratchRow, pieces[piece + 1] as string, {transformers: []});
			}
		}

		const painted = original.call(scratch).output.split('\n');
		for (const [scratchRow, index] of missed.entries()) {
			const text = painted[scratchRow] ?? '';
			texts[index] = text;
			rowCache.set(keys[index]!, text);
		}

		rowStats.inkPainted += missed.length;
	}

	for (const key of rowCache.keys()) {
		if (rowCache.size <= MAX_ROWS) {
			break;
		}

		rowCache.delete(key);
	}

	return {output: texts.join('\n'), height};
}

/** One string per distinct row: the width and each piece, length-prefixed so no two rows collide. */
function rowKey(width: number, pieces: ReadonlyArray<number | string>): string {
	let key = String(width);
	for (let piece = 0; piece < pieces.length; piece += 2) {
		const line = pieces[piece + 1] as string;
		key += `|${pieces[piece] as number},${line.length}:${line}`;
	}

	return key;
}

// ----- painting a row of simple text ------------------------------------------------------------------

type Style = AnsiCode[];

interface Parsed {
	readonly chars: readonly string[];
	/** The reduced SGR codes in force at each character, one shared array per run. */
	readonly styles: readonly Style[];
}

const EMPTY: Style = [];
/** Style arrays by content, so equal styles are one array and a run boundary is a reference change. */
const styles = new Map<string, Style>([['', EMPTY]]);
const transitions = new Map<Style, Map<Style, string>>();
const sgrTokens = new Map<string, AnsiCode[] | false>();
const simpleChars = new Map<string, boolean>();
const parsedLines = new Map<string, Parsed | false>();
const MAX_LINES = 4096;

function intern(codes: Style): Style {
	const key = codes.map(code => code.code).join('');
	let style = styles.get(key);
	if (style === undefined) {
		style = codes;
		styles.set(key, style);
	}

	return style;
}

/** What Ink writes between two cells of these styles (ansi-tokenize's diff, as in styledCharsToString). */
function transition(from: Style, to: Style): string {
	let byTarget = transitions.get(from);
	if (byTarget === undefined) {
		byTarget = new Map();
		transitions.set(from, byTarget);
	}

	let text = byTarget.get(to);
	if (text === undefined) {
		text = ansiCodesToString(diffAnsiCodes(from, to));
		byTarget.set(to, text);
	}

	return text;
}

/** One SGR sequence as ansi-tokenize reads it (it splits compound codes); false if it is not only codes. */
function tokensOf(sequence: string): AnsiCode[] | false {
	let tokens = sgrTokens.get(sequence);
	if (tokens === undefined) {
		const read = tokenize(sequence);
		tokens = read.every(token => token.type === 'ansi') ? (read as AnsiCode[]) : false;
		sgrTokens.set(sequence, tokens);
	}

	return tokens;
}

// Letters, digits, punctuation, symbols and spaces: no marks, controls or format characters, so no
// grapheme joins across them (the ranges hold no Hangul jamo and no prepended letters).
const SIMPLE_CLASS = /^[\p{L}\p{N}\p{P}\p{S}\p{Zs}]$/u;

/** A character that is its own grapheme and that Ink advances by exactly one cell. */
function isSimpleChar(char: string): boolean {
	let simple = simpleChars.get(char);
	if (simple === undefined) {
		const code = char.charCodeAt(0);
		simple =
			char.length === 1 &&
			((code >= 0xa0 && code <= 0x52f) || (code >= 0x1e00 && code <= 0x1fff) || (code >= 0x2010 && code <= 0x2bff)) &&
			SIMPLE_CLASS.test(char) &&
			advancesOne(char);
		simpleChars.set(char, simple);
	}

	return simple;
}

/** Asks Ink itself: a character two cells wide would be overwritten by the `z` written at column 2. */
function advancesOne(char: string): boolean {
	const probe = new Output({width: 4, height: 1});
	probe.write(0, 0, `${char}y`, {transformers: []});
	probe.write(2, 0, 'z', {transformers: []});
	return original.call(probe).output === `${char}yz`;
}

function parseLine(line: string): Parsed | false {
	let parsed = parsedLines.get(line);
	if (parsed !== undefined) {
		return parsed;
	}

	parsed = parseUncached(line);
	if (parsedLines.size >= MAX_LINES) {
		parsedLines.clear();
	}

	parsedLines.set(line, parsed);
	return parsed;
}

function parseUncached(line: string): Parsed | false {
	const chars: string[] = [];
	const styleOf: Style[] = [];
	let style = EMPTY;
	for (let index = 0; index < line.length;) {
		const code = line.charCodeAt(index);
		if (code === 0x1b) {
			// Only `ESC [ digits/semicolons m`, read up to its first `m` as ansi-tokenize reads it.
			if (line.charCodeAt(index + 1) !== 0x5b) {
				return false;
			}

			let end = index + 2;
			while (end < line.length && /[\d;]/.test(line[end]!)) {
				end++;
			}

			if (line[end] !== 'm') {
				return false;
			}

			const tokens = tokensOf(line.slice(index, end + 1));
			if (!tokens) {
				return false;
			}

			style = intern(reduceAnsiCodesIncremental(style, tokens));
			index = end + 1;
			continue;
		}

		const char = line[index]!;
		if (!((code >= 0x20 && code <= 0x7e) || isSimpleChar(char))) {
			return false;
		}

		chars.push(char);
		styleOf.push(style);
		index++;
	}

	return {chars, styles: styleOf};
}

/**
 * The row as Ink's Output would encode it (cells painted in write order, then styledCharsToString and
 * trimEnd), or undefined when a piece is not simple text or does not lie wholly inside the row.
 */
function paintRow(width: number, pieces: ReadonlyArray<number | string>): string | undefined {
	const values: string[] = Array.from({length: width}, () => ' ');
	const cellStyles: Style[] = Array.from({length: width}, () => EMPTY);
	for (let piece = 0; piece < pieces.length; piece += 2) {
		const x = pieces[piece] as number;
		const parsed = parseLine(pieces[piece + 1] as string);
		if (!parsed || !Number.isInteger(x) || x < 0 || x + parsed.chars.length > width) {
			return undefined;
		}

		for (let index = 0; index < parsed.chars.length; index++) {
			values[x + index] = parsed.chars[index]!;
			cellStyles[x + index] = parsed.styles[index]!;
		}
	}

	if (width === 0) {
		return '';
	}

	let text = ansiCodesToString(cellStyles[0]!) + values[0]!;
	for (let index = 1; index < width; index++) {
		if (cellStyles[index] !== cellStyles[index - 1]) {
			text += transition(cellStyles[index - 1]!, cellStyles[index]!);
		}

		text += values[index]!;
	}

	return (text + transition(cellStyles[width - 1]!, EMPTY)).trimEnd();
}
