// Copy to the clipboard of the terminal the person is looking at (which, over SSH, is not this
// machine's) with OSC 52. The sequence is built from our own bytes: the text only ever appears
// base64-encoded, so a hostile value cannot end the sequence early or smuggle another one.

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

export type Multiplexer = 'tmux' | 'screen' | 'none';

export type ClipboardResult =
	| {readonly ok: true; readonly sequence: string}
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

export function osc52(text: string, env: NodeJS.ProcessEnv = process.env): ClipboardResult {
	const payload = Buffer.from(text, 'utf8').toString('base64');
	if (payload.length > MAX_CLIPBOARD_PAYLOAD) {
		const size = Math.ceil(Buffer.byteLength(text, 'utf8') / 1024);
		return {
			ok: false,
			reason: 'too-large',
			message: `Too large to copy: ${size} KB, terminals accept about ${MAX_CLIPBOARD_PAYLOAD / 1000} KB of encoded text.`,
		};
	}

	switch (detectMultiplexer(env)) {
		case 'tmux': {
			// tmux passthrough (needs `set -g allow-passthrough on`): every ESC inside is doubled.
			return {ok: true, sequence: `${ESC}Ptmux;${ESC}${ESC}]52;c;${payload}${BEL}${ST}`};
		}

		case 'screen': {
			const chunks: string[] = [];
			for (let index = 0; index < payload.length; index += SCREEN_CHUNK) {
				chunks.push(payload.slice(index, index + SCREEN_CHUNK));
			}

			return {ok: true, sequence: `${ESC}P${ESC}]52;c;${chunks.join(`${ST}${ESC}P`)}${BEL}${ST}`};
		}

		case 'none': {
			return {ok: true, sequence: `${ESC}]52;c;${payload}${BEL}`};
		}
	}
}

export interface ClipboardOutput {
	readonly isTTY?: boolean;
	write(chunk: string): unknown;
}

/** Writes the OSC 52 sequence to a terminal; the result says why nothing was written otherwise. */
export function copyToClipboard(
	text: string,
	stdout: ClipboardOutput,
	env: NodeJS.ProcessEnv = process.env,
): ClipboardResult {
	if (!stdout.isTTY) {
		return {ok: false, reason: 'not-a-terminal', message: 'Cannot copy: the output is not a terminal.'};
	}

	const result = osc52(text, env);
	if (result.ok) {
		stdout.write(result.sequence);
	}

	return result;
}
