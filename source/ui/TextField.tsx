import {Text} from 'ink';
import {sanitize} from '../text/sanitize.js';
import type {Theme} from '../terminal/theme.js';
import {displayWidth, truncate} from '../terminal/width.js';

export interface TextFieldProps {
	/** What is typed (from a controller's store: the keys edit it there, not here). */
	readonly value: string;
	/** Shown instead of each character (the token). */
	readonly mask?: string;
	/** Shown dim while nothing is typed. */
	readonly placeholder?: string;
	/** Shows the cursor. */
	readonly focus: boolean;
	/** Columns the field may use, its cursor included. */
	readonly width: number;
	readonly theme: Theme;
}

/**
 * One line of typed text with a block cursor at its end. A value too long for the line shows its end,
 * where the typing is.
 */
export function TextField({value, mask, placeholder, focus, width, theme}: TextFieldProps) {
	const room = Math.max(1, width - (focus ? 1 : 0));
	const cursor = focus ? <Text inverse> </Text> : null;
	if (value === '') {
		return (
			<Text wrap="truncate">
				{cursor}
				{placeholder ? <Text {...theme.style('dim')}>{truncate(placeholder, room - 1)}</Text> : null}
			</Text>
		);
	}

	const shown = mask === undefined ? sanitize(value) : mask.repeat([...value].length);
	return (
		<Text wrap="truncate">
			{tail(shown, room)}
			{cursor}
		</Text>
	);
}

/** The end of `text` that fits `width` columns, with `…` where its start was cut. */
function tail(text: string, width: number): string {
	if (displayWidth(text) <= width) {
		return text;
	}

	const characters = [...text];
	let kept = '';
	for (let index = characters.length - 1; index >= 0; index--) {
		const next = `${characters[index]}${kept}`;
		if (displayWidth(next) > width - 1) {
			break;
		}

		kept = next;
	}

	return `…${kept}`;
}
