// What the terminal can draw. A locale that is not UTF-8 (LANG=C, en_US.ISO-8859-1) means a terminal that
// shows UTF-8's bytes as two or three wrong characters each, which breaks every border and column. The
// screen is then written in ASCII: at the one stream the frames go through (inkStdout), every character
// outside ASCII is replaced by ASCII of the same width, so no view has to remember and the layout Ink
// measured still holds.

import {graphemes} from '../text/graphemes.js';
import {GLYPHS} from './ascii.js';
import {displayWidth} from './width.js';

export {localeIsUtf8} from './ascii.js';

/** A terminal that draws no attributes (no inverse, no bold): `TERM=dumb`, as Ink's colour library decides. */
export function isDumbTerminal(env: NodeJS.ProcessEnv): boolean {
	return env['TERM'] === 'dumb';
}

const NOT_ASCII = /[^\u0000-\u007F]+/g;

/**
 * `text` with every character outside ASCII replaced: ours by their ASCII look-alike, anything else (API
 * text in another script, emoji) by `?` for each column it takes, so the frame keeps its geometry.
 */
export function toAscii(text: string): string {
	return text.replaceAll(NOT_ASCII, run => {
		let out = '';
		for (const {segment} of graphemes().segment(run)) {
			out += GLYPHS[segment] ?? '?'.repeat(displayWidth(segment));
		}

		return out;
	});
}
