import {Box, Text} from 'ink';
import type React from 'react';
import type {TokenController} from '../store/token.js';
import {useStore} from '../store/useStore.js';
import {sanitize} from '../text/sanitize.js';
import type {Role, Theme} from '../terminal/theme.js';
import {wrap} from '../terminal/width.js';
import {Footer} from './Footer.js';
import {KeyInput} from './KeyInput.js';
import {TextField} from './TextField.js';

export interface TokenScreenProps {
	readonly controller: TokenController;
	readonly theme: Theme;
	/** Shown so a person knows which server the token is about to be sent to. */
	readonly baseUrl?: string | undefined;
	readonly width: number;
	/** Rows the screen may use; what matters least gives way first (default: as many as it needs). */
	readonly height?: number | undefined;
}

const TOKEN_LABEL = 'Token: ';
const TITLE = 'ecore-records · API token';
const EXPLANATION = 'Paste your eCore API token. Find it in the eCore dashboard under Settings → API Tokens.';

type Part = 'title' | 'reason' | 'explanation' | 'baseUrl' | 'field' | 'status' | 'footer';

/** The parts with a blank line above them, when there is room for it. */
const SPACED: readonly Part[] = ['reason', 'explanation', 'field', 'status'];

/** The parts in the order they give way when rows are short: spacing first, the field and the keys never. */
const GIVES_WAY: readonly Part[] = ['baseUrl', 'explanation', 'title', 'reason'];

/**
 * Which parts are shown, and whether blank lines separate them, for `height` rows. Every text wraps at
 * the width; a screen too short drops the blank lines, then the least needed parts, whole.
 */
export function tokenLayout(
	lines: Readonly<Record<Part, number>>,
	height: number,
): {parts: Set<Part>; spaced: boolean} {
	const parts = new Set((Object.keys(lines) as Part[]).filter(part => lines[part] > 0));
	const total = (spaced: boolean) =>
		[...parts].reduce((sum, part) => sum + lines[part], 0) +
		(spaced ? SPACED.filter(part => parts.has(part)).length : 0);
	if (total(true) <= height) {
		return {parts, spaced: true};
	}

	for (const part of GIVES_WAY) {
		if (total(false) <= height) {
			break;
		}

		parts.delete(part);
	}

	return {parts, spaced: false};
}

/** Asks for an API token, masked, and says what the API made of it. */
export function TokenScreen({controller, theme, baseUrl, width, height}: TokenScreenProps) {
	const {value, phase, problem} = useStore(controller.store);
	const {reason} = controller;
	const inner = Math.max(1, width - 2);
	const status =
		phase === 'checking'
			? {role: 'accent' as const, text: 'Checking…'}
			: phase === 'accepted'
				? {role: 'title' as const, text: 'Token accepted.'}
				: problem === undefined
					? undefined
					: {role: 'error' as const, text: sanitize(problem)};
	const checkedWith = baseUrl === undefined ? undefined : `It will be checked with ${sanitize(baseUrl)}`;
	const texts: Record<Exclude<Part, 'field' | 'footer'>, string | undefined> = {
		title: TITLE,
		reason: reason === undefined ? undefined : sanitize(reason),
		explanation: EXPLANATION,
		baseUrl: checkedWith,
		status: status?.text,
	};
	// Wrapped here rather than by Ink, so the rows counted are the rows drawn.
	const wrapped = (text: string | undefined) => (text === undefined ? [] : wrap(text, inner));
	const paragraph = (text: string | undefined, role?: Role) =>
		wrapped(text).map((line, index) => (
			<Text key={index} {...(role ? theme.style(role) : {})}>
				{line}
			</Text>
		));
	const lines = {
		title: 1,
		reason: wrapped(texts.reason).length,
		explanation: wrapped(texts.explanation).length,
		baseUrl: wrapped(texts.baseUrl).length,
		field: 1,
		// Kept even while empty, so a message appearing does not move the field.
		status: Math.max(1, wrapped(texts.status).length),
		footer: 1,
	};
	const {parts, spaced} = tokenLayout(lines, height ?? Number.POSITIVE_INFINITY);
	const block = (part: Part, node: React.ReactNode, first = false) =>
		parts.has(part) ? (
			<Box key={part} marginTop={spaced && !first ? 1 : 0} flexDirection="column" width={inner}>
				{node}
			</Box>
		) : null;

	return (
		<Box flexDirection="column" paddingX={1}>
			{block(
				'title',
				<Text {...theme.style('title')} wrap="truncate">
					{TITLE}
				</Text>,
				true,
			)}
			{block('reason', paragraph(texts.reason, 'warning'))}
			{block('explanation', paragraph(EXPLANATION))}
			{parts.has('baseUrl') ? (
				<Box key="baseUrl" flexDirection="column" width={inner}>
					{paragraph(checkedWith, 'dim')}
				</Box>
			) : null}
			{/* One line however long the token (a long one is still taken whole): a wrapped mask would push the frame past the terminal. */}
			<Box marginTop={spaced ? 1 : 0} height={1} overflowY="hidden">
				<Text {...theme.style('label')}>{TOKEN_LABEL}</Text>
				<TextField
					value={value}
					mask="•"
					focus={phase === 'editing'}
					width={Math.max(1, inner - TOKEN_LABEL.length)}
					theme={theme}
				/>
			</Box>
			<Box marginTop={spaced ? 1 : 0} minHeight={1} width={inner} flexDirection="column">
				{status ? paragraph(status.text, status.role) : null}
			</Box>
			<Footer mode="token" width={inner} theme={theme} />
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
