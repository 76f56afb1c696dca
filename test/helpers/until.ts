// Waiting on a fact that has no event to listen to (a counter in a wrapped client, a server's request
// log): it is read every few milliseconds until it holds. The timeout only bounds a hang.

export async function untilTrue(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) {
			throw new Error(`Timed out waiting for ${what}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 5);
		});
	}
}

/**
 * Resolves with a store's state once `predicate` holds (at once if it already does), waking on the store's
 * own updates. On timeout the error shows `describe` of the last state.
 */
export async function untilState<S>(
	store: {getState(): S; subscribe(listener: () => void): () => void},
	predicate: (state: S) => boolean,
	what: string,
	{
		timeoutMs = 15_000,
		describe = (state: S) => JSON.stringify(state),
	}: {timeoutMs?: number; describe?: (state: S) => string} = {},
): Promise<S> {
	if (predicate(store.getState())) {
		return store.getState();
	}

	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			unsubscribe();
			reject(new Error(`Timed out waiting for ${what}; last state: ${describe(store.getState())}`));
		}, timeoutMs);
		const unsubscribe = store.subscribe(() => {
			if (predicate(store.getState())) {
				clearTimeout(timer);
				unsubscribe();
				resolve(store.getState());
			}
		});
	});
}
