// Display formats shared by views, controllers and messages: one number format, one date format. Inputs are
// API values; what these return is safe to draw.
import {formatCount} from './text/numbers.js';
import {sanitize} from './text/sanitize.js';
import {rawText, timeOf, type Untrusted} from './text/untrusted.js';

const pad2 = (value: number) => String(value).padStart(2, '0');

/**
 * A date for a table cell, in local time: "05-06 13:42" (compact: "05-06") this year; another year's as
 * "2025-05-06" (compact: "2025"), so an old job never passes for a recent one. The text sanitised when it
 * is not a date.
 */
export function compactTime(iso: Untrusted | null, compact = false, thisYear = new Date().getFullYear()): string {
	if (iso === null) {
		return '—';
	}

	const date = timeOf(iso);
	if (!date) {
		return sanitize(iso);
	}

	const year = date.getFullYear();
	const day = `${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
	if (year !== thisYear) {
		return compact ? String(year) : `${year}-${day}`;
	}

	return compact ? day : `${day} ${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
}

/** The local offset at that moment, as "UTC", "UTC+2" or "UTC-3:30". */
function utcOffset(date: Date): string {
	// Not Intl's zone names: the first DateTimeFormat costs ~14 ms of the first frame, and en-US names
	// most zones "GMT+1" anyway.
	const minutes = -date.getTimezoneOffset();
	if (minutes === 0) {
		return 'UTC';
	}

	const hours = Math.floor(Math.abs(minutes) / 60);
	const rest = Math.abs(minutes) % 60;
	return `UTC${minutes < 0 ? '-' : '+'}${hours}${rest === 0 ? '' : `:${pad2(rest)}`}`;
}

/** "2026-05-06 13:42:31 UTC+2" in the local time zone, for the detail pane. */
export function localTime(iso: Untrusted): string | undefined {
	const date = timeOf(iso);
	if (!date) {
		return undefined;
	}

	const day = `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
	const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
	return `${day} ${time} ${utcOffset(date)}`;
}

/** What each validator stage means (job-records.md, "Validator Values"). */
export const VALIDATOR_MEANING: Readonly<Record<string, string>> = {
	ZeroBounce: 'first external validator; most addresses resolve here',
	RevenueBase: 'second opinion when ZeroBounce returns Catch-All / Unknown',
	SMTP: 'direct deliverability check; last resort',
};

export const NULL_VALIDATOR_MEANING = 'not processed yet, or the batch errored';

export const STATUS_MEANING: Readonly<Record<string, string>> = {
	Pending: 'not processed yet',
	Valid: 'validator returned Valid',
	Invalid: 'validator returned Invalid',
	Unknown: 'validator returned No Email (catch-all or undeliverable)',
	Error: 'the batch this record was in failed',
};

export {formatCount} from './text/numbers.js';

/** "1 record", "24,269 records": a count and its noun, singular for exactly one. */
export function countOf(count: number, noun: string, plural = `${noun}s`): string {
	return `${formatCount(count)} ${count === 1 ? noun : plural}`;
}

/** "24,269 / 25,000": done of a total, as every progress line and summary shows it. */
export function formatFraction(done: number, total: number): string {
	return `${formatCount(done)} / ${formatCount(total)}`;
}

/** What a progress line says before the first page has answered: there is no total to count against yet. */
export const NO_PAGE_YET = 'no page read yet';

/** "12/1500" (the API's results_summary) → {done: 12, total: 1500}; undefined when it says something else. */
export function fractionOf(text: Untrusted): {done: number; total: number} | undefined {
	const match = /^(\d{1,15})\s*\/\s*(\d{1,15})$/.exec(rawText(text).trim());
	return match ? {done: Number(match[1]), total: Number(match[2])} : undefined;
}

/** results_summary as "24,269 / 25,000" when it is a fraction, else its sanitised text. */
export function summaryText(text: Untrusted): string {
	const fraction = fractionOf(text);
	return fraction ? formatFraction(fraction.done, fraction.total) : sanitize(text);
}
