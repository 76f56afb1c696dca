import {Box, Text} from 'ink';
import {BINDINGS, type Mode} from '../keys/keymap.js';
import type {Theme} from '../terminal/theme.js';
import {fit, wrap} from '../terminal/width.js';

const MODE_TITLES: Record<Mode, string> = {
	browse: 'Records',
	picker: 'Job list',
	pickerFind: 'Finding a job',
	filter: 'Status filter list',
	find: 'Find',
	token: 'API token',
	breakdown: 'Error breakdown',
	confirm: 'Re-validate: confirm',
	confirmName: 'Re-validate: the list name',
	confirmWait: 'Re-validate: on its way',
	confirmFailed: 'Re-validate: not sent',
	confirmRejected: 'Re-validate: refused addresses',
	confirmUnknown: 'Re-validate: no answer',
	help: 'This help',
	export: 'ecore-records export, at a terminal',
};

type HelpLine = {kind: 'title'; text: string} | {kind: 'key'; label: string; text: string};

/** The lists a help opened from a mode talks about. */
const RELATED: Partial<Record<Mode, Mode[]>> = {
	browse: ['browse', 'filter', 'find'],
	picker: ['picker', 'pickerFind'],
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

/** Narrower than this, a column of key and text is not readable: fewer columns, more pages. */
const MIN_COLUMN_WIDTH = 36;

/**
 * The help's lines in pages of columns for a box `width` × `height` (its title row included). A text too
 * long for its column goes on under its key, so every line is whole.
 */
export function helpPages(
	lines: readonly HelpLine[],
	width: number,
	height: number,
	labelWidth: number,
): HelpLine[][][] {
	const rows = Math.max(1, height - 1);
	const columnsThatFit = Math.max(1, Math.floor(width / MIN_COLUMN_WIDTH));
	const textWidth = Math.max(8, Math.floor(width / columnsThatFit) - labelWidth - 2);
	const wrapped = lines.flatMap((line): HelpLine[] =>
		line.kind === 'key'
			? wrap(line.text, textWidth).map((text, index) => ({kind: 'key', label: index === 0 ? line.label : '', text}))
			: [line],
	);
	const columnCount = Math.max(1, Math.min(columnsThatFit, Math.ceil(wrapped.length / rows)));
	const perPage = rows * columnCount;
	const pages: HelpLine[][][] = [];
	for (let start = 0; start < wrapped.length; start += perPage) {
		const page = wrapped.slice(start, start + perPage);
		pages.push(Array.from({length: columnCount}, (_, index) => page.slice(index * rows, (index + 1) * rows)));
	}

	return pages.length > 0 ? pages : [[[]]];
}

/**
 * Every key of the key map, grouped by where it works; in columns when it does not fit in one, and in
 * pages (↓/↑ turn them, round and round) when it does not fit at all.
 */
export function HelpOverlay({
	width,
	height,
	theme,
	from,
	page = 0,
}: {
	width: number;
	height: number;
	theme: Theme;
	from: Mode;
	page?: number;
}) {
	const lines = helpLines(from);
	const labelWidth = Math.max(...lines.map(line => (line.kind === 'key' ? line.label.length : 0))) + 1;
	const pages = helpPages(lines, width, height, labelWidth);
	const shown = ((page % pages.length) + pages.length) % pages.length;
	const columns = pages[shown]!;
	const columnWidth = Math.floor(width / columns.length);
	const title =
		pages.length > 1
			? `Keys ${shown + 1}/${pages.length} — ↓ more · ? or Esc closes`
			: 'Keys — ? or Esc closes this help';
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden">
			<Text {...theme.style('title')} wrap="truncate">
				{fit(title, width)}
			</Text>
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
