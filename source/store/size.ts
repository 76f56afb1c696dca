// The terminal's size, held once for the whole app: one subscription to resizes, which asks for a full
// redraw before the new size is drawn (after a resize the terminal has reflowed or cut what was on
// screen, so a line diff against the previous frame would leave stale or blank lines).
import {createValueStore, type ReadableStore} from './store.js';

export interface TerminalSize {
	readonly columns: number;
	readonly rows: number;
}

/** What the app needs of the terminal it draws in. */
export interface TerminalPort {
	/** The real size now (even while a full redraw is pending). */
	size(): TerminalSize;
	/** Returns the unsubscribe function. */
	onResize(listener: () => void): () => void;
	/** The next frame clears the screen and is written whole. */
	repaint(): void;
}

/** A terminal port over a stream such as Ink's stdout: 80×24 when it does not say (not a TTY). */
export function streamTerminal(
	stream: Pick<NodeJS.WriteStream, 'on' | 'off'> & {readonly columns?: number; readonly rows?: number},
	repaint: () => void = () => undefined,
): TerminalPort {
	return {
		size: () => ({columns: stream.columns || 80, rows: stream.rows || 24}),
		onResize(listener) {
			stream.on('resize', listener);
			return () => {
				stream.off('resize', listener);
			};
		},
		repaint,
	};
}

export interface SizeStore extends ReadableStore<TerminalSize> {
	/** Starts following resizes; returns the function that stops. */
	follow(): () => void;
}

export function createSizeStore(terminal: TerminalPort): SizeStore {
	const store = createValueStore(terminal.size());
	const onResize = () => {
		const next = terminal.size();
		const previous = store.getState();
		if (next.columns === previous.columns && next.rows === previous.rows) {
			return;
		}

		terminal.repaint();
		store.set(next);
	};

	return {
		getState: store.getState,
		subscribe: store.subscribe,
		follow() {
			// A resize while nobody listened (between creation and now) is not missed.
			onResize();
			return terminal.onResize(onResize);
		},
	};
}
