// Small display formatters shared by the views. Inputs are API values; callers sanitise strings.

const pad2 = (value: number) => String(value).padStart(2, '0');

function parseDate(iso: string): Date | undefined {
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "05-06 13:42" in local time for the table; the raw text when it is not a date. */
export function compactTime(iso: string | null, compact = false): string {
	if (iso === null) {
		return '—';
	}

	const date = parseDate(iso);
	if (!date) {
		return iso;
	}

	const day = `${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
	return compact ? day : `${day} ${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
}

/** "2026-05-06 13:42:31 CEST" in the local time zone, for the detail pane. */
// Made once: an Intl formatter costs far more to make than to use (and the detail pane formats on every move).
let zoneFormat: Intl.DateTimeFormat | undefined;
let countFormat: Intl.NumberFormat | undefined;

export function localTime(iso: string): string | undefined {
	const date = parseDate(iso);
	if (!date) {
		return undefined;
	}

	zoneFormat ??= new Intl.DateTimeFormat('en-US', {timeZoneName: 'short'});
	const zone = zoneFormat.formatToParts(date).find(part => part.type === 'timeZoneName')?.value ?? '';
	const day = `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())}`;
	const time = `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
	return `${day} ${time}${zone ? ` ${zone}` : ''}`;
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

export function formatCount(value: number): string {
	// Whole numbers (every count) are grouped here: the first NumberFormat costs ~7 ms, in the first frame.
	if (Number.isSafeInteger(value)) {
		const digits = String(Math.abs(value)).replaceAll(/\B(?=(\d{3})+$)/g, ',');
		return value < 0 ? `-${digits}` : digits;
	}

	countFormat ??= new Intl.NumberFormat('en-US');
	return countFormat.format(value);
}
