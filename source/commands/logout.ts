// `ecore-records logout`: forget the saved token, keep every other setting.
import {TOKEN_ENV, isConfigError} from '../config/index.js';
import {EXIT} from '../exit.js';
import {lineWriter} from '../terminal/say.js';
import {hasEnvToken, type AuthDeps} from './token.js';

/** `logout`: forget the saved token, keep every other setting. Running it twice is fine. */
export async function logout(deps: AuthDeps): Promise<number> {
	const {env, store} = deps;
	const say = lineWriter(deps.stdout);
	const complain = lineWriter(deps.stderr);
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
