// The stdout handed to Ink. Two Ink 6.8 behaviours are corrected here (Ink 7 needs Node 22):
//
// 1. The incremental renderer is off by one row after a frame that ends with a newline (every frame
//    shorter than the terminal, which is what we keep it to): the cursor then sits on the row *below*
//    the frame, yet the next frame starts with `cursorUp(lines - 1)`, so each update lands one row
//    lower and the screen scrolls. The leading cursorUp of such a frame is made one larger. After a
//    frame without the newline (a full redraw, see 2) the cursor is on the last line and Ink is right.
//
// 2. After a resize the terminal has reflowed or cut what was on screen, so a line diff against the
//    previous frame leaves stale or blank lines, and Ink's own resize handler redraws the old layout
//    with exactly such a diff. Its handler (the first 'resize' listener, added when Ink is created) is
//    not attached; instead the app asks for a full redraw (`forceFullRedraw`) before it renders the new
//    layout: for that one frame `rows` reads as 1, which sends Ink down its clear-and-write-all path.

import {localeIsUtf8, toAscii} from './charset.js';

const LEADING_CURSOR_UP = /^\u001B\[(\d+)A/;
const CLEAR = '\u001B[2J';

export function fixIncrementalCursor(chunk: string): string {
	const match = LEADING_CURSOR_UP.exec(chunk);
	if (!match) {
		return chunk;
	}

	return `\u001B[${Number(match[1]) + 1}A${chunk.slice(match[0].length)}`;
}

export interface InkStdout extends NodeJS.WriteStream {
	/** The next frame clears the screen and is written whole. */
	forceFullRedraw(): void;
}

/** `env` decides the character set (charset.ts): a locale that is not UTF-8 gets ASCII. */
export function inkStdout(stdout: NodeJS.WriteStream, env: NodeJS.ProcessEnv = {}): InkStdout {
	const ascii = !localeIsUtf8(env);
	// Whether the last frame Ink wrote ended with a newline (the cursor below it).
	let belowFrame = false;
	let forceFull = false;
	const write = (chunk: unknown, ...rest: unknown[]): boolean => {
		// A terminal whose locale is not UTF-8 gets every frame in ASCII (charset.ts).
		let data = ascii && typeof chunk === 'string' ? toAscii(chunk) : chunk;
		// Frames move the cursor over lines; other writes (synchronized-output marks, cursor show/hide,
		// our OSC 52) say nothing about where it is.
		if (typeof chunk === 'string' && (chunk.includes('\n') || chunk.includes(CLEAR) || LEADING_CURSOR_UP.test(chunk))) {
			data = belowFrame ? fixIncrementalCursor(data as string) : data;
			// A full redraw leaves the cursor on the frame's last line; every other frame, below it.
			belowFrame = !chunk.includes(CLEAR);
			if (!belowFrame) {
				forceFull = false;
			}
		}

		return (stdout.write as (...args: unknown[]) => boolean)(data, ...rest);
	};

	let inkResizeListener: unknown;
	const on = (event: string | symbol, listener: (...args: unknown[]) => void) => {
		if (event === 'resize' && inkResizeListener === undefined) {
			inkResizeListener = listener;
			return proxy;
		}

		stdout.on(event as string, listener);
		return proxy;
	};

	const off = (event: string | symbol, listener: (...args: unknown[]) => void) => {
		if (listener !== inkResizeListener) {
			stdout.off(event as string, listener);
		}

		return proxy;
	};

	const overrides: Record<string | symbol, unknown> = {
		write,
		on,
		addListener: on,
		off,
		removeListener: off,
		forceFullRedraw() {
			forceFull = true;
		},
	};

	const proxy = new Proxy(stdout, {
		get(target, property) {
			if (property in overrides) {
				return overrides[property];
			}

			if (property === 'rows' && forceFull) {
				return 1;
			}

			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	}) as InkStdout;
	return proxy;
}
