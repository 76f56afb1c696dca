// Waiting on a controller's store: resolves when its state satisfies a predicate (checked now and after
// every change), so controller tests wait on a signal, never on a sleep.
import type {Key} from 'ink';
import {PLAIN_KEY} from '../../source/keys/input.js';
import type {ReadableStore} from '../../source/store/store.js';

export async function until<S>(
	store: ReadableStore<S>,
	predicate: (state: S) => boolean,
	what = 'the expected state',
	timeoutMs = 8000,
): Promise<S> {
	if (predicate(store.getState())) {
		return store.getState();
	}

	return new Promise<S>((resolve, reject) => {
		const timer = setTimeout(() => {
			unsubscribe();
			reject(new Error(`Timed out waiting for ${what}; last state:\n${JSON.stringify(store.getState(), brief, 2)}`));
		}, timeoutMs);
		const unsubscribe = store.subscribe(() => {
			const state = store.getState();
			if (predicate(state)) {
				clearTimeout(timer);
				unsubscribe();
				resolve(state);
			}
		});
	});
}

/** Long arrays (a page's records) are shown by their length in a timeout's message. */
function brief(_key: string, value: unknown): unknown {
	return Array.isArray(value) && value.length > 5 ? `[${value.length} items]` : value;
}

/** Key objects as Ink hands them to input handlers. */
export const KEY = {
	plain: PLAIN_KEY,
	enter: {...PLAIN_KEY, return: true},
	escape: {...PLAIN_KEY, escape: true, meta: true},
	down: {...PLAIN_KEY, downArrow: true},
	up: {...PLAIN_KEY, upArrow: true},
	right: {...PLAIN_KEY, rightArrow: true},
	ctrl: {...PLAIN_KEY, ctrl: true},
} as const satisfies Record<string, Key>;

/** A clock whose intervals run only when the test says so. */
export function manualClock() {
	let now = 0;
	const timers = new Set<{ms: number; tick: () => void}>();
	return {
		clock: {
			now: () => now,
			every(ms: number, tick: () => void) {
				const timer = {ms, tick};
				timers.add(timer);
				return () => {
					timers.delete(timer);
				};
			},
		},
		/** Intervals currently running. */
		get running() {
			return timers.size;
		},
		/** Moves time on by `ms` and runs every interval once. */
		advance(ms: number) {
			now += ms;
			for (const timer of [...timers]) {
				timer.tick();
			}
		},
	};
}
