// The one key map: every shortcut of the program is a row here. The footer and the help overlay are
// generated from it, and input handlers ask `commandFor` instead of testing keys themselves.
//
// Deliberately unused: Ctrl+A/B (tmux and screen prefixes), Ctrl+H/J/K/L (pane navigation in many
// tmux set-ups), and Esc as the only way to do anything frequent (tmux delays Esc by escape-time).
import type {Key} from 'ink';

export type Mode = 'browse' | 'filter' | 'help' | 'find';

export type Command =
	| 'up'
	| 'down'
	| 'prevPage'
	| 'nextPage'
	| 'firstPage'
	| 'lastPage'
	| 'openFilter'
	| 'filterPending'
	| 'filterValid'
	| 'filterInvalid'
	| 'filterUnknown'
	| 'filterError'
	| 'filterAll'
	| 'closeFilter'
	| 'filterUp'
	| 'filterDown'
	| 'applyFilter'
	| 'detailScrollUp'
	| 'detailScrollDown'
	| 'toggleDetail'
	| 'reload'
	| 'help'
	| 'closeHelp'
	| 'quit';

type KeyName = Exclude<
	{
		[K in keyof Key]-?: Key[K] extends boolean ? K : never;
	}[keyof Key],
	undefined
>;

/** One physical key: a named key (arrows, Page Up…) or a printable input, optionally with Ctrl. */
export type KeySpec = {key: KeyName; ctrl?: boolean} | {input: string; ctrl?: boolean};

export interface Binding {
	readonly command: Command;
	readonly keys: readonly KeySpec[];
	/** How the keys are written in the footer and help, e.g. "←/h". */
	readonly label: string;
	/** Footer entry; bindings without one appear only in the help overlay. */
	readonly footer?: {readonly label: string; readonly text: string};
	readonly help: string;
	readonly modes: readonly Mode[];
}

const browse: readonly Mode[] = ['browse'];

export const BINDINGS: readonly Binding[] = [
	{command: 'up', keys: [{key: 'upArrow'}, {input: 'k'}], label: '↑/k', help: 'Select the previous record on the page', modes: browse},
	{
		command: 'down',
		keys: [{key: 'downArrow'}, {input: 'j'}],
		label: '↓/j',
		footer: {label: '↑↓', text: 'select'},
		help: 'Select the next record on the page',
		modes: browse,
	},
	{
		command: 'prevPage',
		keys: [{key: 'leftArrow'}, {input: 'h'}, {key: 'pageUp'}],
		label: '←/h/PgUp',
		help: 'Previous page',
		modes: browse,
	},
	{
		command: 'nextPage',
		keys: [{key: 'rightArrow'}, {input: 'l'}, {key: 'pageDown'}],
		label: '→/l/PgDn',
		footer: {label: '←→', text: 'page'},
		help: 'Next page',
		modes: browse,
	},
	{command: 'firstPage', keys: [{key: 'home'}, {input: 'g'}], label: 'Home/g', help: 'First page', modes: browse},
	{command: 'lastPage', keys: [{key: 'end'}, {input: 'G'}], label: 'End/G', help: 'Last page', modes: browse},
	{
		command: 'openFilter',
		keys: [{input: 'f'}, {input: 's'}],
		label: 'f/s',
		footer: {label: 'f', text: 'filter'},
		help: 'Choose the status filter (Enter applies, Esc or f cancels)',
		modes: browse,
	},
	{command: 'filterPending', keys: [{input: '1'}], label: '1', help: 'Show Pending records', modes: ['browse', 'filter']},
	{command: 'filterValid', keys: [{input: '2'}], label: '2', help: 'Show Valid records', modes: ['browse', 'filter']},
	{command: 'filterInvalid', keys: [{input: '3'}], label: '3', help: 'Show Invalid records', modes: ['browse', 'filter']},
	{command: 'filterUnknown', keys: [{input: '4'}], label: '4', help: 'Show Unknown records', modes: ['browse', 'filter']},
	{command: 'filterError', keys: [{input: '5'}], label: '5', footer: {label: '1-6', text: 'status'}, help: 'Show Error records', modes: ['browse', 'filter']},
	{command: 'filterAll', keys: [{input: '6'}], label: '6', help: 'Show all records', modes: ['browse', 'filter']},
	{command: 'filterUp', keys: [{key: 'upArrow'}, {input: 'k'}], label: '↑/k', help: 'Highlight the previous status', modes: ['filter']},
	{
		command: 'filterDown',
		keys: [{key: 'downArrow'}, {input: 'j'}],
		label: '↓/j',
		footer: {label: '↑↓', text: 'choose'},
		help: 'Highlight the next status',
		modes: ['filter'],
	},
	{
		command: 'applyFilter',
		keys: [{key: 'return'}],
		label: 'Enter',
		footer: {label: 'Enter', text: 'apply'},
		help: 'Apply the highlighted status (1–6 apply one directly)',
		modes: ['filter'],
	},
	{
		command: 'closeFilter',
		keys: [{key: 'escape'}, {input: 'f'}, {input: 's'}],
		label: 'Esc/f',
		footer: {label: 'Esc/f', text: 'cancel'},
		help: 'Close the filter list without changing it',
		modes: ['filter'],
	},
	{
		command: 'detailScrollUp',
		keys: [{input: '['}, {input: 'K'}],
		label: '[/K',
		help: 'Scroll the detail pane up',
		modes: browse,
	},
	{
		command: 'detailScrollDown',
		keys: [{input: ']'}, {input: 'J'}],
		label: ']/J',
		help: 'Scroll the detail pane down (long error messages)',
		modes: browse,
	},
	{
		command: 'toggleDetail',
		keys: [{key: 'tab'}, {input: 'd'}],
		label: 'Tab/d',
		help: 'Show or hide the detail pane',
		modes: browse,
	},
	{command: 'reload', keys: [{input: 'r'}], label: 'r', footer: {label: 'r', text: 'reload'}, help: 'Reload the page (and retry after an error)', modes: browse},
	{command: 'help', keys: [{input: '?'}], label: '?', footer: {label: '?', text: 'help'}, help: 'Show or hide this help', modes: browse},
	{
		command: 'closeHelp',
		keys: [{input: '?'}, {key: 'escape'}, {key: 'return'}],
		label: '?/Esc',
		footer: {label: '?/Esc', text: 'close help'},
		help: 'Close the help',
		modes: ['help'],
	},
	{
		command: 'quit',
		keys: [{input: 'q'}, {input: 'c', ctrl: true}],
		label: 'q',
		footer: {label: 'q', text: 'quit'},
		help: 'Quit (Ctrl+C too)',
		modes: ['browse', 'filter', 'help'],
	},
];

function matches(spec: KeySpec, input: string, key: Key): boolean {
	if (Boolean(spec.ctrl) !== key.ctrl) {
		return false;
	}

	if ('key' in spec) {
		return key[spec.key];
	}

	return input === spec.input && !key.meta;
}

/** The command a key means in a mode, if any. */
export function commandFor(mode: Mode, input: string, key: Key): Command | undefined {
	for (const binding of BINDINGS) {
		if (binding.modes.includes(mode) && binding.keys.some(spec => matches(spec, input, key))) {
			return binding.command;
		}
	}

	return undefined;
}

export function bindingsFor(mode: Mode): Binding[] {
	return BINDINGS.filter(binding => binding.modes.includes(mode));
}

/** Footer entries for a mode, in key-map order, e.g. {label: "←→", text: "page"}. */
export function footerHints(mode: Mode): Array<{label: string; text: string}> {
	return bindingsFor(mode).flatMap(binding => (binding.footer ? [binding.footer] : []));
}
