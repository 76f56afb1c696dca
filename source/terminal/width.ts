// Display-width helpers for aligned columns and the wrapped detail pane. Input is text that already
// went through `sanitize`, so it holds no controls; what it may hold are wide characters (CJK,
// emoji), zero-width combining marks, and the visible escapes `sanitize` produced (`\x1b`,
// `\u202e`, `\u{e0041}`, `\n`…), which are cut or wrapped as one unit so half an escape never shows.

import stringWidth from 'string-width';
import {graphemes} from '../text/graphemes.js';

const ELLIPSIS = '…';
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
// Literal text that looks like an escape is kept whole as well; that costs nothing and keeps the
// rule simple.
const VISIBLE_ESCAPE = /\\(?:x[0-9a-f]{2}|u\{[0-9a-f]{1,6}\}|u[0-9a-f]{4}|[nrt])/g;

// string-width rebuilds its emoji regex for every grapheme, so non-ASCII graphemes are measured once.
const graphemeWidths = new Map<string, number>();
const GRAPHEME_CACHE_LIMIT = 4096;

function graphemeWidth(grapheme: string): number {
	let width = graphemeWidths.get(grapheme);
	if (width === undefined) {
		width = stringWidth(grapheme, {countAnsiEscapeCodes: true});
		if (graphemeWidths.size < GRAPHEME_CACHE_LIMIT) {
			graphemeWidths.set(grapheme, width);
		}
	}

	return width;
}

/** Called for every unit (grapheme or visible escape) from `start` to `end`; return false to stop. */
type Visit = (start: number, end: number, width: number, isEscape: boolean) => boolean;

// Code units that are a grapheme by themselves whenever the next unit is one too: printable ASCII,
// Latin-1 and Latin Extended letters, CJK punctuation, kana, ideographs, Hangul syllables and
// fullwidth forms, with their combining marks (U+302A–U+302F, U+3099–U+309A) left out. For these
// Intl.Segmenter, at about 2 µs a grapheme, is skipped; everything else (emoji, marks, surrogates,
// scripts with clusters) goes through it one grapheme at a time.
function isSimple(code: number): boolean {
	if (code < 0x3000) {
		return (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code < 0x300);
	}

	return (
		code <= 0x3029 ||
		(code >= 0x3030 && code <= 0x3098) ||
		(code >= 0x309b && code <= 0x30ff) ||
		(code >= 0x3400 && code <= 0x4dbf) ||
		(code >= 0x4e00 && code <= 0x9fff) ||
		(code >= 0xac00 && code <= 0xd7a3) ||
		(code >= 0xff01 && code <= 0xff60)
	);
}

// Segmenting a bounded window keeps a long run of emoji linear; a grapheme longer than this (pure
// Zalgo) continues as zero-width graphemes of its remaining marks, which sum to the same width.
const SEGMENT_WINDOW = 256;

function scanText(text: string, from: number, to: number, visit: Visit): boolean {
	let index = from;
	while (index < to) {
		const code = text.charCodeAt(index);
		const next = index + 1 < to ? text.charCodeAt(index + 1) : 0x20;
		let end: number;
		let width: number;
		if (isSimple(code) && (next < 0x80 || isSimple(next))) {
			end = index + 1;
			width = code < 0x7f ? 1 : graphemeWidth(text[index] ?? '');
		} else {
			const window = text.slice(index, Math.min(to, index + SEGMENT_WINDOW));
			const grapheme = graphemes().segment(window).containing(0)?.segment ?? window;
			end = index + grapheme.length;
			width = graphemeWidth(grapheme);
		}

		if (!visit(index, end, width, false)) {
			return false;
		}

		index = end;
	}

	return true;
}

function scan(text: string, visit: Visit): void {
	const escapes = new RegExp(VISIBLE_ESCAPE);
	let position = 0;
	for (let match = escapes.exec(text); match !== null; match = escapes.exec(text)) {
		const start = match.index;
		const end = start + match[0].length;
		if (!scanText(text, position, start, visit) || !visit(start, end, end - start, true)) {
			return;
		}

		position = end;
	}

	scanText(text, position, text.length, visit);
}

export function displayWidth(text: string): number {
	if (PRINTABLE_ASCII.test(text)) {
		return text.length;
	}

	// Summing cached grapheme widths is what string-width does, minus its per-grapheme regex cost.
	let width = 0;
	scan(text, (_start, _end, unitWidth) => {
		width += unitWidth;
		return true;
	});
	return width;
}

/** At most `width` columns; a cut text ends in `…`. Wide characters and visible escapes are never split. */
export function truncate(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	if (PRINTABLE_ASCII.test(text)) {
		if (text.length <= width) {
			return text;
		}

		if (!text.includes('\\')) {
			return text.slice(0, width - 1) + ELLIPSIS;
		}
	}

	// One pass that stops as soon as the text is known not to fit, so a 10,000-character value
	// costs as much as the column is wide.
	let used = 0;
	let cut = -1;
	let overflows = false;
	scan(text, (start, _end, unitWidth) => {
		if (cut === -1 && used + unitWidth > width - 1) {
			cut = start;
		}

		used += unitWidth;
		if (used > width) {
			overflows = true;
			return false;
		}

		return true;
	});

	return overflows ? text.slice(0, cut) + ELLIPSIS : text;
}

export function padEnd(text: string, width: number): string {
	const missing = width - displayWidth(text);
	return missing > 0 ? text + ' '.repeat(missing) : text;
}

/** Exactly `width` columns: truncated with `…` or padded with spaces. */
export function fit(text: string, width: number): string {
	return padEnd(truncate(text, width), width);
}

class LineBuilder {
	readonly lines: string[] = [];
	line = '';
	lineWidth = 0;

	constructor(readonly width: number) {}

	push(): void {
		this.lines.push(this.line);
		this.line = '';
		this.lineWidth = 0;
	}

	append(text: string, width: number): void {
		this.line += text;
		this.lineWidth += width;
	}

	/** Breaks a word wider than a line at unit boundaries, filling whole lines. */
	appendHard(word: string): void {
		scan(word, (start, end, unitWidth, isEscape) => {
			let unit = word.slice(start, end);
			if (unitWidth > this.width) {
				// Only on a pane narrower than one unit: an escape is spelled out character by
				// character, a wide character stands in as `…` so no line exceeds the width.
				if (isEscape) {
					for (const character of unit) {
						this.appendUnit(character, 1);
					}

					return true;
				}

				unit = ELLIPSIS;
				unitWidth = 1;
			}

			this.appendUnit(unit, unitWidth);
			return true;
		});
	}

	private appendUnit(unit: string, unitWidth: number): void {
		if (this.lineWidth + unitWidth > this.width && this.line !== '') {
			this.push();
		}

		this.append(unit, unitWidth);
	}
}

function wrapParagraph(paragraph: string, builder: LineBuilder): void {
	const {width} = builder;
	if (displayWidth(paragraph) <= width) {
		builder.lines.push(paragraph);
		return;
	}

	let spaces = '';
	let isFirstLine = true;
	for (const part of paragraph.split(/( +)/)) {
		if (part === '') {
			continue;
		}

		if (part.startsWith(' ')) {
			spaces = part;
			continue;
		}

		// Spaces at a break are dropped; indentation is kept on the paragraph's first line only.
		const gap = builder.line !== '' || isFirstLine ? spaces : '';
		spaces = '';
		const partWidth = displayWidth(part);
		if (builder.lineWidth + gap.length + partWidth <= width) {
			builder.append(gap + part, gap.length + partWidth);
			continue;
		}

		if (builder.line !== '') {
			builder.push();
		}

		isFirstLine = false;
		if (partWidth <= width) {
			builder.append(part, partWidth);
		} else {
			builder.appendHard(part);
		}
	}

	builder.push();
}

/**
 * Word-wraps for the detail pane: breaks at spaces, hard-breaks words longer than a line, and
 * starts a new line at every `\n` of multiline text. Every line is at most `width` columns.
 */
export function wrap(text: string, width: number): string[] {
	const builder = new LineBuilder(Math.max(1, Math.floor(width)));
	for (const paragraph of text.split('\n')) {
		wrapParagraph(paragraph, builder);
	}

	return builder.lines;
}
