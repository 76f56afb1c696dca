import {StringDecoder} from 'node:string_decoder';
import {render} from 'ink';
import {createElement} from 'react';
import {describeError, resolveBaseUrl, type ApiError, type ClientOptions} from '../api/index.js';
import type {ApiClient} from '../api/types.js';
import {
	PROJECT_NAME,
	TOKEN_ENV,
	describeBaseUrlSource,
	describeTokenSource,
	isConfigError,
	maskToken,
	normalizeToken,
	resolveSettings,
	type Env,
	type ResolvedSettings,
	type Settings,
	type SettingsStore,
	type TokenSource,
} from '../config/index.js';
import {EXIT, exitCodeFor} from '../exit.js';
import {sanitize} from '../text/sanitize.js';
import {createTheme} from '../terminal/theme.js';
import {TokenController} from '../store/token.js';
import {TokenPrompt} from '../ui/TokenScreen.js';

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

/**
 * Writes one line. Everything printed here passes through the same scrub: any text that somehow contains the
 * token shows it masked, and sanitize keeps server text and odd paths from acting on the terminal.
 */
function printer(stream: NodeJS.WritableStream, secrets: ReadonlyArray<string | undefined>) {
	return (text: string) => {
		let line = text;
		for (const secret of secrets) {
			if (secret && secret.length >= 4) {
				line = line.split(secret).join(maskToken(secret));
			}
		}

		stream.write(`${sanitize(line)}\n`);
	};
}

/** Reads up to the first line break (or the end) and stops, leaving the rest of the stream unread. */
export async function readLine(stream: NodeJS.ReadableStream, limit = 64 * 1024): Promise<string> {
	return new Promise((resolve, reject) => {
		const decoder = new StringDecoder('utf8');
		let text = '';
		const finish = (error?: Error) => {
			stream.off('data', onData);
			stream.off('end', onEnd);
			stream.off('error', onError);
			stream.pause();
			// A paused pipe on process.stdin still holds the event loop open while its writer lives on.
			(stream as {unref?: () => void}).unref?.();
			if (error) {
				reject(error);
			} else {
				const newline = text.indexOf('\n');
				resolve(newline === -1 ? text : text.slice(0, newline));
			}
		};

		const onData = (chunk: Buffer | string) => {
			text += typeof chunk === 'string' ? chunk : decoder.write(chunk);
			if (text.includes('\n') || text.length > limit) {
				finish();
			}
		};

		const onEnd = () => {
			text += decoder.end();
			finish();
		};

		// The stream's own error is not passed on: it has nothing to add and could quote what it read.
		const onError = () => {
			finish(new Error('Could not read the token from standard input.'));
		};

		stream.on('data', onData);
		stream.once('end', onEnd);
		stream.once('error', onError);
		stream.resume();
	});
}

/** Shows TokenScreen until the API accepts a token (returned) or the person quits (undefined). */
export async function promptForToken({
	stdin,
	stdout,
	env,
	verify,
	baseUrl,
	reason,
}: {
	stdin: NodeJS.ReadableStream;
	stdout: NodeJS.WritableStream;
	env: Env;
	verify: (token: string) => Promise<'ok' | ApiError>;
	baseUrl?: string;
	reason?: string;
}): Promise<string | undefined> {
	let accepted: string | undefined;
	const controller = new TokenController(
		{reason},
		{
			verify,
			navigation: {
				accepted(token) {
					accepted = token;
					// Unmounting on the next turn lets Ink draw the accepted state as the frame left on screen.
					setImmediate(() => {
						app.unmount();
					});
				},
				cancel() {
					app.unmount();
				},
			},
		},
	);
	const app = render(
		createElement(TokenPrompt, {
			controller,
			theme: createTheme(env),
			baseUrl,
			width: (stdout as NodeJS.WriteStream).columns || 80,
		}),
		{
			// Callers pass these only when stdin is a TTY, so they are the tty streams Ink expects.
			stdin: stdin as NodeJS.ReadStream,
			stdout: stdout as NodeJS.WriteStream,
			exitOnCtrlC: false,
			patchConsole: false,
		},
	);
	await app.waitUntilExit();
	return accepted;
}

function hasEnvToken(env: Env): boolean {
	return normalizeToken(env[TOKEN_ENV]) !== undefined;
}

const ENV_WARNING = `Warning: ${TOKEN_ENV} is set in this environment and takes precedence over the saved token; unset it to use the saved one.`;

/** Loads settings once, or prints the config error and gives the exit code. */
function load(
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

function failureExit(error: ApiError): number {
	// A cancelled check is not an interrupt of the program here: it failed.
	return error.kind === 'aborted' ? EXIT.failure : exitCodeFor(error.kind);
}

/** `login [--token T] [--base-url URL]`: verify a token with one request, then save it. */
export async function login(deps: AuthDeps): Promise<number> {
	const {flags, env, store} = deps;
	let token: string | undefined;
	const secrets = [flags.token];
	const say = printer(deps.stdout, secrets);
	const complain = printer(deps.stderr, secrets);

	// The token being replaced plays no part; only where to send the new one does.
	const loaded = load(deps, {baseUrl: flags.baseUrl}, complain);
	if (typeof loaded === 'number') {
		return loaded;
	}

	// Checked before anyone types a token that could then only be refused.
	const base = resolveBaseUrl(loaded.settings.baseUrl.value);
	if (!base.ok) {
		complain(base.error.message);
		return EXIT.usage;
	}

	const baseUrl = base.url.href;
	const verify = async (candidate: string) => verifyToken({createClient: deps.createClient, baseUrl, token: candidate});

	let verified = false;
	const remember = (value: string | undefined) => {
		secrets.push(value);
		return value;
	};

	if (flags.token !== undefined) {
		token = remember(normalizeToken(flags.token));
		if (token === undefined) {
			complain('The --token value is empty.');
			return EXIT.usage;
		}
	} else if (deps.stdin.isTTY) {
		token = remember(
			await promptForToken({
				stdin: deps.stdin,
				// A prompt on a redirected stdout would be invisible and would end up in the file.
				stdout: deps.stdout.isTTY ? deps.stdout : deps.stderr,
				env,
				verify,
				baseUrl,
			}),
		);
		if (token === undefined) {
			complain('Login cancelled; nothing was saved.');
			return EXIT.SIGINT;
		}

		verified = true;
	} else {
		try {
			token = remember(normalizeToken(await readLine(deps.stdin)));
		} catch (error) {
			complain((error as Error).message);
			return EXIT.failure;
		}

		if (token === undefined) {
			complain('No token on standard input: pipe one line holding the token, or use --token.');
			return EXIT.usage;
		}
	}

	if (!verified) {
		const result = await verify(token);
		if (result !== 'ok') {
			complain(
				result.kind === 'auth' && result.status === 401
					? 'The API refused that token (401); nothing was saved.'
					: `Could not verify the token, so it was not saved: ${result.message}`,
			);
			return failureExit(result);
		}
	}

	const patch: Settings = {token};
	if (loaded.settings.baseUrl.source === 'flag') {
		patch.baseUrl = baseUrl;
	}

	try {
		await store.save(patch);
	} catch (error) {
		if (isConfigError(error)) {
			complain(error.message);
			return EXIT.failure;
		}

		throw error;
	}

	say(`Token saved to ${store.path} (${maskToken(token)})`);
	if (patch.baseUrl !== undefined) {
		say(`Base URL ${patch.baseUrl} saved with it.`);
	}

	if (hasEnvToken(env)) {
		complain(ENV_WARNING);
	}

	return EXIT.ok;
}

/** `logout`: forget the saved token, keep every other setting. Running it twice is fine. */
export async function logout(deps: AuthDeps): Promise<number> {
	const {env, store} = deps;
	const say = printer(deps.stdout, []);
	const complain = printer(deps.stderr, []);
	const envNote = () => {
		if (hasEnvToken(env)) {
			complain(`Note: ${TOKEN_ENV} is still set in this environment, so its token is still used; unset it too.`);
		}
	};

	try {
		store.load();
	} catch (error) {
		if (!isConfigError(error)) {
			throw error;
		}

		// The documented way out of a broken file: keep it for the person to inspect, start a fresh one.
		try {
			const aside = store.setAside();
			say(
				`The config file ${store.path} could not be read; it was moved to ${aside ?? 'nowhere'}, so no token is saved now.`,
			);
		} catch (moveError) {
			complain(isConfigError(moveError) ? moveError.message : error.message);
			return EXIT.failure;
		}

		envNote();
		return EXIT.ok;
	}

	let forgot: boolean;
	try {
		forgot = await store.forget('token');
	} catch (error) {
		if (isConfigError(error)) {
			complain(error.message);
			return EXIT.failure;
		}

		throw error;
	}

	say(
		forgot
			? `Forgot the saved token; other settings in ${store.path} are kept.`
			: 'No token was saved; nothing to forget.',
	);
	envNote();
	return EXIT.ok;
}

function fixFor(source: TokenSource): string {
	switch (source) {
		case 'flag': {
			return 'check the --token value';
		}

		case 'env': {
			return `update ${TOKEN_ENV}`;
		}

		case 'saved': {
			return `run \`${PROJECT_NAME} login\` to replace it`;
		}
	}
}

/** `auth` (alias `whoami`): where the token and base URL come from; `--check` asks the API. */
export async function auth(deps: AuthDeps): Promise<number> {
	const {flags, store} = deps;
	const secrets = [flags.token];
	const say = printer(deps.stdout, secrets);
	const complain = printer(deps.stderr, secrets);

	const loaded = load(deps, flags, complain);
	if (typeof loaded === 'number') {
		return loaded;
	}

	const {saved, settings} = loaded;
	secrets.push(settings.token?.value, saved.token);

	if (settings.token) {
		say(`Token:    ${maskToken(settings.token.value)} (${describeTokenSource(settings.token.source)})`);
		const savedToken = normalizeToken(saved.token);
		if (settings.token.source !== 'saved' && savedToken !== undefined) {
			say(`          a saved token (${maskToken(savedToken)}) is not used while this one is given`);
		}
	} else {
		say(`Token:    none; run \`${PROJECT_NAME} login\`, or set ${TOKEN_ENV}`);
	}

	say(`Base URL: ${settings.baseUrl.value} (${describeBaseUrlSource(settings.baseUrl.source)})`);
	say(`Config:   ${store.path}`);

	// Said after the lines above, which show where the refused value came from.
	const base = resolveBaseUrl(settings.baseUrl.value);
	if (!base.ok) {
		complain(base.error.message);
		return EXIT.usage;
	}

	if (!settings.token) {
		return EXIT.auth;
	}

	if (!flags.check) {
		return EXIT.ok;
	}

	const result = await verifyToken({
		createClient: deps.createClient,
		baseUrl: settings.baseUrl.value,
		token: settings.token.value,
	});
	if (result === 'ok') {
		say('Check:    the API accepted the token');
		return EXIT.ok;
	}

	complain(
		result.kind === 'auth' && result.status === 401
			? `The API refused the token (401); ${fixFor(settings.token.source)}.`
			: `Could not check the token: ${result.message}`,
	);
	return failureExit(result);
}
