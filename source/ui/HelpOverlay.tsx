import {Box, Text} from 'ink';
import {BINDINGS, type Mode} from '../keys/keymap.js';
import type {Theme} from '../terminal/theme.js';
import {fit} from '../terminal/width.js';

const MODE_TITLES: Record<Mode, string> = {
	browse: 'Records',
	picker: 'Job list',
	filter: 'Status filter list',
	find: 'Find',
	token: 'API token',
	breakdown: 'Error breakdown',
	help: 'This help',
};

type HelpLine = {kind: 'title'; text: string} | {kind: 'key'; label: string; text: string};

/** The lists a help opened from a mode talks about. */
const RELATED: Partial<Record<Mode, Mode[]>> = {
	browse: ['browse', 'filter', 'find'],
	picker: ['picker'],
	breakdown: ['breakdown'],
};

const STATUS_KEYS = new Set([
	'filterPending',
	'filterValid',
	'filterInvalid',
	'filterUnknown',
	'filterError',
	'filterAll',
]);

function helpLines(from: Mode): HelpLine[] {
	const lines: HelpLine[] = [];
	const shown = new Set<string>();
	for (const mode of RELATED[from] ?? (Object.keys(MODE_TITLES) as Mode[])) {
		// Bindings shared by several lists are listed once, under the first; the six status keys as one line.
		const bindings = BINDINGS.filter(
			binding => binding.modes.includes(mode) && binding.command !== 'closeHelp' && !shown.has(binding.command),
		);
		if (bindings.length === 0) {
			continue;
		}

		lines.push({kind: 'title', text: MODE_TITLES[mode]});
		for (const binding of bindings) {
			shown.add(binding.command);
			if (STATUS_KEYS.has(binding.command)) {
				if (binding.command === 'filterPending') {
					lines.push({kind: 'key', label: '1–6', text: 'Pending…All (5 = Error)'});
				}

				continue;
			}

			lines.push({kind: 'key', label: binding.label, text: binding.help});
		}
	}

	return lines;
}

/** Every key of the key map, grouped by where it works; in columns when it does not fit in one. */
export function HelpOverlay({width, height, theme, from}: {width: number; height: number; theme: Theme; from: Mode}) {
	const lines = helpLines(from);
	const rows = Math.max(1, height - 1);
	const columnCount = Math.ceil(lines.length / rows);
	const columnWidth = Math.floor(width / columnCount);
	const labelWidth = Math.max(...BINDINGS.map(binding => binding.label.length)) + 1;
	const columns = Array.from({length: columnCount}, (_, index) => lines.slice(index * rows, (index + 1) * rows));
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text {...theme.style('title')}>Keys — ? or Esc closes this help</Text>
			<Box flexDirection="row">
				{columns.map((column, columnIndex) => (
					<Box key={columnIndex} flexDirection="column" width={columnWidth} flexShrink={0}>
						{column.map((line, index) =>
							line.kind === 'title' ? (
								<Text key={index} {...theme.style('heading')} wrap="truncate">
									{fit(line.text, columnWidth - 1)}
								</Text>
							) : (
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
