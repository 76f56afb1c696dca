// What the terminal sends that is not keys, told apart from keys before Ink parses anything: a bracketed
// paste (the full screen turns the mode on, screen.ts) comes out whole as one piece of text, however many
// reads it takes, and the reports a terminal sends unasked are dropped. Ink 6.8 knows neither: it hands
// `ESC [200~` and `ESC [201~` over as the keys `[200~` and `[201~`, typed into a field or run one
// character at a time, a focus report `ESC [O` as the text `[O`, and a colour reply
// `ESC ]11;rgb:…ESC \` as Alt+] followed by its text.
//
// Pure: reads go in, pieces come out in order. The stream around it (inkStdin.ts) keeps the clock: what
// is held at the end of a read (a paste without its end, the start of a sequence) is let go with `flush`
// when nothing more comes.

const ESC = '\u001B';
export const PASTE_START = `${ESC}[200~`;
export const PASTE_END = `${ESC}[201~`;
export const BRACKETED_PASTE_ON = `${ESC}[?2004h`;
export const BRACKETED_PASTE_OFF = `${ESC}[?2004l`;

/**
 * A paste whose end marker never comes (the terminal dropped it, a program wrote a stray start) ends
 * after this long with no byte from the terminal. Long enough that a big paste trickling in over a slow
 * SSH link is not cut in two (whose rest would then be read as keys); what is typed meanwhile goes into
 * the paste, never runs.
 */
export const PASTE_SILENCE_MS = 1000;

/** An escape sequence cut between two reads waits this long for its rest, then goes on as it is. */
export const SEQUENCE_WAIT_MS = 50;

/** Kept of one paste (every field is one line, far shorter); the rest is read to its end and dropped. */
export const PASTE_MAX_LENGTH = 16_384;

/** A CSI sequence longer than this is no report: its start is handed on as keys. */
const SEQUENCE_MAX_LENGTH = 64;

export type InputPiece =
	{readonly kind: 'keys'; readonly text: string} | {readonly kind: 'paste'; readonly text: string};

/**
 * The reports a terminal sends without the app asking (a mode another program left on, an answer to
 * someone else's query arriving late), as CSI parameters + final byte. None is a key Ink names.
 */
const REPORTS: ReadonlyArray<{readonly what: string; readonly pattern: RegExp}> = [
	// Focus in/out (mode 1004).
	{what: 'focus', pattern: /^[IO]$/},
	// Cursor position (CPR, DECXCPR). Shift+F3 in xterm is `1;2R` too: Ink does not name it either.
	{what: 'cursor position', pattern: /^\??\d+;\d+(?:;\d+)?R$/},
	// Device attributes: primary, secondary, tertiary.
	{what: 'device attributes', pattern: /^[?>=][\d;]*c$/},
	// Mouse: SGR (1006) presses and releases, urxvt (1015).
	{what: 'mouse', pattern: /^<\d+;\d+;\d+[Mm]$/},
	{what: 'mouse', pattern: /^\d+;\d+;\d+M$/},
	// Kitty keyboard flags, DEC private and ANSI mode reports, window size/state reports.
	{what: 'keyboard flags', pattern: /^\?[\d;]*u$/},
	{what: 'mode', pattern: /^\??[\d;]*\$y$/},
	{what: 'window', pattern: /^\d+(?:;\d+)*t$/},
	// A paste's end with no paste open: a stray marker, never the text `[201~`.
	{what: 'paste end', pattern: /^201~$/},
];

type Sequence =
	| {readonly kind: 'pasteStart'; readonly length: number}
	| {readonly kind: 'report'; readonly length: number}
	/** Could still become one of ours: wait for the next read. */
	| {readonly kind: 'partial'}
	/** Not ours: keys, for Ink to name. */
	| undefined;

const isParameter = (code: number) => code >= 0x30 && code <= 0x3f;
const isIntermediate = (code: number) => code >= 0x20 && code <= 0x2f;
const isFinal = (code: number) => code >= 0x40 && code <= 0x7e;

/**
 * The string sequences a terminal answers queries with (another program's, or a late answer to one),
 * by introducer: OSC (`ESC ]11;rgb:…`, colours, the clipboard), DCS (`ESC P1$r…`, `ESC P>|xterm(390)`,
 * `ESC P1+r…`) and APC (kitty's `ESC _Gi=1;OK`), with how their text starts. Anything else after the
 * introducer is Alt+] / Alt+P / Alt+_ and what follows: keys.
 */
const STRING_REPORTS: Readonly<Record<string, RegExp>> = {
	']': /^\d/,
	P: /^[\d>!=]/,
	_: /^G/,
};

/** A reply longer than this is no reply: its start is handed on as keys. */
const STRING_MAX_LENGTH = 4096;

const BEL = '\u0007';

/** What the string sequence at the start of `text` (ESC and an introducer of STRING_REPORTS) is. */
function stringAt(text: string, start: RegExp): Sequence {
	if (text.length > 2 && !start.test(text.slice(2, 3))) {
		return undefined;
	}

	const limit = Math.min(text.length, STRING_MAX_LENGTH);
	for (let index = 2; index < limit; index++) {
		const character = text[index]!;
		// OSC may also end with BEL (xterm answers in the form it was asked in).
		if (character === BEL && text[1] === ']') {
			return {kind: 'report', length: index + 1};
		}

		if (character === ESC) {
			if (index + 1 === text.length) {
				return {kind: 'partial'};
			}

			return text[index + 1] === '\\' ? {kind: 'report', length: index + 2} : undefined;
		}

		// No reply holds a control character: Enter, Tab, Ctrl+C typed after Alt+] are keys.
		if (character < ' ' || character === '\u007f') {
			return undefined;
		}
	}

	return text.length < STRING_MAX_LENGTH ? {kind: 'partial'} : undefined;
}

/** What the escape sequence at the start of `text` (which starts with ESC) is. */
function sequenceAt(text: string): Sequence {
	const introducer = text[1];
	const string = introducer === undefined ? undefined : STRING_REPORTS[introducer];
	if (string !== undefined) {
		return stringAt(text, string);
	}

	// A lone ESC is the Esc key (Ink tells it from Alt+key itself), ESC + anything but `[` is Alt+key
	// or an SS3 key: Ink's.
	if (text.length < 2 || text[1] !== '[') {
		return undefined;
	}

	let index = 2;
	// Ink's legacy `ESC [[A` (F1 on the Linux console) and its like.
	if (text[index] === '[') {
		return undefined;
	}

	while (index < text.length && isParameter(text.codePointAt(index)!)) {
		index++;
	}

	while (index < text.length && isIntermediate(text.codePointAt(index)!)) {
		index++;
	}

	if (index >= text.length) {
		return index < SEQUENCE_MAX_LENGTH ? {kind: 'partial'} : undefined;
	}

	if (!isFinal(text.codePointAt(index)!)) {
		return undefined;
	}

	const body = text.slice(2, index + 1);
	const length = index + 1;
	if (body === '200~') {
		return {kind: 'pasteStart', length};
	}

	// A mouse report in the X10 form (modes 1000–1003 without 1006): `ESC [M` and three characters.
	if (body === 'M') {
		// Three code points take at most six UTF-16 units.
		const coordinates = [...text.slice(length, length + 6)].slice(0, 3);
		return coordinates.length < 3 ? {kind: 'partial'} : {kind: 'report', length: length + coordinates.join('').length};
	}

	return REPORTS.some(report => report.pattern.test(body)) ? {kind: 'report', length} : undefined;
}

/** How many characters at the end of `text` could be the start of `marker` (never all of it). */
function markerStartAtEnd(text: string, marker: string): number {
	for (let length = Math.min(marker.length - 1, text.length); length > 0; length--) {
		if (marker.startsWith(text.slice(-length))) {
			return length;
		}
	}

	return 0;
}

/** Reads from the terminal in, keys and pastes out, in the order they were sent. */
export class InputFramer {
	/** Outside a paste: the start of a sequence that ended the last read. In a paste: a possible start of its end. */
	#held = '';
	/** The paste being read (its first PASTE_MAX_LENGTH characters), or undefined outside one. */
	#paste: string | undefined;
	/**
	 * The last read ended with ESC, handed on at once (the Esc key must not wait), so a sequence cut just
	 * after its ESC (`ESC` | `[200~…`) is known by the rest: its ESC has gone to Ink already.
	 */
	#escapeGone = false;

	/** What is held for the next read, so how long it may wait (inkStdin.ts). */
	get holding(): 'paste' | 'sequence' | undefined {
		if (this.#paste !== undefined) {
			return 'paste';
		}

		return this.#held === '' && !this.#escapeGone ? undefined : 'sequence';
	}

	/** One read: the keys and pastes it completes. */
	push(chunk: string): InputPiece[] {
		let input = this.#held === '' && this.#escapeGone ? ESC + chunk : this.#held + chunk;
		let escapeGone = this.#escapeGone;
		this.#held = '';
		this.#escapeGone = false;
		const pieces: InputPiece[] = [];
		let keys = '';
		const endKeys = () => {
			if (keys !== '') {
				pieces.push({kind: 'keys', text: keys});
				keys = '';
			}
		};

		while (input !== '') {
			if (this.#paste !== undefined) {
				const end = input.indexOf(PASTE_END);
				if (end === -1) {
					const held = markerStartAtEnd(input, PASTE_END);
					this.#addToPaste(input.slice(0, input.length - held));
					this.#held = input.slice(input.length - held);
					break;
				}

				this.#addToPaste(input.slice(0, end));
				pieces.push({kind: 'paste', text: this.#paste});
				this.#paste = undefined;
				input = input.slice(end + PASTE_END.length);
				continue;
			}

			const escape = input.indexOf(ESC);
			if (escape === -1) {
				keys += input;
				break;
			}

			keys += input.slice(0, escape);
			input = input.slice(escape);
			// Only the very first ESC can be one Ink has already.
			const gone = escapeGone && escape === 0;
			escapeGone = false;
			const sequence = sequenceAt(input);
			if (sequence === undefined) {
				if (!gone) {
					keys += ESC;
				}

				this.#escapeGone = input.length === 1;
				input = input.slice(1);
				continue;
			}

			if (sequence.kind === 'partial') {
				this.#held = input;
				this.#escapeGone = gone;
				break;
			}

			if (sequence.kind === 'pasteStart') {
				endKeys();
				this.#paste = '';
			}

			input = input.slice(sequence.length);
		}

		endKeys();
		return pieces;
	}

	/** Nothing more came: a paste ends with what it has, the start of a sequence goes on as keys. */
	flush(): InputPiece[] {
		const held = this.#escapeGone ? this.#held.slice(1) : this.#held;
		this.#held = '';
		this.#escapeGone = false;
		if (this.#paste !== undefined) {
			this.#addToPaste(held);
			const text = this.#paste;
			this.#paste = undefined;
			return [{kind: 'paste', text}];
		}

		return held === '' ? [] : [{kind: 'keys', text: held}];
	}

	#addToPaste(text: string): void {
		const paste = this.#paste ?? '';
		this.#paste = paste.length >= PASTE_MAX_LENGTH ? paste : paste + text.slice(0, PASTE_MAX_LENGTH - paste.length);
	}
}
