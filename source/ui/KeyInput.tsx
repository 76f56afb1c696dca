import {useInput, useStdin, type Key} from 'ink';
import {useEffect} from 'react';
import {PASTED} from '../keys/input.js';
import {onPaste} from '../terminal/inkStdin.js';

/**
 * Hands every read from the terminal to `onKey`, which must keep its identity (a controller's bound
 * `key`): Ink then subscribes once, and no key is lost to a re-subscription between renders. A bracketed
 * paste comes whole, as its text with `PASTED` for the key (keys/input.ts), in order with the keys.
 */
export function KeyInput({onKey}: {readonly onKey: (input: string, key: Key) => void}) {
	useInput(onKey);
	const {stdin} = useStdin();
	useEffect(
		() =>
			onPaste(stdin, text => {
				onKey(text, PASTED);
			}),
		[stdin, onKey],
	);
	return null;
}
