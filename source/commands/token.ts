// What login, logout and auth share: the flags and streams they are given, one cheap request that checks
// a token and loading the settings once. Lines are printed by terminal/say.ts, which redacts every token.
import {describeError, type ApiError, type ClientOptions} from '../api/index.js';
import type {ApiClient} from '../api/types.js';
import {
	TOKEN_ENV,
	isConfigError,
	normalizeToken,
	resolveSettings,
	type Env,
	type ResolvedSettings,
	type Settings,
	type SettingsStore,
} from '../config/index.js';
import {EXIT, exitCodeFor} from '../exit.js';

export interface AuthFlags {
	token?: string;
	baseUrl?: string;
	/** `auth --check`: verify the active token with one request. */
	check?: boolean;
}

export type CreateClient = (options: ClientOptions) => ApiClient;

export interface AuthDeps {
	flags: AuthFlags;
	env: Env;
	stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	stdout: NodeJS.WritableStream & {isTTY?: boolean};
	stderr: NodeJS.WritableStream & {isTTY?: boolean};
	store: SettingsStore;
	createClient: CreateClient;
}

// A person is waiting at a prompt: one retry covers a blip, more would only delay the answer.
const VERIFY_OPTIONS = {timeoutMs: 10_000, retry: {limit: 1, maxTotalMs: 12_000}} as const;

/** One cheap authenticated request. Never throws; the ApiError never contains the token. */
export async function verifyToken({
	createClient,
	baseUrl,
	token,
}: {
	createClient: CreateClient;
	baseUrl: string;
	token: string;
}): Promise<'ok' | ApiError> {
	let client: ApiClient | undefined;
	try {
		client = createClient({baseUrl, token, ...VERIFY_OPTIONS});
		await client.listJobs({page_size: 1});
		return 'ok';
	} catch (error) {
		return describeError(error);
	} finally {
		client?.abortAll();
	}
}

export function hasEnvToken(env: Env): boolean {
	return normalizeToken(env[TOKEN_ENV]) !== undefined;
}

export const ENV_WARNING = `Warning: ${TOKEN_ENV} is set in this environment and takes precedence over the saved token; unset it to use the saved one.`;

/** Loads settings once, or prints the config error and gives the exit code. */
export function loadSettings(
	deps: AuthDeps,
	flags: AuthFlags,
	print: (text: string) => void,
): {saved: Settings; settings: ResolvedSettings} | number {
	try {
		const saved = deps.store.load();
		const settings = resolveSettings({flags, env: deps.env, store: {load: () => saved}});
		return {saved, settings};
	} catch (error) {
		if (isConfigError(error)) {
			print(error.message);
			return EXIT.failure;
		}

		throw error;
	}
}

export function failureExit(error: ApiError): number {
	// A cancelled check is not an interrupt of the program here: it failed.
	return error.kind === 'aborted' ? EXIT.failure : exitCodeFor(error.kind);
}
