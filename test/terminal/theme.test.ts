import {describe, expect, it} from 'vitest';
import {RECORD_STATUSES} from '../../source/api/types.js';
import {colorsEnabledIn, createTheme, type Role} from '../../source/terminal/theme.js';

const ROLES: Role[] = [
	'status.Valid',
	'status.Invalid',
	'status.Unknown',
	'status.Error',
	'status.Pending',
	'status.other',
	'dim',
	'title',
	'heading',
	'label',
	'key',
	'selection',
	'error',
	'warning',
	'accent',
	'border',
];

describe('theme', () => {
	it('colours the statuses', () => {
		const theme = createTheme({});
		expect(theme.colorsEnabled).toBe(true);
		expect(theme.style('status.Valid')).toEqual({color: 'green'});
		expect(theme.style('status.Invalid')).toEqual({color: 'red'});
		expect(theme.style('status.Unknown')).toEqual({color: 'yellow'});
		expect(theme.style('status.Error')).toMatchObject({bold: true});
		expect(theme.style('status.Pending')).toEqual({color: 'gray'});
		// Borders stay uncoloured: colour codes around every `│` cost bytes on each frame over SSH.
		expect(theme.borderColor).toBeUndefined();
	});

	it.each([
		[{NO_COLOR: '1'}, false],
		[{NO_COLOR: 'anything'}, false],
		[{NO_COLOR: ''}, true],
		[{FORCE_COLOR: '0'}, false],
		[{FORCE_COLOR: 'false'}, false],
		[{FORCE_COLOR: '1'}, true],
		[{NO_COLOR: '1', FORCE_COLOR: '3'}, false],
	])('%j gives colours %s', (env, enabled) => {
		expect(colorsEnabledIn(env)).toBe(enabled);
		expect(createTheme(env).colorsEnabled).toBe(enabled);
	});

	it('uses no colour at all with NO_COLOR, and keeps the selection visible', () => {
		const theme = createTheme({NO_COLOR: '1'});
		for (const role of ROLES) {
			expect(theme.style(role).color, role).toBeUndefined();
			expect(theme.style(role).backgroundColor, role).toBeUndefined();
		}

		expect(theme.style('selection')).toEqual({inverse: true, bold: true});
		expect(theme.borderColor).toBeUndefined();
	});

	it('maps record statuses to roles, and unknown ones to a plain role', () => {
		const theme = createTheme({});
		for (const status of RECORD_STATUSES) {
			expect(theme.statusRole(status)).toBe(`status.${status}`);
		}

		expect(theme.statusRole('Quarantined')).toBe('status.other');
		expect(theme.style(theme.statusRole('Quarantined'))).toEqual({});
	});
});
