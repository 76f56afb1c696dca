import {Text} from 'ink';
import type React from 'react';
import {memo} from 'react';
import {footerHints, type Command, type Mode} from '../keys/keymap.js';
import type {ViewError} from '../store/records.js';
import type {Theme} from '../terminal/theme.js';
import {worksAfter} from './errorLine.js';

type Hint = {readonly label: string; readonly text: string};

const hintWidth = (hint: Hint, gap: number) => hint.label.length + 1 + hint.text.length + gap;

// Arrow keys are the ones people try first anyway: where not every hint fits, they make room first.
const ARROWS = /^[↑↓←→]+$/;

/**
 * The hints that fit in `width`, in key-map order: all of them two spaces apart where they fit; else one
 * space apart, help and quit always, the arrows' hints last, the others in key-map order while they fit.
 */
export function fitHints(all: readonly Hint[], width: number): {hints: Hint[]; gap: number} {
	if (all.reduce((sum, hint) => sum + hintWidth(hint, 2), 0) <= width) {
		return {hints: [...all], gap: 2};
	}

	const always = all.filter(hint => hint.text === 'help' || hint.text === 'quit');
	const rest = all.filter(hint => !always.includes(hint));
	const byPriority = [
		...rest.filter(hint => !ARROWS.test(hint.label)),
		...rest.filter(hint => ARROWS.test(hint.label)),
	];
	let room = width - always.reduce((sum, hint) => sum + hintWidth(hint, 1), 0);
	const kept = new Set<Hint>(always);
	for (const hint of byPriority) {
		if (hintWidth(hint, 1) <= room) {
			room -= hintWidth(hint, 1);
			kept.add(hint);
		}
	}

	return {hints: all.filter(hint => kept.has(hint)), gap: 1};
}

export interface FooterProps {
	readonly mode: Mode;
	readonly width: number;
	readonly theme: Theme;
	/** The failure on screen, if any: `r` is offered only when asking again can help (errorLine.ts). */
	readonly error?: ViewError | null;
	/** Keys of the mode that do nothing right now (e.g. Enter with no row); keep the array constant. */
	readonly idle?: readonly Command[];
}

/** The keys that work right now, from the key map. */
function FooterImpl({mode, width, theme, error, idle}: FooterProps) {
	const works = (command: Command) => worksAfter(error, command) && !idle?.includes(command);
	const {hints, gap} = fitHints(footerHints(mode, works), width);
	const parts: React.ReactNode[] = [];
	for (const [index, hint] of hints.entries()) {
		parts.push(
			<Text key={index}>
				<Text {...theme.style('key')}>{hint.label}</Text>
				<Text {...theme.style('dim')}>{` ${hint.text}${' '.repeat(gap)}`}</Text>
			</Text>,
		);
	}

	return <Text wrap="truncate">{parts}</Text>;
}

export const Footer = memo(FooterImpl);
