// Copy to the clipboard of the terminal the person is looking at (which, over SSH, is not this
// machine's) with OSC 52. The sequence is built from our own bytes: the text only ever appears
// base64-encoded, so a hostile value cannot end the sequence early or smuggle another one. The text
// itself is SafeText: what a paste types is what the person saw, never a control byte from the API.
//
// Which form reaches the clipboard depends on what sits between us and the terminal:
// - nothing, or SSH: the plain sequence.
// - tmux: tmux reads the plain sequence itself. With `set-clipboard on` it makes a paste buffer of
//   it and sets its own terminal's clipboard; with `external` (its default) or `off` it drops it.
//   The passthrough form (`ESC P tmux; …`) goes to tmux's terminal untouched, but tmux 3.3 and
//   later drop it unless `allow-passthrough` is on (tmux(1), allow-passthrough; tmux issue 3287).
//   So tmux is asked, once, which of the two it accepts; if it cannot be asked, both are sent.
// - GNU screen: screen's own DCS passthrough, in chunks.
import {execFile} from 'node:child_process';
import type {SafeText} from '../text/untrusted.js';

const ESC = '\u001B';
const BEL = '\u0007';
const ST = `${ESC}\\`;

/**
 * Limit on the base64 payload. xterm and tmux drop longer OSC strings (xterm's default is about
 * 100 000 bytes), and a record value never comes close.
 */
export const MAX_CLIPBOARD_PAYLOAD = 100_000;

// GNU screen cuts a DCS string at 768 bytes, so the payload is sent as a run of short DCS
// strings that screen forwards one by one (the approach of vim-oscyank).
const SCREEN_CHUNK = 76;

/** The one tmux setting that makes copy work inside tmux (README, and the message when it is off). */
export const TMUX_CLIPBOARD_LINE = 'set -g set-clipboard on';

export type Multiplexer = 'tmux' | 'screen' | 'none';

/** A way of wrapping OSC 52. */
export type ClipboardForm = 'plain' | 'tmux-passthrough' | 'screen';

/** What tmux does with OSC 52 from a program in its pane, read from its options. */
export interface TmuxClipboard {
	/** `set-clipboard`: `on` makes a buffer of a plain sequence and passes it to tmux's terminal. */
	readonly setClipboard: 'on' | 'external' | 'off';
	/** `allow-passthrough` (tmux 3.3+; older tmux always passed it through). */
	readonly passthrough: boolean;
}

export type ClipboardResult =
	| {
			readonly ok: true;
			readonly sequence: string;
			readonly forms: readonly ClipboardForm[];
			/** Set when what was sent will not arrive, and what would make it. */
			readonly warning?: string;
	  }
	| {readonly ok: false; readonly reason: 'too-large' | 'not-a-terminal'; readonly message: string};

export function detectMultiplexer(env: NodeJS.ProcessEnv): Multiplexer {
	// Checked first: inside tmux TERM is usually screen or screen-256color too.
	if (env['TMUX']) {
		return 'tmux';
	}

	if (env['STY'] || env['TERM']?.startsWith('screen')) {
		return 'screen';
	}

	return 'none';
}

/**
 * The forms to send. Inside tmux: the plain form where tmux takes it (`set-clipboard on`), the
 * passthrough form where only that gets through, both where tmux could not be asked (`undefined`).
 */
export function formsFor(
	multiplexer: Multiplexer,
	tmux: TmuxClipboard | undefined,
): {forms: ClipboardForm[]; warning?: string} {
	switch (multiplexer) {
		case 'none': {
			return {forms: ['plain']};
		}

		case 'screen': {
			return {forms: ['screen']};
		}

		case 'tmux': {
			if (tmux === undefined) {
				return {forms: ['plain', 'tmux-passthrough']};
			}

			if (tmux.setClipboard === 'on') {
				return {forms: ['plain']};
			}

			if (tmux.passthrough) {
				return {forms: ['tmux-passthrough']};
			}

			return {
				forms: ['plain'],
				warning: `tmux drops it: put \`${TMUX_CLIPBOARD_LINE}\` in ~/.tmux.conf.`,
			};
		}
	}
}

function wrap(payload: string, form: ClipboardForm): string {
	switch (form) {
		case 'plain': {
			return `${ESC}]52;c;${payload}${BEL}`;
		}

		case 'tmux-passthrough': {
			// Every ESC inside the passthrough is doubled.
			return `${ESC}Ptmux;${ESC}${ESC}]52;c;${payload}${BEL}${ST}`;
		}

		case 'screen': {
			const chunks: string[] = [];
			for (let index = 0; index < payload.length; index += SCREEN_CHUNK) {
				chunks.push(payload.slice(index, index + SCREEN_CHUNK));
			}

			return `${ESC}P${ESC}]52;c;${chunks.join(`${ST}${ESC}P`)}${BEL}${ST}`;
		}
	}
}

/** The OSC 52 sequence(s) for `text` in the given forms, or why there are none. */
export function osc52(text: SafeText, forms: readonly ClipboardForm[] = ['plain']): ClipboardResult {
	const payload = Buffer.from(text, 'utf8').toString('base64');
	if (payload.length > MAX_CLIPBOARD_PAYLOAD) {
		const size = Math.ceil(Buffer.byteLength(text, 'utf8') / 1024);
		return {
			ok: false,
			reason: 'too-large',
			message: `Too large to copy: ${size} KB, terminals accept about ${MAX_CLIPBOARD_PAYLOAD / 1000} KB of encoded text.`,
		};
	}

	return {ok: true, sequence: forms.map(form => wrap(payload, form)).join(''), forms};
}

/** Runs `tmux` with arguments; resolves to its standard output, or undefined if it failed. */
export type TmuxRunner = (args: readonly string[]) => Promise<string | undefined>;

/** tmux answers at once; a server that does not is not waited for (both forms are sent then). */
const TMUX_QUERY_TIMEOUT_MS = 1000;

export const runTmux: TmuxRunner = async args =>
	new Promise(resolve => {
		execFile('tmux', [...args], {timeout: TMUX_QUERY_TIMEOUT_MS, encoding: 'utf8'}, (error, stdout) => {
			resolve(error ? undefined : stdout);
		});
	});

/** Asks the tmux server in $TMUX how it treats OSC 52; undefined if it cannot be asked. */
export async function queryTmuxClipboard(
	env: NodeJS.ProcessEnv,
	run: TmuxRunner = runTmux,
): Promise<TmuxClipboard | undefined> {
	const pane = env['TMUX_PANE'];
	const target = pane ? ['-t', pane] : [];
	const [clipboard, passthrough] = await Promise.all([
		run(['show-options', '-gv', 'set-clipboard']),
		run(['show-options', '-Apv', ...target, 'allow-passthrough']),
	]);
	const setClipboard = clipboard?.trim();
	if (setClipboard !== 'on' && setClipboard !== 'external' && setClipboard !== 'off') {
		return undefined;
	}

	// tmux before 3.3 has no allow-passthrough (asking fails) and always passes the sequence through.
	const allowed = passthrough === undefined ? 'on' : passthrough.trim();
	return {setClipboard, passthrough: allowed === 'on' || allowed === 'all'};
}

// Asked once per tmux server (and way of asking), not on every key: a tmux client takes a few
// milliseconds and options rarely change while the app runs.
const tmuxAnswers = new WeakMap<TmuxRunner, Map<string, Promise<TmuxClipboard | undefined>>>();

function askTmuxOnce(env: NodeJS.ProcessEnv, run: TmuxRunner): Promise<TmuxClipboard | undefined> {
	let answers = tmuxAnswers.get(run);
	if (answers === undefined) {
		answers = new Map();
		tmuxAnswers.set(run, answers);
	}

	const server = env['TMUX'] ?? '';
	let answer = answers.get(server);
	if (answer === undefined) {
		answer = queryTmuxClipboard(env, run);
		answers.set(server, answer);
	}

	return answer;
}

export interface ClipboardOutput {
	readonly isTTY?: boolean;
	write(chunk: string): unknown;
}

/** Writes the OSC 52 sequence(s) to a terminal; the result says what was sent, or why nothing was. */
export async function copyToClipboard(
	text: SafeText,
	stdout: ClipboardOutput,
	env: NodeJS.ProcessEnv = process.env,
	run: TmuxRunner = runTmux,
): Promise<ClipboardResult> {
	if (!stdout.isTTY) {
		return {ok: false, reason: 'not-a-terminal', message: 'Cannot copy: the output is not a terminal.'};
	}

	const multiplexer = detectMultiplexer(env);
	const tmux = multiplexer === 'tmux' ? await askTmuxOnce(env, run) : undefined;

	const {forms, warning} = formsFor(multiplexer, tmux);
	const result = osc52(text, forms);
	if (!result.ok) {
		return result;
	}

	stdout.write(result.sequence);
	return warning === undefined ? result : {...result, warning};
}

function describeForms(forms: readonly ClipboardForm[]): string {
	if (forms.length > 1) {
		return 'OSC 52, plain and through tmux passthrough';
	}

	switch (forms[0]) {
		case 'tmux-passthrough': {
			return 'OSC 52 through tmux passthrough';
		}

		case 'screen': {
			return 'OSC 52 through screen';
		}

		default: {
			return 'OSC 52';
		}
	}
}

/** One line saying what was sent (never that the clipboard changed: the terminal may ignore it). */
export function describeCopy(what: string, result: ClipboardResult): string {
	if (!result.ok) {
		return result.message;
	}

	if (result.warning !== undefined) {
		return `Sent ${what} as ${describeForms(result.forms)}; ${result.warning}`;
	}

	return `Sent ${what} to the terminal's clipboard (${describeForms(result.forms)}).`;
}
