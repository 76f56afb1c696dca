import {Box, Text, useInput} from 'ink';
import TextInput from 'ink-text-input';
import type React from 'react';
import {useEffect, useRef, useState} from 'react';
import type {ApiError} from '../api/errors.js';
import {sanitize} from '../terminal/sanitize.js';
import type {Theme} from '../terminal/theme.js';

export const REFUSED_MESSAGE = 'The API refused that token (401). Try again.';

export interface TokenScreenProps {
	/** One cheap authenticated request (list one job); 'ok' or the error it failed with. */
	verify(token: string): Promise<'ok' | ApiError>;
	/** Called once with a token the API accepted; the caller saves it and moves on. */
	onToken(token: string): void;
	onCancel(): void;
	theme: Theme;
	/** Why the screen is showing, e.g. the saved token was refused while browsing. */
	reason?: string;
	/** Shown so a person knows which server the token is about to be sent to. */
	baseUrl?: string;
}

type Phase = 'editing' | 'checking' | 'accepted';

export function TokenScreen({verify, onToken, onCancel, theme, reason, baseUrl}: TokenScreenProps) {
	const [value, setValue] = useState('');
	const [phase, setPhase] = useState<Phase>('editing');
	const [problem, setProblem] = useState<string | undefined>(undefined);
	// A check that finishes after Esc, or after the screen is gone, must not call back.
	const attempt = useRef(0);
	const mounted = useRef(true);
	useEffect(
		() => () => {
			mounted.current = false;
		},
		[],
	);

	useInput((input, key) => {
		if (key.escape || (key.ctrl && input === 'c')) {
			attempt.current++;
			onCancel();
		}
	});

	const submit = (raw: string) => {
		if (phase !== 'editing') {
			return;
		}

		const token = raw.trim();
		if (token === '') {
			setProblem('Paste or type a token first.');
			return;
		}

		const id = ++attempt.current;
		setPhase('checking');
		setProblem(undefined);
		const settle = (result: 'ok' | ApiError | undefined) => {
			if (!mounted.current || id !== attempt.current) {
				return;
			}

			if (result === 'ok') {
				setPhase('accepted');
				onToken(token);
				return;
			}

			setPhase('editing');
			if (result?.kind === 'auth') {
				// Retyping is the only way forward, and a masked field cannot be edited by eye.
				setValue('');
				setProblem(result.status === 401 ? REFUSED_MESSAGE : result.message);
				return;
			}

			setProblem(
				result
					? `${result.message} Press Enter to try again.`
					: 'The token could not be checked. Press Enter to try again.',
			);
		};

		verify(token).then(settle, () => {
			settle(undefined);
		});
	};

	// A paste arrives as one chunk, and its line break is then text, not an Enter key press.
	const change = (next: string) => {
		if (/[\r\n]/.test(next)) {
			const pasted = next.replaceAll(/[\r\n]/g, '');
			setValue(pasted);
			submit(pasted);
			return;
		}

		setValue(next);
	};

	let status: React.ReactNode = null;
	if (phase === 'checking') {
		status = <Text {...theme.style('accent')}>Checking…</Text>;
	} else if (phase === 'accepted') {
		status = <Text>Token accepted.</Text>;
	} else if (problem !== undefined) {
		status = <Text {...theme.style('error')}>{sanitize(problem)}</Text>;
	}

	return (
		<Box flexDirection="column" paddingX={1}>
			<Text {...theme.style('title')}>ecore-records · API token</Text>
			{reason === undefined ? null : (
				<Box marginTop={1}>
					<Text {...theme.style('warning')}>{sanitize(reason)}</Text>
				</Box>
			)}
			<Box marginTop={1} flexDirection="column">
				<Text>Paste your eCore API token. Find it in the eCore dashboard under Settings → API Tokens.</Text>
				{baseUrl === undefined ? null : (
					<Text {...theme.style('dim')}>{`It will be checked with ${sanitize(baseUrl)}`}</Text>
				)}
			</Box>
			{/* One line however long the token (a long one is still taken whole): a wrapped mask would push the frame past the terminal. */}
			<Box marginTop={1} height={1} overflowY="hidden">
				<Text {...theme.style('label')}>Token: </Text>
				<TextInput value={value} mask="•" focus={phase === 'editing'} onChange={change} onSubmit={submit} />
			</Box>
			<Box marginTop={1} minHeight={1}>
				{status}
			</Box>
			<Text {...theme.style('dim')}>Enter to check · Esc or Ctrl+C to quit</Text>
		</Box>
	);
}
