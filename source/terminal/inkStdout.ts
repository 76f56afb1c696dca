// Ink 6.8's incremental renderer is off by one row whenever a frame ends with a newline (every frame
// shorter than the terminal, which is what we keep it to): after such a frame the cursor sits on the
// row *below* it, yet the next frame starts with `cursorUp(lines - 1)`, so each update lands one row
// lower and the screen scrolls. Ink 7 needs Node 22, so the stdout handed to Ink corrects that one
// sequence. The shrink path (which starts by erasing lines) and the first frame are already right.
const LEADING_CURSOR_UP = /^\u001B\[(\d+)A/;

/** Erase the whole screen and home the cursor: after a resize, before Ink writes a frame whole. */
export const CLEAR_SCREEN = '\u001B[2J\u001B[H';

export function fixIncrementalCursor(chunk: string): string {
	const match = LEADING_CURSOR_UP.exec(chunk);
	if (!match) {
		return chunk;
	}

	return `\u001B[${Number(match[1]) + 1}A${chunk.slice(match[0].length)}`;
}

/** The stream to pass as Ink's `stdout`: the real one, with frame writes corrected. */
export function inkStdout(stdout: NodeJS.WriteStream): NodeJS.WriteStream {
	const write = (chunk: unknown, ...rest: unknown[]): boolean =>
		(stdout.write as (...args: unknown[]) => boolean)(
			typeof chunk === 'string' ? fixIncrementalCursor(chunk) : chunk,
			...rest,
		);
	return new Proxy(stdout, {
		get(target, property) {
			if (property === 'write') {
				return write;
			}

			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
