// `ecore-records login`: a token from --token, the token screen or one line of stdin, checked with one
// request, then saved.
import {StringDecoder} from 'node:string_decoder';
import {render} from 'ink';
import {createElement} from 'react';
import {commandLineSentence, refusedByApi, resolveBaseUrl, type ApiError} from '../api/index.js';
import {isConfigError, maskToken, normalizeToken, type Env, type Settings} from '../config/index.js';
import {EXIT} from '../exit.js';
import {TokenController} from '../store/token.js';
import {inkStdin} from '../terminal/inkStdin.js';
import {setupTerminal} from '../terminal/screen.js';
import {createTheme} from '../terminal/theme.js';
import {TokenPrompt} from '../ui/TokenScreen.js';
import {lineWriter} from '../terminal/say.js';
import {rememberSecret} from '../text/redact.js';
import {ENV_WARNING, failureExit, hasEnvToken, loadSettings, verifyToken, type AuthDeps} from './token.js';

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
	// Pastes bracketed and the terminal's replies dropped (inkStdin.ts), as on the full screen: a pasted
	// token is the token, and the shell gets its terminal back however the prompt ends.
	const terminal = setupTerminal({
		stdout: stdout as NodeJS.WriteStream,
		stdin: stdin as NodeJS.ReadStream,
		screen: 'inline',
		beforeExit() {
			app.unmount();
		},
	});
	const app = render(
		createElement(TokenPrompt, {
			controller,
			theme: createTheme(env),
			baseUrl,
			width: (stdout as NodeJS.WriteStream).columns || 80,
			height: (stdout as NodeJS.WriteStream).rows ? (stdout as NodeJS.WriteStream).rows - 1 : undefined,
		}),
		{
			// Callers pass these only when stdin is a TTY, so they are the tty streams Ink expects.
			stdin: inkStdin(stdin as NodeJS.ReadStream),
			stdout: stdout as NodeJS.WriteStream,
			exitOnCtrlC: false,
			patchConsole: false,
		},
	);
	try {
		await app.waitUntilExit();
	} finally {
		terminal.release();
	}

	return accepted;
}

/** `login [--token T] [--base-url URL]`: verify a token with one request, then save it. */
export async function login(deps: AuthDeps): Promise<number> {
	const {flags, env, store} = deps;
	let token: string | undefined;
	const say = lineWriter(deps.stdout);
	const complain = lineWriter(deps.stderr);

	// The token being replaced plays no part; only where to send the new one does.
	const loaded = loadSettings(deps, {baseUrl: flags.baseUrl}, complain);
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
		rememberSecret(value);
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
				refusedByApi(result)
					? `The API refused that token (${result.status}); nothing was saved.`
					: `Could not verify the token, so it was not saved: ${commandLineSentence(result)}`,
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
