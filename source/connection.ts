// Where the API is and which token goes with it, for the commands that read records (browse, print,
// export): the embedded demo server with its own token for --demo, else flag > environment > saved
// settings. Also how a token typed on the token screen is checked and saved.
import process from 'node:process';
import {resolveBaseUrl} from './api/base-url.js';
import {createClient, type ClientOptions} from './api/client.js';
import {describeError} from './api/errors.js';
import type {ApiClient} from './api/types.js';
import {openStore, resolveSettings} from './config/index.js';
import {CommandFailure, EXIT} from './exit.js';
import type {TokenSupport} from './store/navigator.js';

export interface Connection {
	/** Undefined when no token is available. */
	readonly client: ApiClient | undefined;
	readonly baseUrl: string;
	readonly token: TokenSupport;
	/** Stops the demo server, and waits for a token being saved (saying so if that failed). */
	close(): Promise<void>;
}

export interface ConnectOptions {
	readonly demo: boolean;
	readonly token: string | undefined;
	readonly baseUrl: string | undefined;
}

/** The one line for a settings file that cannot be read or written, else undefined. */
export function configMessage(error: unknown): string | undefined {
	return error instanceof Error && error.name === 'ConfigError' ? error.message : undefined;
}

function verifier(baseUrl: string, options?: Partial<ClientOptions>) {
	return async (token: string) => {
		const {verifyToken} = await import('./commands/token.js');
		return verifyToken({createClient: o => createClient({...o, ...options}), baseUrl, token});
	};
}

export async function connect(options: ConnectOptions): Promise<Connection> {
	if (options.demo) {
		const {startDemoServer} = await import('./demo/server.js');
		const server = await startDemoServer();
		const make = (token: string) => createClient({baseUrl: server.baseUrl, token});
		return {
			client: make(server.token),
			baseUrl: server.baseUrl,
			// --demo never reads or writes the saved token.
			token: {createClient: make, verify: verifier(server.baseUrl), baseUrl: server.baseUrl},
			close: () => server.close(),
		};
	}

	const store = openStore({env: process.env});
	const settings = resolveSettings({
		flags: {token: options.token, baseUrl: options.baseUrl},
		env: process.env,
		store,
	});
	// A base URL the token may not go to is a usage mistake, refused before any screen or request.
	const resolved = resolveBaseUrl(settings.baseUrl.value);
	if (!resolved.ok) {
		throw resolved.error;
	}

	const baseUrl = settings.baseUrl.value;
	const make = (token: string) => createClient({baseUrl, token});
	let saving: Promise<void> | undefined;
	let unsaved: string | undefined;
	return {
		client: settings.token ? make(settings.token.value) : undefined,
		baseUrl,
		token: {
			createClient: make,
			verify: verifier(baseUrl),
			save(token) {
				// The token is in use either way; a file that cannot be written is said once the screen is gone.
				// One at a time, in order (the token screen can come back after a 401), all awaited on close.
				saving = (saving ?? Promise.resolve())
					.then(async () => store.save({token}))
					.then(
						() => {
							unsaved = undefined;
						},
						(error: unknown) => {
							unsaved = configMessage(error) ?? describeError(error).message;
						},
					);
			},
			baseUrl,
		},
		async close() {
			await saving;
			if (unsaved) {
				// Loaded only to say it, as in main.tsx: not before the first request has left.
				const {complain} = await import('./terminal/say.js');
				complain(process.stderr, `the token was used but not saved: ${unsaved}`);
			}
		},
	};
}

const NO_TOKEN =
	'no API token: run `ecore-records login`, set ECORE_API_TOKEN, or pass --token (or try --demo, which needs none)';

/**
 * Runs `run` with a client, then closes the connection whatever happened. Without a token it fails at
 * once (exit 4), before any request.
 */
export async function connectWithToken(
	options: ConnectOptions,
	run: (client: ApiClient) => Promise<number>,
): Promise<number> {
	const connection = await connect(options);
	try {
		if (!connection.client) {
			throw new CommandFailure(NO_TOKEN, EXIT.auth);
		}

		return await run(connection.client);
	} finally {
		await connection.close();
	}
}
