// The terminal's size store: every resize the terminal reports is followed by a full redraw, even one
// that ends at the size already held. Resizes in quick succession (a window dragged, a tmux pane
// zoomed and back) reach Node as fewer SIGWINCHes than there were sizes: 80×24 → 100×30 → 80×24 can
// arrive as one event reading 80×24, yet the terminal reflowed what was on screen twice.
import {EventEmitter} from 'node:events';
import {describe, expect, it} from 'vitest';
import {createSizeStore, streamTerminal, type TerminalPort, type TerminalSize} from '../../source/store/size.js';

function fakeTerminal(initial: TerminalSize) {
	let size = initial;
	let repaints = 0;
	const listeners = new Set<() => void>();
	const port: TerminalPort = {
		size: () => size,
		onResize(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		repaint() {
			repaints++;
		},
	};
	return {
		port,
		resize(next: TerminalSize) {
			size = next;
			for (const listener of listeners) listener();
		},
		repaints: () => repaints,
	};
}

describe('createSizeStore', () => {
	it('asks for a full redraw and a new frame after a resize that ends where it started', () => {
		const terminal = fakeTerminal({columns: 80, rows: 24});
		const store = createSizeStore(terminal.port);
		const stop = store.follow();
		let notified = 0;
		store.subscribe(() => {
			notified++;
		});
		terminal.resize({columns: 80, rows: 24});
		expect(terminal.repaints()).toBe(1);
		expect(notified).toBe(1);
		expect(store.getState()).toEqual({columns: 80, rows: 24});
		stop();
	});

	it('follows a new size with a full redraw', () => {
		const terminal = fakeTerminal({columns: 80, rows: 24});
		const store = createSizeStore(terminal.port);
		const stop = store.follow();
		terminal.resize({columns: 120, rows: 40});
		expect(terminal.repaints()).toBe(1);
		expect(store.getState()).toEqual({columns: 120, rows: 40});
		stop();
	});

	it('starts without a redraw when the size has not changed since it was made', () => {
		const terminal = fakeTerminal({columns: 80, rows: 24});
		const store = createSizeStore(terminal.port);
		const stop = store.follow();
		expect(terminal.repaints()).toBe(0);
		stop();
	});
});

describe('streamTerminal on a real terminal', () => {
	it('takes every SIGWINCH as a resize, though the stream says nothing when its size did not change', () => {
		// Node's tty stream emits 'resize' only for a size unlike the last one it read.
		const stream = Object.assign(new EventEmitter(), {columns: 80, rows: 24}) as unknown as NodeJS.WriteStream & {
			columns: number;
		};
		const winch = new EventEmitter();
		let repaints = 0;
		const store = createSizeStore(
			streamTerminal(
				stream,
				() => {
					repaints++;
				},
				winch,
			),
		);
		const stop = store.follow();
		winch.emit('SIGWINCH');
		expect(repaints).toBe(1);
		stream.columns = 100;
		winch.emit('SIGWINCH');
		expect(repaints).toBe(2);
		expect(store.getState()).toEqual({columns: 100, rows: 24});
		stop();
		winch.emit('SIGWINCH');
		expect(repaints).toBe(2);
		expect(winch.listenerCount('SIGWINCH')).toBe(0);
	});
});
