// The one way a line reaches stderr (and the plain-text lines of the auth commands on stdout): the
// token and any piece of it redacted (text/redact.ts), then sanitised into one line with no control,
// escape, bidi or invisible character, whatever the line quotes (a server's reason phrase, a path, an
// argument), and in ASCII where the locale is not UTF-8, as the screen is (ascii.ts). Lint keeps
// `stderr.write` out of the rest of source/ (eslint.config.js).
import process from 'node:process';
import {redact} from '../text/redact.js';
import {sanitize} from '../text/sanitize.js';
import {asciiLine, localeIsUtf8} from './ascii.js';

export const PROGRAM = 'ecore-records';

export interface LineOutput {
	write(chunk: string): unknown;
}

const ERASE_LINE = '\r\u001b[2K';

/** Text as the terminal's character set can show it; the locale is read each time (a test sets it). */
function inCharset(text: string): string {
	return localeIsUtf8(process.env) ? text : asciiLine(text);
}

/** Writes `text` as one line (`multiline`: its own line breaks kept, for a stack trace), then a line break. */
export function writeLine(output: LineOutput, text: string, options?: {multiline?: boolean}): void {
	output.write(`${inCharset(sanitize(redact(text), options))}\n`);
}

/** A progress line redrawn in place at a terminal: the line erased, then `text`, the cursor left after it. */
export function redrawLine(output: LineOutput, text: string): void {
	output.write(`${ERASE_LINE}${inCharset(sanitize(redact(text)))}`);
}

/** Erases the line `redrawLine` drew, leaving the cursor at the start of an empty line. */
export function eraseLine(output: LineOutput): void {
	output.write(ERASE_LINE);
}

/** `ecore-records: <message>` on one line: how the program reports a failure. */
export function complain(output: LineOutput, message: string): void {
	writeLine(output, `${PROGRAM}: ${message}`);
}

/** A writer of lines for one stream. */
export function lineWriter(output: LineOutput): (text: string) => void {
	return text => {
		writeLine(output, text);
	};
}
