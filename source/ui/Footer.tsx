import {Text} from 'ink';
import type React from 'react';
import {memo} from 'react';
import {footerHints, type Mode} from '../keys/keymap.js';
import type {Theme} from '../terminal/theme.js';

type Hint = {readonly label: string; readonly text: string};

const hintWidth = (hint: Hint) => hint.label.length + 1 + hint.text.length + 2;

/** Help and quit always show; the others fill what is left, in key-map order. */
function fitHints(all: readonly Hint[], width: number): Hint[] {
	const always = all.filter(hint => hint.text === 'help' || hint.text === 'quit');
	let room = width - always.reduce((sum, hint) => sum + hintWidth(hint), 0);
	const fitted: Hint[] = [];
	for (const hint of all) {
		if (!always.includes(hint) && hintWidth(hint) <= room) {
			room -= hintWidth(hint);
			fitted.push(hint);
		}
	}

	return [...fitted, ...always];
}

/** The keys that work right now, from the key map. */
function FooterImpl({mode, width, theme}: {mode: Mode; width: number; theme: Theme}) {
	const hints = fitHints(footerHints(mode), width);
	const parts: React.ReactNode[] = [];
	for (const [index, hint] of hints.entries()) {
		parts.push(
			<Text key={index}>
				<Text {...theme.style('key')}>{hint.label}</Text>
				<Text {...theme.style('dim')}>{` ${hint.text}  `}</Text>
			</Text>,
		);
	}

	return <Text wrap="truncate">{parts}</Text>;
}

export const Footer = memo(FooterImpl);
