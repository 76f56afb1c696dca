// The one kind of state container behind every screen: a pure reducer, the state it left last, and
// subscribers told after each change. Controllers own one and dispatch to it; views read it through
// useStore. Reads are synchronous, so keys that arrive faster than React renders each see the state
// the previous key left.

/** What a view may do with a store: read it and hear about changes. */
export interface ReadableStore<S> {
	getState(): S;
	/** Returns the unsubscribe function. */
	subscribe(listener: () => void): () => void;
}

export interface Store<S, A> extends ReadableStore<S> {
	dispatch(action: A): void;
}

export type Reducer<S, A> = (state: S, action: A) => S;

export function createStore<S, A>(reducer: Reducer<S, A>, initial: S): Store<S, A> {
	let state = initial;
	const listeners = new Set<() => void>();
	return {
		getState: () => state,
		dispatch(action) {
			const next = reducer(state, action);
			// A reducer returns the same object when nothing changed: nobody needs to hear of it.
			if (next === state) {
				return;
			}

			state = next;
			for (const listener of [...listeners]) {
				listener();
			}
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
	};
}

/** A store whose state is set whole (no actions), e.g. the terminal's size. */
export interface ValueStore<S> extends ReadableStore<S> {
	set(value: S): void;
}

export function createValueStore<S>(initial: S): ValueStore<S> {
	const store = createStore<S, S>((_, next) => next, initial);
	return {getState: store.getState, subscribe: store.subscribe, set: store.dispatch};
}
