import {describe, expect, it} from 'vitest';
import {computeLayout, fitColumns, tableWidthOf} from '../../source/ui/layout.js';

describe('computeLayout', () => {
	it('never makes the table wider than its share of the terminal (its bars are drawn at fixed places)', () => {
		for (let columns = 40; columns <= 260; columns++) {
			for (const detailVisible of [true, false]) {
				for (const idDigits of [1, 5, 9, 12]) {
					const layout = computeLayout({columns, rows: 40, detailVisible, idDigits});
					const specs = layout.tableColumns;
					const width = specs.reduce((sum, spec) => sum + spec.width + 3, 1);
					const where = `${columns} columns, detail ${String(detailVisible)}, ${idDigits} digits`;
					expect(width, where).toBeLessThanOrEqual(layout.tableWidth);
					expect(specs.map(spec => spec.key).slice(0, 2), where).toEqual(['id', 'email']);
					expect(specs.find(spec => spec.key === 'email')!.width, where).toBeGreaterThanOrEqual(5);
				}
			}
		}
	});

	it('drops the cached, then the validator column before the email gets too narrow', () => {
		const keys = (columns: number) =>
			computeLayout({columns, rows: 24, detailVisible: true, idDigits: 5}).tableColumns.map(spec => spec.key);
		expect(keys(80)).toEqual(['id', 'email', 'status', 'validator', 'cached', 'processed']);
		expect(keys(45)).toEqual(['id', 'email', 'status', 'validator', 'processed']);
		expect(keys(40)).toEqual(['id', 'email', 'status', 'processed']);
	});

	it('adds an error column from a 120-column table, leaving the email at least as wide', () => {
		const specs = (columns: number, detailVisible = false) =>
			computeLayout({columns, rows: 40, detailVisible, idDigits: 6}).tableColumns;
		expect(specs(119).map(spec => spec.key)).not.toContain('error');
		for (const columns of [120, 160, 200, 260]) {
			const error = specs(columns).find(spec => spec.key === 'error')!;
			const email = specs(columns).find(spec => spec.key === 'email')!;
			expect(error.width, String(columns)).toBeGreaterThanOrEqual(20);
			expect(email.width, String(columns)).toBeGreaterThanOrEqual(error.width);
		}

		// Beside the detail pane the table is narrower: the column comes with the table's width, not the terminal's.
		expect(specs(160, true).map(spec => spec.key)).not.toContain('error');
		expect(specs(200, true).map(spec => spec.key)).toContain('error');
	});
});

describe('fitColumns', () => {
	const columns = [
		{key: 'id', width: 6},
		{key: 'name', width: 0},
		{key: 'total', width: 8},
		{key: 'done', width: 13},
	];

	it('gives the flexible column what is left, dropping optional columns while it would be under its minimum', () => {
		const fitted = (width: number) =>
			fitColumns(columns, width, {flexible: 'name', minimum: 8, optional: ['total', 'done']});
		expect(fitted(80)).toEqual([
			{key: 'id', width: 6},
			{key: 'name', width: 40},
			{key: 'total', width: 8},
			{key: 'done', width: 13},
		]);
		expect(fitted(48).map(column => column.key)).toEqual(['id', 'name', 'total', 'done']);
		expect(fitted(47).map(column => column.key)).toEqual(['id', 'name', 'done']);
		expect(fitted(20).map(column => column.key)).toEqual(['id', 'name']);
		// Below id, name at its minimum and the bars (21 columns) nothing is left to drop.
		for (let width = 21; width <= 120; width++) {
			expect(tableWidthOf(fitted(width)), String(width)).toBeLessThanOrEqual(width);
		}
	});
});
