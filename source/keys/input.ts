import type {Key} from 'ink';
import {commandFor, FIELD_OPENERS, isTextMode, type Command, type CommandOf, type Mode} from './keymap.js';

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
 * A key press as the app gets it: Ink's, or a whole bracketed paste (`paste`), which the terminal
 * marked as pasted (terminal/terminalInput.ts) and which is text, never keys.
 */
export interface Press extends Key {
	readonly paste?: true;
}

/** What a bracketed paste comes with (its text is the input). */
export const PASTED: Press = {...PLAIN_KEY, paste: true};

/**
 * Longer than this, one read is a paste, not keys typed ahead: in a list it is ignored, so pasting a
 * line that happens to contain q never quits. For terminals that do not bracket pastes (or with the
 * mode off); a bracketed paste is known for one whatever its length.
 */
export const PASTE_LENGTH = 16;

/**
 * Whether this read is pasted text. A held key over a slow link (SSH, a busy machine) arrives as one
 * long read of that one character, often with the next key pressed at its end (`j` held, then `q`):
 * that is typing, not a paste, so it moves and quits instead of being dropped as pasted text. Pasted
 * text has more than two characters.
 */
export function isPaste(input: string, key: Press): boolean {
	return key.paste === true || (input.length > PASTE_LENGTH && new Set(input).size > 2);
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
				// Ctrl+letter typed ahead (Ctrl+U, Ctrl+W, Ctrl+C) is its control byte: the key Ink names alone.
				const code = character.codePointAt(0) ?? 0;
				return code >= 1 && code <= 26
					? [String.fromCodePoint(code + 96), {...PLAIN_KEY, ctrl: true}]
					: [character, PLAIN_KEY];
			}
		}
	});
}

export interface KeyHandlers<M extends Mode> {
	/** The mode now: read again before each key press, since a command can change it. */
	mode(): M;
	command(command: CommandOf<M>): void;
	/** Text typed into the field of a text mode (a run of characters from one read comes as one). */
	type?(text: string): void;
	/** A paste where no field takes it: nothing of it ran. */
	ignoredPaste?(): void;
	/**
	 * Asked first for each key press: true when the screen keeps it for later (keys typed after Enter
	 * while the job it opens is still being found), so it neither runs nor is typed now.
	 */
	hold?(character: string, press: Press, command: CommandOf<M> | undefined): boolean;
}

/**
 * One read from the terminal, key press by key press: each press runs the command the key map gives it in
 * the mode of that moment; in a mode with a text field, a press that is no command is typed into it. So
 * `/abc` typed ahead in one read opens the find bar and types `abc` into it.
 *
 * A bracketed paste is text and nothing else: typed whole into the field that has focus (store/field.ts
 * makes it one line), ignored anywhere else. A long read from a terminal that does not bracket pastes is
 * taken for a paste too, but it could be keys typed ahead: outside a field only a first key that opens
 * one is taken (`/` and then the rest typed into the find bar), and once its field closes (the paste's
 * line break is Enter) the rest is dropped. A pasted line with a q in it never quits.
 */
export function runKeys<M extends Mode>(input: string, key: Press, handlers: KeyHandlers<M>): void {
	if (key.paste) {
		if (handlers.hold?.(input, key, undefined)) {
			return;
		}

		if (isTextMode(handlers.mode())) {
			handlers.type?.(input);
		} else {
			handlers.ignoredPaste?.();
		}

		return;
	}

	const paste = isPaste(input, key);
	let typed = '';
	const flush = () => {
		if (typed !== '') {
			const text = typed;
			typed = '';
			handlers.type?.(text);
		}
	};

	for (const [index, [character, press]] of splitKeys(input, key).entries()) {
		const mode = handlers.mode();
		const command = commandFor(mode, character, press);
		if (paste && !isTextMode(mode)) {
			if (index === 0 && command !== undefined && (FIELD_OPENERS as readonly Command[]).includes(command)) {
				handlers.command(command);
				continue;
			}

			if (index === 0) {
				handlers.ignoredPaste?.();
			}

			break;
		}

		if (handlers.hold?.(character, press, command)) {
			continue;
		}

		if (command) {
			flush();
			handlers.command(command);
		} else if (isTextMode(mode) && !press.ctrl && !press.meta) {
			typed += character;
		}
	}

	flush();
}
