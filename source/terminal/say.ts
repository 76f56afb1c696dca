// The one way a line reaches stderr (and the plain-text lines of the auth commands on stdout): the
// token and any piece of it redacted (text/redact.ts), then sanitised into one line with no control,
// escape, bidi or invisible character, whatever the line quotes (a server's reason phrase, a path, an
// argument). Lint keeps `stderr.write` out of the rest of source/ (eslint.config.js).
import {redact} from '../text/redact.js';
import {sanitize} from '../text/sanitize.js';

export const PROGRAM = 'ecore-records';

export interface LineOutput {
	write(chunk: string): unknown;
}

/** Writes `text` as one line (`multiline`: its own line breaks kept, for a stack trace), then a line break. */
export function writeLine(output: LineOutput, text: string, options?: {multiline?: boolean}): void {
	output.write(`${sanitize(redact(text), options)}\n`);
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
