// One line of typed text (the find bars, the token), held in a controller's store: what typing, a paste,
// Backspace, Ctrl+W and Ctrl+U do to it. Pure, so the value a key leaves is there for the very next key,
// however fast keys come (a field that kept its own state would answer Enter with the value before).

import {graphemes} from '../text/graphemes.js';

/** An edit of a field: the key map names the commands; anything else typed is `type`. */
export type FieldEdit =
	| {readonly type: 'type'; readonly text: string}
	| {readonly type: 'deleteChar'}
	| {readonly type: 'deleteWord'}
	| {readonly type: 'clear'};

// C0 and C1 controls and DEL: escape bytes, a bell, a stray Ctrl key are not text of a one-line field.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const LINE_BREAKS_AT_ENDS = /^[\r\n]+|[\r\n]+$/g;
const BREAKS = /[\r\n\t]+/g;

/**
 * What typing (or pasting) `input` adds to a one-line field: its text without control characters. Keys
 * never bring a line break or a tab here (they are Enter and Tab); a paste can. One at either end is
 * dropped (a line copied whole ends with one, and a trailing space would make a find match nothing or a
 * token wrong); inside, each run becomes one space, so two pasted lines stay two words a person can
 * see and Ctrl+W away, instead of one made-up word. A pasted line break is never Enter.
 */
export function typedText(input: string): string {
	return input.replaceAll(LINE_BREAKS_AT_ENDS, '').replaceAll(BREAKS, ' ').replaceAll(CONTROL, '');
}

/** `text` without its last character as a person sees it (an emoji of several code points is one). */
function withoutLastCharacter(text: string): string {
	if (text === '') {
		return text;
	}

	let last = 0;
	for (const {index} of graphemes().segment(text)) {
		last = index;
	}

	return text.slice(0, last);
}

/** The start of `text` that is at most `max` code points long, never half a surrogate pair. */
function cut(text: string, max: number): string {
	if (text.length <= max) {
		return text;
	}

	return [...text].slice(0, max).join('');
}

/**
 * The field's value after an edit. Ctrl+W deletes back to the start of the word before the cursor (the
 * end), spaces after it included, as in a shell; a value longer than `maxLength` is cut there.
 */
export function editField(value: string, edit: FieldEdit, maxLength = Number.POSITIVE_INFINITY): string {
	switch (edit.type) {
		case 'type': {
			const text = typedText(edit.text);
			return text === '' || value.length >= maxLength ? value : cut(value + text, maxLength);
		}

		case 'deleteChar': {
			return withoutLastCharacter(value);
		}

		case 'deleteWord': {
			return value.replace(/\S*\s*$/u, '');
		}

		case 'clear': {
			return '';
		}
	}
}
