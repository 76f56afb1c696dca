// The stream Ink reads keys from: the terminal's stdin, with every read framed first (terminalInput.ts:
// bracketed pastes taken out whole, reports the terminal sends unasked dropped, a CSI sequence cut
// between two reads joined again) — the one place where bytes from the terminal become keys.
//
// Ink 6.8 also throws from its stdin listener on a key it cannot name that carries the Ctrl modifier:
// parse-keypress leaves `name` undefined for ESC [1;5P (Ctrl+F1 in xterm and tmux) and its siblings,
// and useInput then calls `undefined.startsWith` (vadimdemedes/ink#901; fixed in Ink 7, which needs
// Node 22). The throw ends the program. The stdin handed to Ink drops those sequences: no binding
// uses them, and everything else passes through untouched. One cut where the framer does not join it
// (ESC O 5, then Q) is only whole inside Ink's parser, so Ink's 'readable' listener is guarded too,
// and that one error is dropped with the rest of its read instead of ending the program.

import {InputFramer, PASTE_SILENCE_MS, SEQUENCE_WAIT_MS, type InputPiece} from './terminalInput.js';

// The key codes Ink 6.8's parse-keypress names (its `keyName` table). A Ctrl-modified key with any
// other code is the crash.
const NAMED_CODES = new Set(
	'OP OQ OR OS [11~ [12~ [13~ [14~ [[A [[B [[C [[D [[E [15~ [17~ [18~ [19~ [20~ [21~ [23~ [24~ [A [B [C [D [E [F [H OA OB OC OD OE OF OH [1~ [2~ [3~ [4~ [5~ [6~ [[5~ [[6~ [7~ [8~ [a [b [c [d [e [2$ [3$ [5$ [6$ [7$ [8$ Oa Ob Oc Od Oe [2^ [3^ [5^ [6^ [7^ [8^ [Z'.split(
		' ',
	),
);

// parse-keypress.js `fnKeyRe`, global, to find every such key in a chunk.
const FUNCTION_KEY = /\u001b+(O|N|\[|\[\[)(?:(\d+)(?:;(\d+))?([~^$])|(?:1;)?(\d+)?([a-zA-Z]))/g;

function crashesInk(parts: RegExpExecArray | RegExpMatchArray): boolean {
	const code = [parts[1], parts[2], parts[4], parts[6]].filter(Boolean).join('');
	const modifier = Number(parts[3] ?? parts[5] ?? 1) - 1;
	// Bit 4 of the xterm modifier is Ctrl.
	return (modifier & 4) !== 0 && !NAMED_CODES.has(code);
}

/** `chunk` without the key sequences Ink 6.8 would throw on. */
export function dropUnnamedCtrlKeys(chunk: string): string {
	if (!chunk.includes('\u001b')) {
		return chunk;
	}

	return chunk.replaceAll(FUNCTION_KEY, (...match: string[]) =>
		crashesInk(match as unknown as RegExpMatchArray) ? '' : match[0]!,
	);
}

const isInkKeyCrash = (error: unknown): boolean =>
	error instanceof TypeError && error.message.includes("(reading 'startsWith')");

type Listener = (...args: unknown[]) => void;
type PasteListener = (text: string) => void;

/** The paste listeners of each stream `inkStdin` made. */
const pasteListeners = new WeakMap<object, Set<PasteListener>>();

/**
 * Calls `listener` with the text of each bracketed paste read from `stdin` (a stream `inkStdin` made),
 * in order with the keys around it: keys before the paste have reached Ink's `useInput` handlers, keys
 * after it have not. Returns the unsubscribe. On any other stream, nothing is ever called.
 */
export function onPaste(stdin: object, listener: PasteListener): () => void {
	const listeners = pasteListeners.get(stdin);
	listeners?.add(listener);
	return () => {
		listeners?.delete(listener);
	};
}

export interface InkStdinOptions {
	/** Timers, for tests; the real ones by default. */
	readonly setTimeout?: (callback: () => void, ms: number) => {unref?(): unknown};
	readonly clearTimeout?: (timer: never) => void;
}

/**
 * The stream to pass as Ink's `stdin`: the real one, with every read going through an `InputFramer`
 * (pastes taken out whole and handed to `onPaste` listeners, reports a terminal sends unasked dropped)
 * and `dropUnnamedCtrlKeys`, and Ink's 'readable' listener guarded against the crash from a sequence
 * split across reads.
 */
export function inkStdin(stdin: NodeJS.ReadStream, options: InkStdinOptions = {}): NodeJS.ReadStream {
	const startTimer = options.setTimeout ?? setTimeout;
	const stopTimer = (options.clearTimeout ?? clearTimeout) as (timer: unknown) => void;
	const guarded = new WeakMap<Listener, Listener>();
	const guard = (listener: Listener): Listener => {
		let wrapped = guarded.get(listener);
		if (!wrapped) {
			wrapped = (...args: unknown[]) => {
				try {
					listener(...args);
				} catch (error) {
					if (!isInkKeyCrash(error)) {
						throw error;
					}
				}
			};

			guarded.set(listener, wrapped);
		}

		return wrapped;
	};

	// Ink's 'readable' listeners, to call when held input is let go with no read from the terminal.
	const readers = new Set<Listener>();
	const subscribe =
		(method: 'on' | 'addListener' | 'off' | 'removeListener') =>
		(event: string | symbol, listener: Listener): NodeJS.ReadStream => {
			const target = event === 'readable' ? guard(listener) : listener;
			if (event === 'readable') {
				if (method === 'on' || method === 'addListener') {
					readers.add(target);
				} else {
					readers.delete(target);
				}
			}

			(stdin[method] as (event: string | symbol, listener: Listener) => unknown).call(stdin, event, target);
			return proxy;
		};

	const methods: Record<string, unknown> = {
		on: subscribe('on'),
		addListener: subscribe('addListener'),
		off: subscribe('off'),
		removeListener: subscribe('removeListener'),
	};

	const framer = new InputFramer();
	const pastes = new Set<PasteListener>();
	// Pieces framed but not yet handed on: one 'keys' piece per read() call, so that Ink has handled the
	// keys before a paste when the paste's listeners are called.
	const queue: InputPiece[] = [];
	let timer: unknown;
	const wait = () => {
		stopTimer(timer);
		timer = undefined;
		const holding = framer.holding;
		if (holding === undefined) {
			return;
		}

		const handle = startTimer(
			() => {
				timer = undefined;
				queue.push(...framer.flush());
				for (const reader of readers) {
					reader();
				}
			},
			holding === 'paste' ? PASTE_SILENCE_MS : SEQUENCE_WAIT_MS,
		);
		// A paste cut short never keeps the process alive.
		handle.unref?.();
		timer = handle;
	};

	const read = (...args: unknown[]): unknown => {
		for (;;) {
			const piece = queue.shift();
			if (piece?.kind === 'paste') {
				for (const listener of pastes) {
					listener(piece.text);
				}

				continue;
			}

			if (piece) {
				return dropUnnamedCtrlKeys(piece.text);
			}

			const chunk: unknown = (stdin.read as (...args: unknown[]) => unknown)(...args);
			if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk)) {
				return chunk;
			}

			const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
			queue.push(...framer.push(text));
			wait();
			if (queue.length === 0) {
				// All of it held or dropped: an empty read, so Ink reads on.
				return '';
			}
		}
	};

	const proxy: NodeJS.ReadStream = new Proxy(stdin, {
		get(target, property) {
			if (property === 'read') {
				return read;
			}

			if (typeof property === 'string' && property in methods) {
				return methods[property];
			}

			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
	pasteListeners.set(proxy, pastes);
	return proxy;
}
