// `ecore-records auth` (alias whoami): which token (masked) and base URL are in use and where from; with
// --check, whether the API accepts the token.
import {commandLineSentence, refusedByApi, resolveBaseUrl, shownBaseUrl} from '../api/index.js';
import {
	PROJECT_NAME,
	TOKEN_ENV,
	describeBaseUrlSource,
	describeTokenSource,
	maskToken,
	normalizeToken,
	type TokenSource,
} from '../config/index.js';
import {EXIT} from '../exit.js';
import {lineWriter} from '../terminal/say.js';
import {failureExit, loadSettings, verifyToken, type AuthDeps} from './token.js';

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
	const say = lineWriter(deps.stdout);
	const complain = lineWriter(deps.stderr);

	const loaded = loadSettings(deps, flags, complain);
	if (typeof loaded === 'number') {
		return loaded;
	}

	const {saved, settings} = loaded;

	if (settings.token) {
		say(`Token:    ${maskToken(settings.token.value)} (${describeTokenSource(settings.token.source)})`);
		const savedToken = normalizeToken(saved.token);
		if (settings.token.source !== 'saved' && savedToken !== undefined) {
			// Both are masked whole, so whether they are the same token is said in words.
			say(
				savedToken === settings.token.value
					? '          the saved token is the same one'
					: `          a saved token (${maskToken(savedToken)}) is not used while this one is given`,
			);
		}
	} else {
		say(`Token:    none; run \`${PROJECT_NAME} login\`, or set ${TOKEN_ENV}`);
	}

	say(`Base URL: ${shownBaseUrl(settings.baseUrl.value)} (${describeBaseUrlSource(settings.baseUrl.source)})`);
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
		refusedByApi(result)
			? `The API refused the token (${result.status}); ${fixFor(settings.token.source)}.`
			: `Could not check the token: ${commandLineSentence(result)}`,
	);
	return failureExit(result);
}
