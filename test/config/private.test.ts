// The config directory and file hold the token, so they are treated as ssh treats ~/.ssh (issue 11, item 5):
// a symlink, another user's file or directory, or one others can write is refused in one line naming the
// path, and nothing is written or chmod-ed through it; missing directories are created 0700 whatever the umask.
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createClient} from '../../source/api/index.js';
import {logout} from '../../source/commands/logout.js';
import {ConfigError, openStore, type SettingsStore} from '../../source/config/index.js';
import {EXIT} from '../../source/exit.js';
import {Capture, pipedStdin} from './io.js';

const TOKEN = 'tok_0123456789abcdefSECRET';

let root: string;
let xdg: string;
let dir: string;
let store: SettingsStore;

beforeEach(async () => {
	root = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'ecore-private-'));
	xdg = path.join(root, 'config');
	fs.mkdirSync(xdg);
	dir = path.join(xdg, 'ecore-records');
	store = openStore({env: {XDG_CONFIG_HOME: xdg}});
});

afterEach(async () => {
	await fs.promises.rm(root, {recursive: true, force: true});
});

const mode = (p: string) => fs.lstatSync(p).mode & 0o7777;

/** The one-line refusal every operation must give; the file system is checked unchanged by each test. */
async function expectRefused(problem: RegExp, where: string): Promise<void> {
	const refusal = (error: unknown) => {
		expect(error).toBeInstanceOf(ConfigError);
		const {message} = error as ConfigError;
		expect(message).toMatch(problem);
		expect(message).toContain(where);
		expect(message).not.toContain('\n');
		expect(message).not.toContain(TOKEN);
	};

	let error: unknown;
	try {
		store.load();
	} catch (caught) {
		error = caught;
	}

	refusal(error);
	for (const operation of [async () => store.save({token: TOKEN}), async () => store.forget('token')]) {
		refusal(await operation().catch((caught: unknown) => caught));
	}
}

/** Someone else's file the token must never reach. */
function victim(): string {
	const file = path.join(root, 'victim.json');
	fs.writeFileSync(file, '{"token": "their-own"}');
	fs.chmodSync(file, 0o644);
	return file;
}

describe('a config path that is not private is refused, and nothing goes through it', () => {
	it('config.json is a symlink to another file', async () => {
		const target = victim();
		fs.mkdirSync(dir, {mode: 0o700});
		fs.symlinkSync(target, store.path);
		await expectRefused(
			/^Refusing to use the config file .*: it is a symbolic link\. Replace it with a real file\.$/,
			store.path,
		);
		expect(() => store.setAside()).toThrow(/it is a symbolic link/);
		expect(fs.readFileSync(target, 'utf8')).toBe('{"token": "their-own"}');
		expect(mode(target)).toBe(0o644);
		expect(fs.readlinkSync(store.path)).toBe(target);
		expect(fs.readdirSync(dir)).toEqual(['config.json']);
	});

	it('logout does not chmod the target of a symlinked config.json', async () => {
		const target = victim();
		fs.mkdirSync(dir, {mode: 0o700});
		fs.symlinkSync(target, store.path);
		const stdout = new Capture();
		const stderr = new Capture();
		const code = await logout({
			flags: {},
			env: {XDG_CONFIG_HOME: xdg},
			stdin: pipedStdin(''),
			stdout,
			stderr,
			store,
			createClient,
		});
		expect(code).toBe(EXIT.failure);
		expect(stderr.lines()).toEqual([
			expect.stringMatching(/^Refusing to use the config file .*: it is a symbolic link/),
		]);
		expect(mode(target)).toBe(0o644);
		expect(fs.readlinkSync(store.path)).toBe(target);
	});

	it('the config directory is a symlink (to a world-writable directory)', async () => {
		const shared = path.join(root, 'shared');
		fs.mkdirSync(shared);
		fs.chmodSync(shared, 0o1777);
		fs.symlinkSync(shared, dir);
		await expectRefused(/^Refusing to use the config directory .*: it is a symbolic link\./, dir);
		expect(fs.readdirSync(shared)).toEqual([]);
		expect(mode(shared)).toBe(0o1777);
	});

	it('the config directory is writable by others (0777)', async () => {
		fs.mkdirSync(dir);
		fs.chmodSync(dir, 0o777);
		await expectRefused(/it is writable by group and others \(mode 0777\)\. Run `chmod go-w .*ecore-records`\.$/, dir);
		expect(mode(dir)).toBe(0o777);
		expect(fs.readdirSync(dir)).toEqual([]);
	});

	it('config.json is writable by its group', async () => {
		fs.mkdirSync(dir, {mode: 0o700});
		fs.writeFileSync(store.path, '{"baseUrl": "http://127.0.0.1:1/"}');
		fs.chmodSync(store.path, 0o620);
		await expectRefused(/^Refusing to use the config file .*: it is writable by its group \(mode 0620\)\./, store.path);
		expect(fs.readFileSync(store.path, 'utf8')).toBe('{"baseUrl": "http://127.0.0.1:1/"}');
		expect(mode(store.path)).toBe(0o620);
	});

	it('config.json is a FIFO (refused at once, never waited on)', async () => {
		fs.mkdirSync(dir, {mode: 0o700});
		execFileSync('mkfifo', [store.path]);
		await expectRefused(/^Refusing to use the config file .*: it is not a regular file\./, store.path);
	});

	const asRoot = process.getuid?.() === 0;
	const nobody = 65_534;
	// Changing a file's owner needs root; as any other user this case cannot be set up, and says so.
	(asRoot ? it : it.skip)('owned by another user: the directory, then the file (needs root to chown)', async () => {
		fs.mkdirSync(dir, {mode: 0o700});
		fs.chownSync(dir, nobody, nobody);
		await expectRefused(
			/^Refusing to use the config directory .*: it belongs to another user \(uid 65534\)\. It must be your own\.$/,
			dir,
		);
		expect(fs.readdirSync(dir)).toEqual([]);

		fs.chownSync(dir, 0, 0);
		fs.writeFileSync(store.path, '{}', {mode: 0o600});
		fs.chownSync(store.path, nobody, nobody);
		await expectRefused(/^Refusing to use the config file .*: it belongs to another user \(uid 65534\)\./, store.path);
		expect(fs.statSync(store.path).uid).toBe(nobody);
		expect(fs.readFileSync(store.path, 'utf8')).toBe('{}');
	});
});

describe('a config directory that does not exist yet', () => {
	it('is created 0700, with every missing parent, whatever the umask', async () => {
		const deep = openStore({env: {XDG_CONFIG_HOME: path.join(root, 'a', 'b')}});
		// A umask that would leave the directories unwritable (0500) or open, were mkdir's mode trusted.
		for (const umask of [0o277, 0o000]) {
			fs.rmSync(path.join(root, 'a'), {recursive: true, force: true});
			const previous = process.umask(umask);
			try {
				await deep.save({token: TOKEN});
			} finally {
				process.umask(previous);
			}

			for (const each of [path.join(root, 'a'), path.join(root, 'a', 'b'), path.dirname(deep.path)]) {
				expect([each, mode(each)]).toEqual([each, 0o700]);
			}

			expect(mode(deep.path)).toBe(0o600);
			expect(deep.load()).toEqual({token: TOKEN});
		}
	});
});
