import {Box, Text} from 'ink';
import {memo} from 'react';
import type {JobRecord} from '../api/types.js';
import {sanitize} from '../text/sanitize.js';
import type {Role, Theme} from '../terminal/theme.js';
import {fit, wrap} from '../terminal/width.js';
import {lookup, sameText, type Untrusted} from '../text/untrusted.js';
import {localTime, NULL_VALIDATOR_MEANING, STATUS_MEANING, VALIDATOR_MEANING} from '../format.js';

interface Line {
	readonly label: string;
	readonly text: string;
	readonly role?: Role;
}

const LABEL_WIDTH = 11;

const innerWidth = (width: number, border: boolean) => Math.max(10, width - (border ? 1 : 0));
const NULL = '—';

// A record's lines for the last width they were wrapped at: a record is never changed in place, and a
// value up to FIELD_LIMIT long takes a while to wrap, so scrolling and redraws reuse them.
const wrapped = new WeakMap<JobRecord, {readonly width: number; readonly lines: Line[]}>();

/** The selected record as labelled, wrapped lines; the error message first, since it is why people look. */
export function detailLines(record: JobRecord, width: number): Line[] {
	const cached = wrapped.get(record);
	if (cached?.width === width) {
		return cached.lines;
	}

	const lines = wrapLines(record, width);
	wrapped.set(record, {width, lines});
	return lines;
}

function wrapLines(record: JobRecord, width: number): Line[] {
	const valueWidth = Math.max(8, width - LABEL_WIDTH);
	const lines: Line[] = [];
	const field = (label: string, value: Untrusted | string | null, role?: Role, multiline = false) => {
		if (value === null) {
			lines.push({label, text: NULL, role: 'dim'});
			return;
		}

		for (const [index, text] of wrap(sanitize(value, {multiline}), valueWidth).entries()) {
			lines.push({label: index === 0 ? label : '', text, role});
		}
	};

	if (record.error_message !== null || sameText(record.status, 'Error')) {
		field('error', record.error_message, 'error', true);
	}

	field('email', record.email);
	field('ec_id', record.ec_id);
	const meaning = lookup(STATUS_MEANING, record.status);
	field('status', meaning ? `${sanitize(record.status)} — ${meaning}` : record.status);
	const validatorMeaning = lookup(VALIDATOR_MEANING, record.validator_used);
	field(
		'validator',
		record.validator_used === null
			? null
			: `${sanitize(record.validator_used)}${validatorMeaning ? ` — ${validatorMeaning}` : ''}`,
	);
	if (record.validator_used === null) {
		lines.push({label: '', text: NULL_VALIDATOR_MEANING, role: 'dim'});
	}

	field('cached', record.is_cached ? 'yes — from the 30-day cache' : 'no — fresh answer');
	if (record.processed_at === null) {
		field('processed', null);
	} else {
		field('processed', record.processed_at);
		const local = localTime(record.processed_at);
		if (local) {
			field('', `${local} (local)`, 'dim');
		}
	}

	return lines;
}

export interface DetailPaneProps {
	readonly record: JobRecord | undefined;
	readonly width: number;
	readonly height: number;
	readonly scroll: number;
	readonly theme: Theme;
	/** Beside the table: the table's own border separates them, so only a space of padding. */
	readonly border: boolean;
}

function DetailPaneImpl({record, width, height, scroll, theme, border}: DetailPaneProps) {
	const inner = innerWidth(width, border);
	if (height <= 0) {
		return null;
	}

	const title = record ? `Record ${record.id}` : 'No record selected';
	const lines = record ? detailLines(record, inner) : [];
	const bodyRows = Math.max(0, height - 1);
	const maxScroll = Math.max(0, lines.length - bodyRows);
	const start = Math.min(scroll, maxScroll);
	const visible = lines.slice(start, start + bodyRows);
	const more = lines.length > start + bodyRows;
	const titleText = `${title}${start > 0 ? ' ↑' : ''}${more ? ' ↓ ]/J more' : ''}`;
	return (
		<Box flexDirection="column" width={width} height={height} overflowY="hidden" paddingLeft={border ? 1 : 0}>
			<Text {...theme.style('title')} wrap="truncate">
				{fit(titleText, inner)}
			</Text>
			{visible.map((line, index) => (
				// Lines are keyed by position so scrolling rewrites text in place.
				<Text key={index} wrap="truncate">
					<Text {...theme.style('label')}>{fit(line.label, LABEL_WIDTH)}</Text>
					<Text {...(line.role ? theme.style(line.role) : {})}>{fit(line.text, inner - LABEL_WIDTH)}</Text>
				</Text>
			))}
		</Box>
	);
}

/** How far the pane can scroll for a record (the reducer clamps with it). */
export function detailMaxScroll(record: JobRecord | undefined, width: number, height: number, border: boolean): number {
	if (!record) {
		return 0;
	}

	const inner = innerWidth(width, border);
	return Math.max(0, detailLines(record, inner).length - Math.max(0, height - 1));
}

export const DetailPane = memo(DetailPaneImpl);
