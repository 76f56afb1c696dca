import {Box, Text} from 'ink';
import TextInput from 'ink-text-input';
import type React from 'react';
import type {TokenController} from '../store/token.js';
import {useStore} from '../store/useStore.js';
import {sanitize} from '../text/sanitize.js';
import type {Theme} from '../terminal/theme.js';
import {Footer} from './Footer.js';
import {KeyInput} from './KeyInput.js';

export interface TokenScreenProps {
	readonly controller: TokenController;
	readonly theme: Theme;
	/** Shown so a person knows which server the token is about to be sent to. */
	readonly baseUrl?: string | undefined;
	readonly width: number;
}

/** Asks for an API token, masked, and says what the API made of it. */
export function TokenScreen({controller, theme, baseUrl, width}: TokenScreenProps) {
	const {value, phase, problem} = useStore(controller.store);
	const {reason} = controller;
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
				<TextInput value={value} mask="•" focus={phase === 'editing'} onChange={controller.change} />
			</Box>
			<Box marginTop={1} minHeight={1}>
				{status}
			</Box>
			<Footer mode="token" width={Math.max(1, width - 2)} theme={theme} />
		</Box>
	);
}

/** The token screen on its own (`ecore-records login`): its keys go straight to its controller. */
export function TokenPrompt(props: TokenScreenProps) {
	return (
		<>
			<KeyInput onKey={props.controller.key} />
			<TokenScreen {...props} />
		</>
	);
}
