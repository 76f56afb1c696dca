// The one redaction of secrets for the whole program. Every token the program is handed (flag,
// environment, config file, standard input, the token screen, a client's own) is remembered here where
// it enters, and every sentence a person or a log can see passes through `redact`: API errors (before
// any truncation, so a cut cannot leave most of a token behind), the auth commands' output and every
// line of stderr (terminal/say.ts).
//
// Any piece of 8 or more characters of a token counts as the token: a server that echoes it in a
// reason phrase, a truncated `detail` or a usage error quoting it shows `[token]` instead, never 35
// of its 41 characters.

export const REDACTED = '[token]';

/** Pieces shorter than this are too common in text to stand for the token (and too short to use). */
export const MIN_PIECE = 8;
/** Secrets shorter than this are not worth redacting (and would hide ordinary words). */
const MIN_SECRET = 4;

interface Secret {
	readonly text: string;
	/** Every piece of MIN_PIECE characters of the token. */
	readonly pieces: ReadonlySet<string>;
}

const secrets = new Map<string, Secret>();

/** Remembers a token (trimmed) so that no output shows it or a piece of it. */
export function rememberSecret(value: string | undefined): void {
	const text = value?.trim();
	if (text === undefined || text.length < MIN_SECRET || secrets.has(text)) {
		return;
	}

	const pieces = new Set<string>();
	for (let index = 0; index + MIN_PIECE <= text.length; index++) {
		pieces.add(text.slice(index, index + MIN_PIECE));
	}

	secrets.set(text, {text, pieces});
}

/** The parts of `text` ([start, end) ranges, sorted, merged) that hold a remembered secret or a piece of one. */
function secretRanges(text: string): Array<[number, number]> {
	const ranges: Array<[number, number]> = [];
	for (const secret of secrets.values()) {
		if (secret.pieces.size === 0) {
			// A short token: only the whole of it.
			for (let at = text.indexOf(secret.text); at !== -1; at = text.indexOf(secret.text, at + 1)) {
				ranges.push([at, at + secret.text.length]);
			}

			continue;
		}

		for (let index = 0; index + MIN_PIECE <= text.length; index++) {
			if (secret.pieces.has(text.slice(index, index + MIN_PIECE))) {
				ranges.push([index, index + MIN_PIECE]);
			}
		}
	}

	ranges.sort((a, b) => a[0] - b[0]);
	const merged: Array<[number, number]> = [];
	for (const range of ranges) {
		const last = merged.at(-1);
		if (last && range[0] <= last[1]) {
			last[1] = Math.max(last[1], range[1]);
		} else {
			merged.push([range[0], range[1]]);
		}
	}

	return merged;
}

/** `text` with every remembered token, and every piece of 8 or more characters of one, replaced by `[token]`. */
export function redact(text: string): string {
	if (secrets.size === 0 || text.length < MIN_SECRET) {
		return text;
	}

	const ranges = secretRanges(text);
	if (ranges.length === 0) {
		return text;
	}

	let result = '';
	let position = 0;
	for (const [start, end] of ranges) {
		result += text.slice(position, start) + REDACTED;
		position = end;
	}

	return result + text.slice(position);
}

/**
 * The first `max` characters of `text` as they will be shown, redacted first: redacting after a cut
 * would miss a token the cut left only part of. Only a window of the text is read, so a 30 MB body
 * costs what its start does.
 */
export function redactThenCut(text: string, max: number): {text: string; cut: boolean} {
	let longest = 0;
	for (const secret of secrets.values()) {
		longest = Math.max(longest, secret.text.length);
	}

	// Any token that starts within the first `max` characters ends within this window.
	const window = text.length > max + longest ? text.slice(0, max + longest) : text;
	const redacted = redact(window);
	const cut = redacted.length > max || window.length < text.length;
	return {text: cut ? redacted.slice(0, max) : redacted, cut};
}
