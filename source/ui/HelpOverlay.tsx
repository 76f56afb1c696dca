import {Box, Text} from 'ink';
import React from 'react';
import {BINDINGS, type Mode} from '../keys/keymap.js';
import type {Theme} from '../terminal/theme.js';

const MODE_TITLES: Record<Mode, string> = {
	browse: 'Browsing records',
	filter: 'Status filter list',
	help: 'This help',
	find: 'Find',
};

/** Every key of the key map, grouped by the mode it works in. */
export function HelpOverlay({width, height, theme}: {width: number; height: number; theme: Theme}) {
	const labelWidth = Math.max(...BINDINGS.map(binding => binding.label.length)) + 2;
	const lines: React.ReactNode[] = [];
	for (const mode of Object.keys(MODE_TITLES) as Mode[]) {
		const bindings = BINDINGS.filter(binding => binding.modes[0] === mode);
		if (bindings.length === 0) {
			continue;
		}

		lines.push(
			<Text key={`title-${mode}`} {...theme.style('title')}>
				{MODE_TITLES[mode]}
			</Text>,
		);
		for (const binding of bindings) {
			lines.push(
				<Text key={binding.command} wrap="truncate">
					<Text {...theme.style('key')}>{`  ${binding.label.padEnd(labelWidth)}`}</Text>
					<Text>{binding.help}</Text>
				</Text>,
			);
		}
	}

	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text {...theme.style('title')}>Keys — ? or Esc closes this help</Text>
			{lines}
		</Box>
	);
}
