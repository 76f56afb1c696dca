import {useSyncExternalStore} from 'react';
import type {ReadableStore} from './store.js';

/**
 * The one binding of a controller's store to React: the view renders what the store holds now, and
 * again after every change. The state lives in the store, outside React, so a screen taken off and put
 * back on the screen shows exactly what it showed before.
 */
export function useStore<S>(store: ReadableStore<S>): S {
	return useSyncExternalStore(store.subscribe, store.getState);
}
