import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import React from 'react';
import {RECORD_FILTERS, type RecordFilter} from '../api/types.js';
import type {Theme} from '../terminal/theme.js';
import {formatCount} from './format.js';

export interface FilterSelectProps {
	readonly current: RecordFilter;
	readonly counts?: Partial<Record<RecordFilter, number>>;
	readonly onSelect: (filter: RecordFilter) => void;
	readonly theme: Theme;
}

/** The status filter list (ink-select-input): ↑/↓ or j/k move, Enter or 1–6 choose. */
export function FilterSelect({current, counts, onSelect, theme}: FilterSelectProps) {
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
			<SelectInput
				items={items}
				initialIndex={Math.max(0, RECORD_FILTERS.indexOf(current))}
				onSelect={item => onSelect(item.value)}
			/>
		</Box>
	);
}
