// The harness's own promise: after press() and waitFor() the app has handled what came before, so
// the next key reaches what the last frame shows, with no pause in between.
import {Text, useInput} from 'ink';
import {useEffect, useState} from 'react';
import {describe, expect, it} from 'vitest';
import {KEYS, renderAt} from './render.js';

/** `o` opens a prompt whose own key handler subscribes in an effect, as ink-text-input's does. */
function Prompt({onKey}: {readonly onKey: (key: string) => void}) {
	useInput(input => {
		onKey(input);
	});
	return <Text>prompt open</Text>;
}

function App({log}: {readonly log: string[]}) {
	const [open, setOpen] = useState(false);
	const [later, setLater] = useState('');
	useInput(
		(input, key) => {
			log.push(key.escape ? 'closed got Esc' : `closed got ${input}`);
			if (input === 'o') {
				setOpen(true);
			}

			if (input === 'p') {
				// An answer that comes back a moment later, as from the network.
				void Promise.resolve().then(() => {
					setLater('answered');
				});
			}
		},
		{isActive: !open},
	);
	useEffect(() => {
		log.push(`effect open=${open}`);
	}, [open, log]);
	return open ? (
		<Prompt
			onKey={key => {
				log.push(`prompt got ${key}`);
			}}
		/>
	) : (
		<Text>closed {later}</Text>
	);
}

describe('the render harness', () => {
	it('press: the next key reaches the input the last key opened', async () => {
		const log: string[] = [];
		const screen = await renderAt(<App log={log} />, 40, 5);
		await screen.press('o', 'x');
		expect(screen.frame()).toContain('prompt open');
		expect(log).toEqual(['effect open=false', 'closed got o', 'effect open=true', 'prompt got x']);
		screen.unmount();
	});

	it("waitFor: returns once the matching frame's effects have run", async () => {
		const log: string[] = [];
		const screen = await renderAt(<App log={log} />, 40, 5);
		screen.write('o');
		await screen.waitFor('prompt open');
		screen.write('y');
		await screen.idle();
		expect(log).toContain('prompt got y');
		screen.unmount();
	});

	it('idle: waits for renders that follow a key in a later microtask', async () => {
		const log: string[] = [];
		const screen = await renderAt(<App log={log} />, 40, 5);
		await screen.press('p');
		expect(screen.frame()).toContain('closed answered');
		screen.unmount();
	});

	it('write: keys typed ahead arrive as one read; press sends a lone Esc as its own key', async () => {
		const log: string[] = [];
		const screen = await renderAt(<App log={log} />, 40, 5);
		screen.write('ox');
		await screen.idle();
		expect(log).toEqual(['effect open=false', 'closed got ox']);
		await screen.press(KEYS.escape, 'o', 'z');
		expect(log.slice(2)).toEqual(['closed got Esc', 'closed got o', 'effect open=true', 'prompt got z']);
		screen.unmount();
	});

	it('is drawn at the size asked for from the first frame', async () => {
		const screen = await renderAt(<Text>{'x'.repeat(50)}</Text>, 20, 5);
		expect(screen.frames[0]?.split('\n')[0]).toBe('x'.repeat(20));
		screen.resize(30, 5);
		await screen.idle();
		expect(screen.frame().split('\n')[0]).toBe('x'.repeat(30));
		screen.unmount();
	});
});
