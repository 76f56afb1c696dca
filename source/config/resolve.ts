import {DEFAULT_BASE_URL} from '../api/types.js';
import {rememberSecret} from '../text/redact.js';
import type {Env, Settings} from './store.js';

export const TOKEN_ENV = 'ECORE_API_TOKEN';
export const BASE_URL_ENV = 'ECORE_BASE_URL';

export type TokenSource = 'flag' | 'env' | 'saved';
export type BaseUrlSource = TokenSource | 'default';

export interface SettingFlags {
	token?: string;
	baseUrl?: string;
}

export interface ResolvedSettings {
	token?: {value: string; source: TokenSource};
	baseUrl: {value: string; source: BaseUrlSource};
}

/** Trims a token as pasted or piped; empty means "not given". */
export function normalizeToken(raw: string | undefined): string | undefined {
	const token = raw?.trim();
	return token ? token : undefined;
}

/**
 * `••••, 40 characters`: no character of the token, however few, is ever shown (a first and last four
 * would be eight of a 40-character token's, and a terminal's scrollback or a shared screen keeps them).
 */
export function maskToken(token: string): string {
	const length = [...token].length;
	return `••••, ${length} ${length === 1 ? 'character' : 'characters'}`;
}

/** Precedence: flag > environment > saved (> default for the base URL). Throws ConfigError for a broken file. */
export function resolveSettings({
	flags,
	env,
	store,
}: {
	flags: SettingFlags;
	env: Env;
	store: {load(): Settings};
}): ResolvedSettings {
	const saved = store.load();
	const resolved: ResolvedSettings = {baseUrl: {value: DEFAULT_BASE_URL, source: 'default'}};
	// Every token the program is handed, used or not, is kept out of everything it prints (text/redact.ts).
	for (const candidate of [flags.token, env[TOKEN_ENV], saved.token]) {
		rememberSecret(candidate);
	}

	const token = pick(normalizeToken(flags.token), normalizeToken(env[TOKEN_ENV]), normalizeToken(saved.token));
	if (token) {
		resolved.token = token;
	}

	const baseUrl = pick(normalizeToken(flags.baseUrl), normalizeToken(env[BASE_URL_ENV]), normalizeToken(saved.baseUrl));
	if (baseUrl) {
		resolved.baseUrl = baseUrl;
	}

	return resolved;
}

function pick(
	flag: string | undefined,
	env: string | undefined,
	saved: string | undefined,
): {value: string; source: TokenSource} | undefined {
	if (flag !== undefined) {
		return {value: flag, source: 'flag'};
	}

	if (env !== undefined) {
		return {value: env, source: 'env'};
	}

	if (saved !== undefined) {
		return {value: saved, source: 'saved'};
	}

	return undefined;
}

/** How a source reads in a sentence: "Token: abcd…wxyz (from ECORE_API_TOKEN)". */
export function describeTokenSource(source: TokenSource): string {
	switch (source) {
		case 'flag': {
			return 'from --token';
		}

		case 'env': {
			return `from ${TOKEN_ENV}`;
		}

		case 'saved': {
			return 'saved';
		}
	}
}

export function describeBaseUrlSource(source: BaseUrlSource): string {
	switch (source) {
		case 'flag': {
			return 'from --base-url';
		}

		case 'env': {
			return `from ${BASE_URL_ENV}`;
		}

		case 'saved': {
			return 'saved';
		}

		case 'default': {
			return 'default';
		}
	}
}
