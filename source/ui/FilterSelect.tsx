import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {RECORD_FILTERS, type RecordFilter} from '../api/types.js';
import type {Theme} from '../terminal/theme.js';
import {formatCount} from '../format.js';

export interface FilterSelectProps {
	/** Index of the highlighted status; keys are the key map's, so the list itself listens to none. */
	readonly highlight: number;
	readonly counts?: Partial<Record<RecordFilter, number>>;
	readonly theme: Theme;
}

/** The status filter list (ink-select-input), driven by the key map: ↑/↓ or j/k move, Enter or 1–6 choose. */
export function FilterSelect({highlight, counts, theme}: FilterSelectProps) {
	const items = RECORD_FILTERS.map((filter, index) => {
		const count = counts?.[filter];
		return {
			key: filter,
			value: filter,
			label: `${index + 1} ${filter}${count === undefined ? '' : ` (${formatCount(count)})`}`,
		};
	});
	return (
		<Box flexDirection="column" paddingLeft={1}>
			<Text wrap="truncate">
				<Text {...theme.style('title')}>Status filter</Text>
				<Text {...theme.style('dim')}> · Enter apply · Esc/f cancel</Text>
			</Text>
			{/* Keyed by the highlight: the list keeps its own index, and a new key is how it follows ours. */}
			<SelectInput key={highlight} items={items} initialIndex={highlight} isFocused={false} />
		</Box>
	);
}
