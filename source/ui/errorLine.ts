// The line that says a request failed: the sentence, then the keys that work there (always shown: the
// sentence gives way). `r` only where asking again can help (ApiError.retryable): never on a 404.
import {hintsFor, type Command} from '../keys/keymap.js';
import type {ViewError} from '../store/records.js';
import {sanitize} from '../text/sanitize.js';
import {displayWidth, truncate} from '../terminal/width.js';

/**
 * Whether a key is worth offering after `error` (none: every key is): `r` only where asking again can
 * help. The error line and the footer both ask this, so they cannot disagree.
 */
export function worksAfter(error: ViewError | null | undefined, command: Command): boolean {
	return command !== 'reload' || !error || error.retryable;
}

/** `✖ <sentence>  r reload  b jobs  q quit` in `width` columns, `reload` left out when retrying cannot help. */
export function errorLine(error: ViewError, commands: readonly Command[], width: number): string {
	const offered = commands.filter(command => worksAfter(error, command));
	const keys = hintsFor(offered)
		.map(hint => `${hint.label} ${hint.text}`)
		.join('  ');
	const tail = keys === '' ? '' : `  ${keys}`;
	const room = Math.max(1, width - 2 - displayWidth(tail));
	return `✖ ${truncate(sanitize(error.message), room)}${tail}`;
}
