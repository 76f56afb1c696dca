// The one key map: every shortcut of the program is a row here. The footer and the help overlay are
// generated from it, and input handlers ask `commandFor` instead of testing keys themselves.
//
// Deliberately unused: Ctrl+A/B (tmux and screen prefixes), Ctrl+H/J/K/L (pane navigation in many
// tmux set-ups), and Esc as the only way to do anything frequent (tmux delays Esc by escape-time).
import type {Key} from 'ink';

/**
 * Where keys are read. Each screen works in some of these: the job list in `picker` and `pickerFind`, the
 * records in `browse`, `filter`, `find`, the error breakdown in `breakdown`, the token screen in `token`,
 * the re-validation confirmation in the `confirm…` modes (one per phase, so each offers only the keys that
 * work then), and every screen that has help in `help`. `export` is `ecore-records export` running at a
 * terminal (no screen). In the modes with a text field (`find`,
 * `pickerFind`, `token`, `confirmName`), a key that is no command here is typed into the field.
 */
export type Mode =
	| 'picker'
	| 'pickerFind'
	| 'browse'
	| 'filter'
	| 'find'
	| 'breakdown'
	| 'token'
	| 'confirm'
	| 'confirmName'
	| 'confirmWait'
	| 'confirmFailed'
	| 'confirmRejected'
	| 'confirmUnknown'
	| 'help'
	| 'export';

/** The modes where what is typed goes into a text field. */
export const TEXT_MODES = ['find', 'pickerFind', 'token', 'confirmName'] as const satisfies readonly Mode[];

export function isTextMode(mode: Mode): mode is (typeof TEXT_MODES)[number] {
	return (TEXT_MODES as readonly Mode[]).includes(mode);
}

type KeyName = Exclude<
	{
		[K in keyof Key]-?: Key[K] extends boolean ? K : never;
	}[keyof Key],
	undefined
>;

/** One physical key: a named key (arrows, Page Up…) or a printable input, optionally with Ctrl. */
export type KeySpec =
	{readonly key: KeyName; readonly ctrl?: boolean} | {readonly input: string; readonly ctrl?: boolean};

interface BindingShape {
	readonly command: string;
	readonly keys: readonly KeySpec[];
	/** How the keys are written in the footer and help, e.g. "←/h". */
	readonly label: string;
	/** Footer entry; bindings without one appear only in the help overlay. */
	readonly footer?: {readonly label: string; readonly text: string};
	readonly help: string;
	readonly modes: readonly Mode[];
}

const TABLE = [
	// Moving around: the same keys in every list.
	{
		command: 'up',
		keys: [{key: 'upArrow'}, {input: 'k'}],
		label: '↑/k',
		help: 'Select the previous row',
		modes: ['browse', 'picker', 'breakdown'],
	},
	{
		command: 'down',
		keys: [{key: 'downArrow'}, {input: 'j'}],
		label: '↓/j',
		footer: {label: '↑↓', text: 'select'},
		help: 'Select the next row',
		modes: ['browse', 'picker', 'breakdown'],
	},
	{
		command: 'prevPage',
		keys: [{key: 'leftArrow'}, {input: 'h'}, {key: 'pageUp'}],
		label: '←/h/PgUp',
		help: 'Previous page',
		modes: ['browse', 'picker'],
	},
	{
		command: 'nextPage',
		keys: [{key: 'rightArrow'}, {input: 'l'}, {key: 'pageDown'}],
		label: '→/l/PgDn',
		footer: {label: '←→', text: 'page'},
		help: 'Next page',
		modes: ['browse', 'picker'],
	},
	{
		command: 'firstPage',
		keys: [{key: 'home'}, {input: 'g'}],
		label: 'Home/g',
		help: 'First page',
		modes: ['browse', 'picker'],
	},
	{
		command: 'lastPage',
		keys: [{key: 'end'}, {input: 'G'}],
		label: 'End/G',
		help: 'Last page',
		modes: ['browse', 'picker'],
	},

	// The job list.
	{
		command: 'openJob',
		keys: [{key: 'return'}],
		label: 'Enter',
		footer: {label: 'Enter', text: 'open'},
		help: "Open the job's records",
		modes: ['picker'],
	},
	{
		command: 'cycleJobFilter',
		keys: [{input: 'f'}, {input: 's'}],
		label: 'f/s',
		footer: {label: 'f', text: 'job status'},
		help: 'Next job status filter',
		modes: ['picker'],
	},
	{
		command: 'findJob',
		keys: [{input: '/'}],
		label: '/',
		footer: {label: '/', text: 'find'},
		help: 'Find a job by id or name',
		modes: ['picker'],
	},

	// Finding a job (typing goes into the find bar; j and k are letters there).
	{
		command: 'openMatch',
		keys: [{key: 'return'}],
		label: 'Enter',
		footer: {label: 'Enter', text: 'open'},
		help: 'Open the selected match',
		modes: ['pickerFind'],
	},
	{command: 'matchUp', keys: [{key: 'upArrow'}], label: '↑', help: 'Select the previous match', modes: ['pickerFind']},
	{
		command: 'matchDown',
		keys: [{key: 'downArrow'}],
		label: '↓',
		footer: {label: '↑↓', text: 'select'},
		help: 'Select the next match',
		modes: ['pickerFind'],
	},
	{
		command: 'closeJobFind',
		keys: [{key: 'escape'}, {input: 'c', ctrl: true}],
		label: 'Esc',
		footer: {label: 'Esc', text: 'clear'},
		help: 'Clear the find',
		modes: ['pickerFind'],
	},

	// The records.
	{
		command: 'openFilter',
		keys: [{input: 'f'}, {input: 's'}],
		label: 'f/s',
		footer: {label: 'f', text: 'filter'},
		help: 'Status filter, with counts',
		modes: ['browse'],
	},
	{
		command: 'filterPending',
		keys: [{input: '1'}],
		label: '1',
		help: 'Show Pending records',
		modes: ['browse', 'filter'],
	},
	{command: 'filterValid', keys: [{input: '2'}], label: '2', help: 'Show Valid records', modes: ['browse', 'filter']},
	{
		command: 'filterInvalid',
		keys: [{input: '3'}],
		label: '3',
		help: 'Show Invalid records',
		modes: ['browse', 'filter'],
	},
	{
		command: 'filterUnknown',
		keys: [{input: '4'}],
		label: '4',
		help: 'Show Unknown records',
		modes: ['browse', 'filter'],
	},
	{
		command: 'filterError',
		keys: [{input: '5'}],
		label: '5',
		footer: {label: '5', text: 'errors'},
		help: 'Show Error records',
		modes: ['browse', 'filter'],
	},
	{command: 'filterAll', keys: [{input: '6'}], label: '6', help: 'Show all records', modes: ['browse', 'filter']},
	{
		command: 'breakdown',
		keys: [{input: 'e'}],
		label: 'e',
		footer: {label: 'e', text: 'why'},
		help: 'Why: errors by message',
		modes: ['browse'],
	},
	{
		command: 'find',
		keys: [{input: '/'}],
		label: '/',
		footer: {label: '/', text: 'find'},
		help: 'Find email/ec_id, all pages',
		modes: ['browse'],
	},
	{command: 'findNext', keys: [{input: 'n'}], label: 'n', help: 'Next match (any page)', modes: ['browse']},
	{command: 'findPrevious', keys: [{input: 'N'}], label: 'N', help: 'Previous match', modes: ['browse']},
	{command: 'clearFind', keys: [{key: 'escape'}], label: 'Esc', help: 'Clear the find', modes: ['browse']},
	{
		command: 'copyEmail',
		keys: [{input: 'y'}],
		label: 'y',
		footer: {label: 'y', text: 'copy'},
		help: 'Copy the email (OSC 52)',
		modes: ['browse'],
	},
	{command: 'copyRecord', keys: [{input: 'Y'}], label: 'Y', help: 'Copy the record as JSON', modes: ['browse']},
	{
		command: 'export',
		keys: [{input: 'x'}],
		label: 'x',
		footer: {label: 'x', text: 'export'},
		help: 'Export the filter to CSV',
		modes: ['browse'],
	},
	{
		command: 'detailScrollUp',
		keys: [{input: '['}, {input: 'K'}],
		label: '[/K',
		help: 'Scroll the detail up',
		modes: ['browse'],
	},
	{
		command: 'detailScrollDown',
		keys: [{input: ']'}, {input: 'J'}],
		label: ']/J',
		help: 'Scroll the detail down',
		modes: ['browse'],
	},
	{
		command: 'toggleDetail',
		keys: [{key: 'tab'}, {input: 'd'}],
		label: 'Tab/d',
		help: 'Show/hide the detail pane',
		modes: ['browse'],
	},
	{
		command: 'back',
		keys: [{input: 'b'}, {key: 'backspace'}, {key: 'delete'}],
		label: 'b/⌫',
		footer: {label: 'b', text: 'back'},
		help: 'Back: job list, or breakdown',
		modes: ['browse'],
	},

	// The status filter list.
	{
		command: 'filterUp',
		keys: [{key: 'upArrow'}, {input: 'k'}],
		label: '↑/k',
		help: 'Highlight previous status',
		modes: ['filter'],
	},
	{
		command: 'filterDown',
		keys: [{key: 'downArrow'}, {input: 'j'}],
		label: '↓/j',
		footer: {label: '↑↓', text: 'choose'},
		help: 'Highlight next status',
		modes: ['filter'],
	},
	{
		command: 'applyFilter',
		keys: [{key: 'return'}],
		label: 'Enter',
		footer: {label: 'Enter', text: 'apply'},
		help: 'Apply it (1–6 directly)',
		modes: ['filter'],
	},
	{
		command: 'closeFilter',
		keys: [{key: 'escape'}, {input: 'f'}, {input: 's'}],
		label: 'Esc/f',
		footer: {label: 'Esc/f', text: 'cancel'},
		help: 'Close without changing',
		modes: ['filter'],
	},

	// Find (typing goes into the search field).
	{
		command: 'acceptFind',
		keys: [{key: 'return'}, {key: 'downArrow'}, {key: 'upArrow'}],
		label: 'Enter',
		footer: {label: 'Enter', text: 'go'},
		help: 'Go to the first match (then n/N)',
		modes: ['find'],
	},
	{
		command: 'cancelFind',
		keys: [{key: 'escape'}, {input: 'c', ctrl: true}],
		label: 'Esc',
		footer: {label: 'Esc', text: 'clear'},
		help: 'Clear the find',
		modes: ['find'],
	},

	// Editing a text field (the find bars, the token); every other key typed goes into the field.
	{
		command: 'deleteChar',
		keys: [{key: 'backspace'}, {key: 'delete'}],
		label: '⌫',
		help: 'Delete the last character',
		modes: ['find', 'pickerFind', 'token', 'confirmName'],
	},
	{
		command: 'deleteWord',
		keys: [{input: 'w', ctrl: true}],
		label: 'Ctrl+W',
		help: 'Delete the last word',
		modes: ['find', 'pickerFind', 'token', 'confirmName'],
	},
	{
		command: 'clearField',
		keys: [{input: 'u', ctrl: true}],
		label: 'Ctrl+U',
		help: 'Clear what is typed',
		modes: ['find', 'pickerFind', 'token', 'confirmName'],
	},

	// The error breakdown.
	{
		command: 'chooseGroup',
		keys: [{key: 'return'}],
		label: 'Enter',
		footer: {label: 'Enter', text: 'show records'},
		help: "The group's records (pattern: variants)",
		modes: ['breakdown'],
	},
	{
		command: 'cycleGrouping',
		keys: [{key: 'tab'}, {input: 'g'}],
		label: 'Tab/g',
		footer: {label: 'g', text: 'group by'},
		help: 'Group by message/pattern/…',
		modes: ['breakdown'],
	},
	{
		command: 'closeBreakdown',
		keys: [{key: 'escape'}, {input: 'e'}, {input: 'b'}],
		label: 'Esc/e/b',
		footer: {label: 'b', text: 'back'},
		help: 'Back (to the patterns, the records)',
		modes: ['breakdown'],
	},

	// The re-validation confirmation: nothing is focused until Tab, so y confirms at once. Sending again
	// (after no answer) is s, never y: a held or repeated y cannot send twice.
	{
		command: 'confirmUpload',
		keys: [{input: 'y'}],
		label: 'y',
		footer: {label: 'y', text: 'upload'},
		help: 'Upload them, once, at that cost',
		modes: ['confirm'],
	},
	{
		// A y before the count is known, or after the upload went: it sends nothing, and says why.
		command: 'confirmNotNow',
		keys: [{input: 'y'}],
		label: 'y',
		help: 'Nothing now: not counted yet, or sent already',
		modes: ['confirmWait'],
	},
	{
		command: 'editListName',
		keys: [{key: 'tab'}],
		label: 'Tab',
		footer: {label: 'Tab', text: 'edit name'},
		help: "Edit the new list's name",
		modes: ['confirm'],
	},
	{
		command: 'finishListName',
		keys: [{key: 'return'}, {key: 'tab'}],
		label: 'Enter/Tab',
		footer: {label: 'Enter', text: 'keep name'},
		help: 'Keep the name as typed',
		modes: ['confirmName'],
	},
	{
		command: 'cancelListName',
		keys: [{key: 'escape'}, {input: 'c', ctrl: true}],
		label: 'Esc',
		footer: {label: 'Esc', text: 'undo'},
		help: 'Put the name back as it was',
		modes: ['confirmName'],
	},
	{
		command: 'leaveOutRejected',
		keys: [{input: 'o'}],
		label: 'o',
		footer: {label: 'o', text: 'leave them out'},
		help: 'Leave out what the API refused',
		modes: ['confirmRejected'],
	},
	{
		command: 'openFoundJob',
		keys: [{key: 'return'}],
		label: 'Enter',
		footer: {label: 'Enter', text: 'open job found'},
		help: 'Open the job the look found',
		modes: ['confirmUnknown'],
	},
	{
		command: 'sendAgain',
		keys: [{input: 's'}],
		label: 's',
		footer: {label: 's', text: 'send again'},
		help: 'Send it again (once more)',
		modes: ['confirmUnknown'],
	},
	{
		command: 'lookAgain',
		keys: [{input: 'r'}],
		label: 'r',
		footer: {label: 'r', text: 'look again'},
		help: 'Look in the job list again',
		modes: ['confirmUnknown'],
	},
	{
		command: 'gatherAgain',
		keys: [{input: 'r'}],
		label: 'r',
		footer: {label: 'r', text: 'start over'},
		help: 'Read the emails again',
		modes: ['confirmFailed'],
	},
	{
		command: 'cancelUpload',
		keys: [{key: 'escape'}, {input: 'n'}, {input: 'b'}],
		label: 'Esc/n/b',
		footer: {label: 'Esc', text: 'back'},
		help: 'Back; nothing is sent',
		modes: ['confirm', 'confirmWait', 'confirmFailed', 'confirmRejected', 'confirmUnknown'],
	},

	// The token screen (typing goes into the token field).
	{
		command: 'submitToken',
		keys: [{key: 'return'}],
		label: 'Enter',
		footer: {label: 'Enter', text: 'check'},
		help: 'Check the token with the API',
		modes: ['token'],
	},
	{
		command: 'cancelToken',
		keys: [{key: 'escape'}, {input: 'c', ctrl: true}],
		label: 'Esc/Ctrl+C',
		footer: {label: 'Esc/Ctrl+C', text: 'quit'},
		help: 'Quit without a token',
		modes: ['token'],
	},

	// `ecore-records export` at a terminal (export/keys.ts reads them while it runs).
	{
		command: 'cancelExport',
		keys: [{input: 'q'}, {input: 'c', ctrl: true}],
		label: 'q/Ctrl+C',
		help: 'Stop the export (the file is left as it was)',
		modes: ['export'],
	},

	// Everywhere.
	{
		command: 'reload',
		keys: [{input: 'r'}],
		label: 'r',
		footer: {label: 'r', text: 'reload'},
		help: 'Reload; retry after an error',
		modes: ['browse', 'picker', 'breakdown'],
	},
	// After reload: where the footer has no room for every hint, R gives way before x, b and r.
	{
		command: 'revalidate',
		keys: [{input: 'R'}],
		label: 'R',
		footer: {label: 'R', text: 're-validate'},
		help: 'Re-validate as a new job (asks)',
		modes: ['browse', 'breakdown'],
	},
	{
		command: 'help',
		keys: [{input: '?'}],
		label: '?',
		footer: {label: '?', text: 'help'},
		help: 'This help',
		modes: ['browse', 'picker', 'breakdown'],
	},
	{
		command: 'helpNext',
		keys: [{key: 'downArrow'}, {input: 'j'}, {key: 'pageDown'}, {input: ' '}],
		label: '↓/j',
		footer: {label: '↓↑', text: 'more'},
		help: 'Next page of this help (a small terminal has several)',
		modes: ['help'],
	},
	{
		command: 'helpPrevious',
		keys: [{key: 'upArrow'}, {input: 'k'}, {key: 'pageUp'}],
		label: '↑/k',
		help: 'Previous page of this help',
		modes: ['help'],
	},
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
		modes: [
			'browse',
			'picker',
			'filter',
			'breakdown',
			'confirm',
			'confirmWait',
			'confirmFailed',
			'confirmRejected',
			'confirmUnknown',
			'help',
		],
	},
] as const satisfies readonly BindingShape[];

type Row = (typeof TABLE)[number];

/** Every command of the program. */
export type Command = Row['command'];

/** The commands that have a key in mode `M` (in any of them, for a union of modes). */
export type CommandOf<M extends Mode> = Row extends infer R
	? R extends {readonly command: infer C; readonly modes: ReadonlyArray<infer In>}
		? M extends In
			? C
			: never
		: never
	: never;

/** The commands that open a text field: a paste that starts with one of their keys is typed into it. */
export const FIELD_OPENERS = ['find', 'findJob'] as const satisfies readonly Command[];

export interface Binding extends BindingShape {
	readonly command: Command;
}

export const BINDINGS: readonly Binding[] = TABLE;

/**
 * What each command of some modes does, one entry per command: the compiler says when a command that
 * has a key in those modes has no entry (or an entry has no key there), so no key is left unhandled.
 */
export type CommandTable<M extends Mode, T> = {readonly [C in CommandOf<M>]: (target: T) => void};

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
export function commandFor<M extends Mode>(mode: M, input: string, key: Key): CommandOf<M> | undefined {
	for (const binding of BINDINGS) {
		if (binding.modes.includes(mode) && binding.keys.some(spec => matches(spec, input, key))) {
			// The binding lists `mode`, so its command is one of CommandOf<M>.
			return binding.command as CommandOf<M>;
		}
	}

	return undefined;
}

export function bindingsFor(mode: Mode): Binding[] {
	return BINDINGS.filter(binding => binding.modes.includes(mode));
}

/**
 * Footer entries for a mode, in key-map order, e.g. {label: "←→", text: "page"}; only the commands
 * `works` lets through, where a screen knows some keys do nothing right now.
 */
export function footerHints(
	mode: Mode,
	works: (command: Command) => boolean = () => true,
): Array<{label: string; text: string}> {
	return bindingsFor(mode).flatMap(binding => (binding.footer && works(binding.command) ? [binding.footer] : []));
}

/** The footer entries of some commands, in the order given (for a line that offers only the keys that work). */
export function hintsFor(commands: readonly Command[]): Array<{label: string; text: string}> {
	return commands.flatMap(command => {
		const footer = BINDINGS.find(binding => binding.command === command)?.footer;
		return footer ? [footer] : [];
	});
}
