import {useStdout} from 'ink';
import {createContext, useContext, useEffect, useState} from 'react';

export interface TerminalSize {
	readonly columns: number;
	readonly rows: number;
}

/**
 * Called on a resize before the new layout renders. After a resize the terminal has reflowed (or cut)
 * what was on screen, so Ink's line-by-line diff no longer matches it: the program clears the screen
 * and makes Ink write the next frame whole. Tests leave it a no-op.
 */
export const RepaintContext = createContext<() => void>(() => undefined);

/** The terminal's size, following resizes. Non-TTY streams (tests) report 80×24 unless they say otherwise. */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const repaint = useContext(RepaintContext);
	const read = (): TerminalSize => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => {
			const next = read();
			setSize(previous => {
				if (previous.columns === next.columns && previous.rows === next.rows) {
					return previous;
				}

				repaint();
				return next;
			});
		};

		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [stdout, repaint]);
	return size;
}
