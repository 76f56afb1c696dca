// Order statistics, number formats and plain-text tables for the figures. Nothing here asserts: a
// target is reported as met or not, never enforced.

export interface Target {
	readonly figure: number;
	readonly name: string;
	readonly target: string;
	readonly measured: string;
	readonly met: boolean;
}

/** Nearest-rank percentile (p in 0..100); NaN for no samples. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) {
		return Number.NaN;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);
export const p95 = (values: readonly number[]) => percentile(values, 95);
export const max = (values: readonly number[]) => (values.length === 0 ? Number.NaN : Math.max(...values));

export function ms(value: number): string {
	if (!Number.isFinite(value)) {
		return '—';
	}

	return value < 10 ? `${value.toFixed(2)} ms` : value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

export function bytes(value: number): string {
	if (!Number.isFinite(value)) {
		return '—';
	}

	if (value < 1024) {
		return `${Math.round(value)} B`;
	}

	return value < 1024 * 1024 ? `${(value / 1024).toFixed(1)} KB` : megabytes(value);
}

export function megabytes(value: number): string {
	return Number.isFinite(value) ? `${(value / 1024 / 1024).toFixed(1)} MB` : '—';
}

export function count(value: number): string {
	return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—';
}

/** Prints a table: the first `leftColumns` columns left-aligned (labels), the rest right-aligned (figures). */
export function printTable(
	title: string,
	headers: readonly string[],
	rows: ReadonlyArray<readonly string[]>,
	notes: readonly string[] = [],
	leftColumns = 1,
): void {
	const widths = headers.map((header, column) =>
		Math.max(header.length, ...rows.map(row => (row[column] ?? '').length)),
	);
	const line = (cells: readonly string[]) =>
		cells
			.map((cell, column) => (column < leftColumns ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
			.join('  ')
			.trimEnd();
	const rule = widths.map(width => '─'.repeat(width)).join('  ');
	const out = [``, title, rule, line(headers), rule, ...rows.map(line), rule, ...notes.map(note => `  ${note}`)];
	process.stdout.write(`${out.join('\n')}\n`);
}

export function printTargets(targets: readonly Target[]): void {
	printTable(
		'Summary: targets',
		['#', 'target', 'goal', 'measured', 'result'],
		targets.map(target => [
			String(target.figure),
			target.name,
			target.target,
			target.measured,
			target.met ? 'met' : 'NOT met',
		]),
		[],
		2,
	);
}
