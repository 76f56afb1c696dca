import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Conf from 'conf';

export const PROJECT_NAME = 'ecore-records';

/** Saved settings. Keys written by a newer version are kept untouched, so the schema stays open. */
export interface Settings {
	token?: string;
	baseUrl?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** A config file that cannot be read, parsed or written. The message is one line a person can act on. */
export class ConfigError extends Error {
	override readonly name = 'ConfigError';
	readonly path: string;

	constructor(message: string, file: string) {
		super(message);
		this.path = file;
	}
}

export function isConfigError(error: unknown): error is ConfigError {
	return error instanceof ConfigError;
}

export interface SettingsStore {
	/** The config file, whether or not it exists yet. */
	readonly path: string;
	/** Throws ConfigError when the file exists but cannot be used. A missing file is `{}`. */
	load(): Settings;
	/** Sets the given keys and keeps every other one. Refuses (ConfigError) to overwrite an unreadable file. */
	save(patch: Partial<Settings>): Promise<void>;
	/** Removes one key; true when it was there. A missing file is left missing. */
	forget(key: keyof Settings): Promise<boolean>;
	/**
	 * Moves an unusable file aside (never deletes it) so a fresh one can be started.
	 * Returns where it went, or undefined when there was no file.
	 */
	setAside(): string | undefined;
}

export interface ConfigLocation {
	env: Env;
	platform?: NodeJS.Platform;
	homedir?: string;
}

/**
 * The directory conf's env-paths would pick with no suffix, except that XDG_CONFIG_HOME is honoured on every
 * platform (env-paths honours it only on Linux) and is read from the `env` passed in rather than process.env.
 */
export function configDir({env, platform = process.platform, homedir = os.homedir()}: ConfigLocation): string {
	const xdg = env['XDG_CONFIG_HOME'];
	// The XDG spec says a relative value is invalid and must be ignored.
	if (xdg && path.isAbsolute(xdg)) {
		return path.join(xdg, PROJECT_NAME);
	}

	if (platform === 'darwin') {
		return path.join(homedir, 'Library', 'Preferences', PROJECT_NAME);
	}

	if (platform === 'win32') {
		return path.join(env['APPDATA'] || path.join(homedir, 'AppData', 'Roaming'), PROJECT_NAME, 'Config');
	}

	return path.join(homedir, '.config', PROJECT_NAME);
}

const schema = {
	token: {type: 'string'},
	baseUrl: {type: 'string'},
} as const;

/**
 * conf's validation of `schema` (Ajv with allErrors), with its message: `Config schema violation: ` and
 * one `` `key` must be string `` per wrong key, or `` `` must be object `` for a file that is not an object.
 */
function checkSchema(data: unknown): asserts data is Record<string, unknown> {
	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw new Error('Config schema violation: `` must be object');
	}

	const record = data as Record<string, unknown>;
	const wrong = Object.keys(schema).filter(key => record[key] !== undefined && typeof record[key] !== 'string');
	if (wrong.length > 0) {
		throw new Error(`Config schema violation: ${wrong.map(key => `\`${key}\` must be string`).join('; ')}`);
	}
}

const FIX = `Edit it, or run \`${PROJECT_NAME} logout\` to set it aside and start afresh.`;

function errorCode(error: unknown): string | undefined {
	const code = (error as {code?: unknown} | null)?.code;
	return typeof code === 'string' ? code : undefined;
}

// Never pass on the original message of a parse error: V8 quotes the start of the file, which may be the token.
function readError(error: unknown, file: string): ConfigError {
	if (error instanceof ConfigError) {
		return error;
	}

	if (error instanceof SyntaxError) {
		return new ConfigError(`The config file ${file} is not valid JSON. ${FIX}`, file);
	}

	const message = error instanceof Error ? error.message : '';
	if (message.startsWith('Config schema violation:')) {
		// Ajv names key paths and types only, never values.
		const detail = message.slice('Config schema violation:'.length).trim().replaceAll('``', 'the top level');
		return new ConfigError(`The config file ${file} has a setting of the wrong type (${detail}). ${FIX}`, file);
	}

	const code = errorCode(error) ?? 'unknown error';
	return new ConfigError(`Cannot read the config file ${file} (${code}). Check its permissions.`, file);
}

function writeError(error: unknown, file: string): ConfigError {
	if (error instanceof ConfigError) {
		return error;
	}

	const code = errorCode(error) ?? 'unknown error';
	return new ConfigError(
		`Cannot write the config file ${file} (${code}). Check the permissions of its directory.`,
		file,
	);
}

/** Opens the settings file lazily: nothing touches the disk until a method is called. */
export function openStore(options: ConfigLocation & {cwd?: string}): SettingsStore {
	const dir = options.cwd ?? configDir(options);
	const file = path.join(dir, 'config.json');
	let conf: Conf<Settings> | undefined;

	// The token lives here: the directory is private as well as the file, so no other user can even list it.
	const ensurePrivateDir = () => {
		fs.mkdirSync(dir, {recursive: true, mode: 0o700});
		if ((fs.statSync(dir).mode & 0o777) !== 0o700) {
			fs.chmodSync(dir, 0o700);
		}
	};

	// conf (with Ajv) costs ~90 ms to load and to compile the schema: writes go through it, but the read
	// every start does is the plain JSON read below, checked against the same schema in conf's words.
	const open = async (): Promise<Conf<Settings>> => {
		if (!conf) {
			const {default: Store} = await import('conf');
			conf ??= new Store<Settings>({
				projectName: PROJECT_NAME,
				cwd: dir,
				configName: 'config',
				configFileMode: 0o600,
				schema,
				// Conf's default, spelled out: a broken file is reported, never silently replaced.
				clearInvalidConfig: false,
				accessPropertiesByDotNotation: false,
			});
		}

		return conf;
	};

	const load = (): Settings => {
		let text: string;
		try {
			text = fs.readFileSync(file, 'utf8');
		} catch (error) {
			if (errorCode(error) === 'ENOENT') {
				return {};
			}

			throw readError(error, file);
		}

		try {
			const data: unknown = JSON.parse(text);
			checkSchema(data);
			const settings: Settings = {};
			if (typeof data.token === 'string') {
				settings.token = data.token;
			}

			if (typeof data.baseUrl === 'string') {
				settings.baseUrl = data.baseUrl;
			}

			return settings;
		} catch (error) {
			throw readError(error, file);
		}
	};

	return {
		path: file,
		load,
		async save(patch) {
			// Reading first means a file that cannot be parsed is reported instead of overwritten.
			load();
			const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
			const store = await open();
			try {
				ensurePrivateDir();
				store.set(Object.fromEntries(entries) as Partial<Settings>);
			} catch (error) {
				throw writeError(error, file);
			}
		},
		async forget(key) {
			if (load()[key] === undefined) {
				return false;
			}

			const store = await open();
			try {
				ensurePrivateDir();
				store.delete(key);
			} catch (error) {
				throw writeError(error, file);
			}

			return true;
		},
		setAside() {
			if (!fs.existsSync(file)) {
				return undefined;
			}

			const stamp = new Date().toISOString().replaceAll(/[:.]/g, '-');
			const aside = `${file}.invalid-${stamp}`;
			try {
				fs.renameSync(file, aside);
				fs.chmodSync(aside, 0o600);
			} catch (error) {
				throw writeError(error, file);
			}

			return aside;
		},
	};
}
