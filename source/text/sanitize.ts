// Every string that came from the API passes through `sanitize` before it reaches a <Text> or stdout.
//
// Each dangerous code unit is replaced by a printable escape, on its own, without parsing escape
// sequences: `ESC [ 2 J` becomes the text `\x1b[2J`, an OSC title `ESC ] 0 ; t BEL` becomes
// `\x1b]0;t\x07`, an 8-bit CSI becomes `\x9b`. Escaping the introducer alone already makes the whole
// sequence inert and fully visible, and having no parser state means a malformed or truncated
// sequence cannot swallow or desynchronise the text around it.
//
// A literal backslash in the input is left as it is, so the text `\x1b` typed by a person looks the
// same as an escaped ESC. Doubling backslashes would make the two distinguishable, but would also
// mangle every ordinary backslash (quoted e-mail local parts, Windows paths in error messages) on a
// screen meant for reading; nothing that could act on the terminal survives either way.
//
// The output contains only printable characters (plus real line breaks in multiline mode), so
// sanitising twice gives the same result as sanitising once.
//
// It is the only producer of SafeText (text/untrusted.ts): the clipboard and the stderr writer take
// nothing else, and API text (Untrusted) reaches a view only through it.

import {formatCount} from './numbers.js';
import type {SafeText, Untrusted} from './untrusted.js';

export interface SanitizeOptions {
	/** Keep `\n` (and CRLF, normalised to `\n`) as real line breaks; a lone CR is still escaped. */
	readonly multiline?: boolean;
	/**
	 * All of it, however long: for what must hold the whole value (the clipboard, the TSV and export
	 * outputs). Without it, a value is cut at FIELD_LIMIT.
	 */
	readonly whole?: boolean;
}

/**
 * The most of one value that is drawn (in code units, "KB" of characters): a view never waits on a
 * 14 MB field, since sanitising, measuring and wrapping it took seconds a keypress. `Y` copies all of it.
 */
export const FIELD_LIMIT = 64 * 1024;

/** What stands for the part of a value past FIELD_LIMIT. */
export function moreMarker(rest: number): string {
	return ` … ${formatCount(Math.ceil(rest / 1024))} KB more`;
}

// Without the `u` flag these classes match UTF-16 code units, which is what finds lone surrogates.
// U+2028/U+2029 (line/paragraph separator), U+2061–U+2064 and U+206A–U+206F (invisible operators,
// deprecated format controls), U+FFF9–U+FFFB (interlinear annotation) and the tag characters
// U+E0000–U+E007F (used to smuggle invisible ASCII) are escaped too: they are invisible or move text.
const UNSAFE_CLASS = '\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\ufeff\\ufff9-\\ufffb\\x7f-\\x9f';
const SURROGATES =
	'|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]|\\udb40[\\udc00-\\udc7f]';

const SINGLE_LINE_SOURCE = `[\\x00-\\x1f${UNSAFE_CLASS}]${SURROGATES}`;
const MULTILINE_SOURCE = `\\r\\n|[\\x00-\\x09\\x0b-\\x1f${UNSAFE_CLASS}]${SURROGATES}`;

const SINGLE_LINE_TEST = new RegExp(SINGLE_LINE_SOURCE);
const SINGLE_LINE_REPLACE = new RegExp(SINGLE_LINE_SOURCE, 'g');
const MULTILINE_TEST = new RegExp(MULTILINE_SOURCE);
const MULTILINE_REPLACE = new RegExp(MULTILINE_SOURCE, 'g');

const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0');

function escapeUnit(match: string): string {
	if (match.length === 2) {
		if (match === '\r\n') {
			return '\n';
		}

		// A tag character: a valid surrogate pair, shown by code point.
		return `\\u{${hex(match.codePointAt(0) ?? 0, 5)}}`;
	}

	const code = match.charCodeAt(0);
	switch (code) {
		case 0x09: {
			return '\\t';
		}

		case 0x0a: {
			return '\\n';
		}

		case 0x0d: {
			return '\\r';
		}

		default: {
			return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
		}
	}
}

export function sanitize(value: Untrusted | string, options?: SanitizeOptions): SafeText {
	// The one place that reads an Untrusted value as the string it is at run time.
	const full = value as unknown as string;
	if (options?.whole !== true && full.length > FIELD_LIMIT) {
		// Not between the halves of a surrogate pair: a lone half would show as an escape it is not.
		const end = /[\ud800-\udbff]/.test(full.charAt(FIELD_LIMIT - 1)) ? FIELD_LIMIT - 1 : FIELD_LIMIT;
		return `${escape(full.slice(0, end), options)}${moreMarker(full.length - end)}` as SafeText;
	}

	return escape(full, options) as SafeText;
}

function escape(text: string, options: SanitizeOptions | undefined): string {
	if (options?.multiline) {
		return MULTILINE_TEST.test(text) ? text.replace(MULTILINE_REPLACE, escapeUnit) : text;
	}

	return SINGLE_LINE_TEST.test(text) ? text.replace(SINGLE_LINE_REPLACE, escapeUnit) : text;
}

/**
 * One field of a one-record-per-line output (TSV, `--plain`): tabs and line breaks are escaped like
 * every other control, so a field can never split a record or shift a column. `null`/`undefined`
 * become the empty field.
 */
export function sanitizeForTsv(value: Untrusted | string | number | bigint | boolean | null | undefined): SafeText {
	if (value === null || value === undefined) {
		return '' as SafeText;
	}

	return typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean'
		? (String(value) as SafeText)
		: sanitize(value, {whole: true});
}
