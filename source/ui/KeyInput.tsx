import {useInput, type Key} from 'ink';

/**
 * Hands every read from the terminal to `onKey`, which must keep its identity (a controller's bound
 * `key`): Ink then subscribes once, and no key is lost to a re-subscription between renders.
 */
export function KeyInput({onKey}: {readonly onKey: (input: string, key: Key) => void}) {
	useInput(onKey);
	return null;
}
