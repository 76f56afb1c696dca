// Ink 6.8 throws from its stdin listener on a key it cannot name that carries the Ctrl modifier:
// parse-keypress leaves `name` undefined for ESC [1;5P (Ctrl+F1 in xterm and tmux) and its siblings,
// and useInput then calls `undefined.startsWith` (vadimdemedes/ink#901; fixed in Ink 7, which needs
// Node 22). The throw ends the program. The stdin handed to Ink drops those sequences: no binding
// uses them, and everything else passes through untouched.
//
// A sequence split across two reads (ESC [5 then Q, as a slow link can deliver it) is only whole
// inside Ink's parser, so no filter on a read can see it: Ink's 'readable' listener is guarded too,
// and that one error is dropped with the rest of its read instead of ending the program.

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

/**
 * The stream to pass as Ink's `stdin`: the real one, with reads filtered by `dropUnnamedCtrlKeys`
 * and Ink's 'readable' listener guarded against the same crash from a sequence split across reads.
 */
export function inkStdin(stdin: NodeJS.ReadStream): NodeJS.ReadStream {
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

	const subscribe =
		(method: 'on' | 'addListener' | 'off' | 'removeListener') =>
		(event: string | symbol, listener: Listener): NodeJS.ReadStream => {
			const target = event === 'readable' ? guard(listener) : listener;
			(stdin[method] as (event: string | symbol, listener: Listener) => unknown).call(stdin, event, target);
			return proxy;
		};

	const methods: Record<string, unknown> = {
		on: subscribe('on'),
		addListener: subscribe('addListener'),
		off: subscribe('off'),
		removeListener: subscribe('removeListener'),
	};

	const read = (...args: unknown[]): unknown => {
		const chunk: unknown = (stdin.read as (...args: unknown[]) => unknown)(...args);
		if (typeof chunk === 'string') {
			return dropUnnamedCtrlKeys(chunk);
		}

		if (Buffer.isBuffer(chunk)) {
			const text = chunk.toString('utf8');
			const filtered = dropUnnamedCtrlKeys(text);
			return filtered === text ? chunk : Buffer.from(filtered, 'utf8');
		}

		return chunk;
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
	return proxy;
}
