// The one number format. Its Intl formatter is made on first use, never when a module loads: the first
// Intl object a process makes initialises ICU (~11 ms), which start-up pays after its first request has
// left, not before (commands/browse.ts), and only for a number that is not whole.

let countFormat: Intl.NumberFormat | undefined;

/** The one number format: whole numbers grouped as en-US ("24,269"), anything else rounded to whole. */
export function formatCount(value: number): string {
	// Grouped by hand: the first NumberFormat costs ~7 ms, in the first frame.
	if (Number.isSafeInteger(value)) {
		const digits = String(Math.abs(value)).replaceAll(/\B(?=(\d{3})+$)/g, ',');
		return value < 0 ? `-${digits}` : digits;
	}

	countFormat ??= new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});
	return countFormat.format(value);
}

let amountFormat: Intl.NumberFormat | undefined;

/** An amount as the API gave it (credits may have a fraction): grouped as en-US, up to 3 decimals. */
export function formatAmount(value: number): string {
	if (Number.isSafeInteger(value)) {
		return formatCount(value);
	}

	amountFormat ??= new Intl.NumberFormat('en-US');
	return amountFormat.format(value);
}
