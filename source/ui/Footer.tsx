import {Text} from 'ink';
import React, {memo} from 'react';
import {footerHints, type Mode} from '../keys/keymap.js';
import type {Theme} from '../terminal/theme.js';

/** The keys that work right now, from the key map. */
function FooterImpl({mode, width, theme}: {mode: Mode; width: number; theme: Theme}) {
	const hints = footerHints(mode);
	const parts: React.ReactNode[] = [];
	let used = 0;
	for (const [index, hint] of hints.entries()) {
		const length = hint.label.length + 1 + hint.text.length + 2;
		if (used + length > width) {
			break;
		}

		used += length;
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
