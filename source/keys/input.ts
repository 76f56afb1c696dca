import type {Key} from 'ink';

export const PLAIN_KEY: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

/**
 * Longer than this, one read is a paste, not keys typed ahead: in a list it is ignored, so pasting a
 * line that happens to contain q never quits.
 */
export const PASTE_LENGTH = 16;

export function isPaste(input: string): boolean {
	return input.length > PASTE_LENGTH;
}

/**
 * Over SSH several keys often arrive in one read, which Ink hands over as one string: in a list, each
 * character is its own key press. (Text fields take the string whole, as a paste.)
 */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
	if (input.length <= 1 || key.ctrl || key.meta) {
		return [[input, key]];
	}

	return [...input].map((character): [string, Key] => {
		// Inside such a run, Enter, Tab and Backspace come as their raw bytes.
		switch (character) {
			case '\r':
			case '\n': {
				return ['', {...PLAIN_KEY, return: true}];
			}

			case '\t': {
				return ['', {...PLAIN_KEY, tab: true}];
			}

			case '\u007f':
			case '\b': {
				return ['', {...PLAIN_KEY, backspace: true}];
			}

			default: {
				// Ctrl+letter (Ctrl+C among them) comes as its control byte, as Ink names it when alone.
				const code = character.codePointAt(0)!;
				return code >= 1 && code <= 26
					? [String.fromCodePoint(code + 96), {...PLAIN_KEY, ctrl: true}]
					: [character, PLAIN_KEY];
			}
		}
	});
}
