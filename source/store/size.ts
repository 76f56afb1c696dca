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

/** Where SIGWINCH arrives: `process`, or a test's emitter. */
export type WinchSource = Pick<NodeJS.EventEmitter, 'on' | 'off'>;

/**
 * A terminal port over a stream such as Ink's stdout: 80×24 when it does not say (not a TTY). With
 * `winch` (the real terminal: `process`), every SIGWINCH is a resize: Node emits 'resize' only when the
 * size it reads differs from the last, so a drag or a zoom that ends at the size it started from (its
 * signals coalesced into one) would go unseen, though the terminal reflowed the screen meanwhile. Node's
 * own SIGWINCH listener, added when stdout was made, has refreshed the size by the time this one runs.
 */
export function streamTerminal(
	stream: Pick<NodeJS.WriteStream, 'on' | 'off'> & {readonly columns?: number; readonly rows?: number},
	repaint: () => void = () => undefined,
	winch?: WinchSource,
): TerminalPort {
	return {
		size: () => ({columns: stream.columns || 80, rows: stream.rows || 24}),
		onResize(listener) {
			if (winch) {
				winch.on('SIGWINCH', listener);
				return () => {
					winch.off('SIGWINCH', listener);
				};
			}

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
	// Every resize the terminal reports is redrawn whole, even one that ends at the size held: sizes in
	// quick succession (a window dragged, a pane zoomed and back) reach Node as fewer SIGWINCHes than there
	// were sizes, so 80×24 → 100×30 → 80×24 can arrive as one event reading 80×24, after the terminal
	// reflowed the screen twice. The new object makes the app draw that frame now, not at the next key.
	const onResize = () => {
		terminal.repaint();
		store.set({...terminal.size()});
	};

	return {
		getState: store.getState,
		subscribe: store.subscribe,
		follow() {
			// A resize while nobody listened (between creation and now) is not missed.
			const next = terminal.size();
			const held = store.getState();
			if (next.columns !== held.columns || next.rows !== held.rows) {
				onResize();
			}

			return terminal.onResize(onResize);
		},
	};
}
