import {Text} from 'ink';
import type React from 'react';
import {memo} from 'react';
import {footerHints, type Mode} from '../keys/keymap.js';
import type {Theme} from '../terminal/theme.js';

/** The keys that work right now, from the key map. */
function FooterImpl({mode, width, theme}: {mode: Mode; width: number; theme: Theme}) {
	const all = footerHints(mode);
	// Help and quit always show; the others fill what is left, in key-map order.
	const always = all.filter(hint => hint.text === 'help' || hint.text === 'quit');
	const size = (hint: {label: string; text: string}) => hint.label.length + 1 + hint.text.length + 2;
	let room = width - always.reduce((sum, hint) => sum + size(hint), 0);
	const hints = [
		...all.filter(hint => {
			if (always.includes(hint) || size(hint) > room) {
				return false;
			}

			room -= size(hint);
			return true;
		}),
		...always,
	];
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
