// Semantic colour roles: views ask for a role, never a colour. With colours off (NO_COLOR, or
// FORCE_COLOR=0 which also makes Ink's chalk drop every attribute) the roles fall back to bold,
// dim and inverse, and the selected row keeps its `›` marker, so nothing is told apart by colour
// alone.

import {RECORD_STATUSES, type RecordStatus} from '../api/types.js';
import {rawText, type Untrusted} from '../text/untrusted.js';
import {isDumbTerminal} from './charset.js';

export type StatusRole = `status.${RecordStatus}` | 'status.other';

export type Role =
	StatusRole | 'dim' | 'title' | 'heading' | 'label' | 'key' | 'selection' | 'error' | 'warning' | 'accent' | 'border';

/** The subset of Ink `<Text>` props a role sets. */
export interface TextStyle {
	readonly color?: string;
	readonly backgroundColor?: string;
	readonly bold?: boolean;
	readonly dimColor?: boolean;
	readonly inverse?: boolean;
}

export interface Theme {
	readonly colorsEnabled: boolean;
	/** Ink `<Text>` props for a role; spread them: `<Text {...theme.style('error')}>`. */
	style(role: Role): TextStyle;
	/** The role of a record status; a status the API may add later gets the plain `status.other`. */
	/** The colour of a record status (API text or one of ours); an unknown one gets `status.other`. */
	statusRole(status: Untrusted | string): StatusRole;
	/** For `<Box borderColor>`; undefined with colours off. */
	readonly borderColor: string | undefined;
	/** Before the selected row: `›`, or `>` on a terminal that draws no inverse (`TERM=dumb`), where it is all there is. */
	readonly marker: string;
}

export const SELECTION_MARKER = '›';
const DUMB_MARKER = '>';

const DIM: TextStyle = {dimColor: true};

const COLOR_STYLES: Readonly<Record<Role, TextStyle>> = {
	'status.Valid': {color: 'green'},
	'status.Invalid': {color: 'red'},
	'status.Unknown': {color: 'yellow'},
	'status.Error': {color: 'magenta', bold: true},
	'status.Pending': {color: 'gray'},
	'status.other': {},
	dim: DIM,
	title: {bold: true},
	heading: {bold: true},
	label: {color: 'gray'},
	key: {color: 'cyan', bold: true},
	selection: {color: 'cyan', inverse: true},
	error: {color: 'red', bold: true},
	warning: {color: 'yellow'},
	accent: {color: 'cyan'},
	// Uncoloured: a coloured border wraps every `│` in its own escape sequences, about a third of
	// the bytes of a page change over SSH (npm run bench, figure 2).
	border: {},
};

// Status words are readable on their own; only the ones that need attention stand out.
const PLAIN_STYLES: Readonly<Record<Role, TextStyle>> = {
	'status.Valid': {},
	'status.Invalid': {bold: true},
	'status.Unknown': {},
	'status.Error': {bold: true},
	'status.Pending': DIM,
	'status.other': {},
	dim: DIM,
	title: {bold: true},
	heading: {bold: true},
	label: DIM,
	key: {bold: true},
	selection: {inverse: true, bold: true},
	error: {bold: true},
	warning: {bold: true},
	accent: {bold: true},
	border: {},
};

const STATUS_ROLES: ReadonlyMap<string, StatusRole> = new Map(
	RECORD_STATUSES.map(status => [status, `status.${status}` as const]),
);

/** no-color.org: any non-empty NO_COLOR; chalk's convention: FORCE_COLOR=0 or false. */
export function colorsEnabledIn(env: NodeJS.ProcessEnv): boolean {
	if (env['NO_COLOR']) {
		return false;
	}

	const force = env['FORCE_COLOR'];
	return force !== '0' && force !== 'false';
}

export function createTheme(env: NodeJS.ProcessEnv = process.env): Theme {
	const colorsEnabled = colorsEnabledIn(env);
	const styles = colorsEnabled ? COLOR_STYLES : PLAIN_STYLES;
	return {
		colorsEnabled,
		style: role => styles[role],
		statusRole: status => STATUS_ROLES.get(rawText(status)) ?? 'status.other',
		borderColor: styles.border.color,
		marker: isDumbTerminal(env) ? DUMB_MARKER : SELECTION_MARKER,
	};
}
