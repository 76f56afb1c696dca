import {Box, Text} from 'ink';
import React from 'react';
import {BINDINGS, type Mode} from '../keys/keymap.js';
import type {Theme} from '../terminal/theme.js';
import {fit} from '../terminal/width.js';

const MODE_TITLES: Record<Mode, string> = {
	browse: 'Records',
	picker: 'Job list',
	filter: 'Status filter list',
	find: 'Find',
	breakdown: 'Error breakdown',
	help: 'This help',
};

type HelpLine = {kind: 'title'; text: string} | {kind: 'key'; label: string; text: string};

function helpLines(): HelpLine[] {
	const lines: HelpLine[] = [];
	for (const mode of Object.keys(MODE_TITLES) as Mode[]) {
		const bindings = BINDINGS.filter(binding => binding.modes[0] === mode && binding.command !== 'closeHelp');
		if (bindings.length > 0) {
			lines.push({kind: 'title', text: MODE_TITLES[mode]});
			lines.push(...bindings.map(binding => ({kind: 'key' as const, label: binding.label, text: binding.help})));
		}
	}

	return lines;
}

/** Every key of the key map, grouped by where it works; in columns when it does not fit in one. */
export function HelpOverlay({width, height, theme}: {width: number; height: number; theme: Theme}) {
	const lines = helpLines();
	const rows = Math.max(1, height - 1);
	const columnCount = Math.ceil(lines.length / rows);
	const columnWidth = Math.floor(width / columnCount);
	const labelWidth = Math.max(...BINDINGS.map(binding => binding.label.length)) + 1;
	const columns = Array.from({length: columnCount}, (_, index) => lines.slice(index * rows, (index + 1) * rows));
	return (
		<Box flexDirection="column" width={width} height={height} overflow="hidden">
			<Text {...theme.style('title')}>Keys — ? or Esc closes this help</Text>
			<Box flexDirection="row">
				{columns.map((column, columnIndex) => (
					// eslint-disable-next-line react/no-array-index-key
					<Box key={columnIndex} flexDirection="column" width={columnWidth} flexShrink={0}>
						{column.map((line, index) =>
							line.kind === 'title' ? (
								// eslint-disable-next-line react/no-array-index-key
								<Text key={index} {...theme.style('heading')} wrap="truncate">
									{fit(line.text, columnWidth - 1)}
								</Text>
							) : (
								// eslint-disable-next-line react/no-array-index-key
								<Text key={index} wrap="truncate">
									<Text {...theme.style('key')}>{` ${line.label.padEnd(labelWidth)}`}</Text>
									<Text>{fit(line.text, Math.max(1, columnWidth - labelWidth - 2))}</Text>
								</Text>
							),
						)}
					</Box>
				))}
			</Box>
		</Box>
	);
}
