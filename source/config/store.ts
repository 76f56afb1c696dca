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

// The token lives in this directory and file, so they are held to what ssh demands of ~/.ssh: no symlink
// (a link planted by someone else would lead the token, or a chmod, to a file of their choosing), owned by
// the user, writable by nobody else (whoever can write there can swap the file or plant a base URL that
// collects the token). Any of these is refused in one line naming the path; nothing is repaired silently.

type Kind = 'directory' | 'file';

/** Undefined where the platform has no owners and modes to check (Windows). */
const ownUid = (): number | undefined => process.getuid?.();

function unsafe(kind: Kind, file: string, problem: string, fix: string): ConfigError {
	return new ConfigError(`Refusing to use the config ${kind} ${file}: ${problem}. ${fix}`, file);
}

/** Throws the ConfigError that says why `stats` (from lstat or fstat) is not private enough; returns otherwise. */
function checkPrivate(kind: Kind, file: string, stats: fs.Stats): void {
	if (stats.isSymbolicLink()) {
		throw unsafe(kind, file, 'it is a symbolic link', `Replace it with a real ${kind}.`);
	}

	if (kind === 'directory' ? !stats.isDirectory() : !stats.isFile()) {
		throw unsafe(kind, file, `it is not a ${kind === 'file' ? 'regular file' : kind}`, `Move it away.`);
	}

	const uid = ownUid();
	if (uid === undefined) {
		return;
	}

	if (stats.uid !== uid) {
		throw unsafe(kind, file, `it belongs to another user (uid ${stats.uid})`, 'It must be your own.');
	}

	if ((stats.mode & 0o022) !== 0) {
		const who = (stats.mode & 0o020) === 0 ? 'others' : (stats.mode & 0o002) === 0 ? 'its group' : 'group and others';
		const mode = (stats.mode & 0o777).toString(8).padStart(4, '0');
		throw unsafe(kind, file, `it is writable by ${who} (mode ${mode})`, `Run \`chmod go-w ${file}\`.`);
	}
}

function lstatIfExists(file: string): fs.Stats | undefined {
	try {
		return fs.lstatSync(file);
	} catch (error) {
		if (errorCode(error) === 'ENOENT') {
			return undefined;
		}

		throw error;
	}
}

// O_NOFOLLOW: a symlink is refused (ELOOP), never followed. O_NONBLOCK: a FIFO planted there cannot hang the
// open; it is then refused as not a regular file. (Both are 0 where they do not exist.)
const OPEN_PRIVATE = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/** Opens the file without following a symlink and checks what was opened; undefined when there is none. */
function openPrivate(file: string): number | undefined {
	let fd: number;
	try {
		fd = fs.openSync(file, OPEN_PRIVATE);
	} catch (error) {
		if (errorCode(error) === 'ENOENT') {
			return undefined;
		}

		if (errorCode(error) === 'ELOOP') {
			throw unsafe('file', file, 'it is a symbolic link', 'Replace it with a real file.');
		}

		throw error;
	}

	try {
		checkPrivate('file', file, fs.fstatSync(fd));
	} catch (error) {
		fs.closeSync(fd);
		throw error;
	}

	return fd;
}

/** Creates each missing directory of `dir` 0700 whatever the umask (mkdir's mode is filtered through it). */
function makePrivateDirectories(dir: string): void {
	const missing: string[] = [];
	for (let at = dir; lstatIfExists(at) === undefined; at = path.dirname(at)) {
		missing.unshift(at);
		if (path.dirname(at) === at) {
			break;
		}
	}

	for (const each of missing) {
		// Not recursive: a directory someone else created in between is an error (EEXIST), not adopted.
		fs.mkdirSync(each, {mode: 0o700});
		fs.chmodSync(each, 0o700);
	}
}

/** Opens the settings file lazily: nothing touches the disk until a method is called. */
export function openStore(options: ConfigLocation & {cwd?: string}): SettingsStore {
	const dir = options.cwd ?? configDir(options);
	const file = path.join(dir, 'config.json');
	let conf: Conf<Settings> | undefined;

	/** Before a write: the directory made or checked and tightened to 0700, an existing file checked. */
	const ensurePrivateDir = () => {
		makePrivateDirectories(dir);
		const stats = fs.lstatSync(dir);
		checkPrivate('directory', dir, stats);
		if ((stats.mode & 0o777) !== 0o700) {
			// Checked just above: a real directory of ours that nobody else can write, so nobody can swap it.
			fs.chmodSync(dir, 0o700);
		}

		const existing = lstatIfExists(file);
		if (existing) {
			checkPrivate('file', file, existing);
		}
	};

	/** After a write (conf writes the file): what is there now is a private file of ours. */
	const checkWritten = () => {
		const stats = fs.lstatSync(file);
		checkPrivate('file', file, stats);
		if (ownUid() !== undefined && (stats.mode & 0o077) !== 0) {
			throw unsafe('file', file, 'it was written readable by others', `Run \`chmod 600 ${file}\`.`);
		}
	};

	/** Reads the file as it is, checks first; undefined when the directory or the file does not exist. */
	const readPrivate = (): string | undefined => {
		const dirStats = lstatIfExists(dir);
		if (!dirStats) {
			return undefined;
		}

		checkPrivate('directory', dir, dirStats);
		const fd = openPrivate(file);
		if (fd === undefined) {
			return undefined;
		}

		try {
			return fs.readFileSync(fd, 'utf8');
		} finally {
			fs.closeSync(fd);
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
		let text: string | undefined;
		try {
			text = readPrivate();
		} catch (error) {
			throw readError(error, file);
		}

		if (text === undefined) {
			return {};
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
			try {
				// Before conf is even constructed: it creates missing directories itself, with the umask's mode.
				ensurePrivateDir();
			} catch (error) {
				throw writeError(error, file);
			}

			const store = await open();
			try {
				store.set(Object.fromEntries(entries) as Partial<Settings>);
				checkWritten();
			} catch (error) {
				throw writeError(error, file);
			}
		},
		async forget(key) {
			if (load()[key] === undefined) {
				return false;
			}

			try {
				ensurePrivateDir();
			} catch (error) {
				throw writeError(error, file);
			}

			const store = await open();
			try {
				store.delete(key);
				checkWritten();
			} catch (error) {
				throw writeError(error, file);
			}

			return true;
		},
		setAside() {
			const dirStats = lstatIfExists(dir);
			if (!dirStats) {
				return undefined;
			}

			let aside: string;
			try {
				checkPrivate('directory', dir, dirStats);
				const fd = openPrivate(file);
				if (fd === undefined) {
					return undefined;
				}

				const stamp = new Date().toISOString().replaceAll(/[:.]/g, '-');
				aside = `${file}.invalid-${stamp}`;
				try {
					fs.renameSync(file, aside);
					// Through the descriptor: the file that was checked, never where a path leads now.
					fs.fchmodSync(fd, 0o600);
				} finally {
					fs.closeSync(fd);
				}
			} catch (error) {
				throw writeError(error, file);
			}

			return aside;
		},
	};
}
