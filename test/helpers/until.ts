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
