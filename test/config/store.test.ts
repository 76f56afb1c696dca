import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ConfigError, configDir, openStore} from '../../source/config/index.js';

const TOKEN = 'tok_0123456789abcdefSECRET';

let xdg: string;

beforeEach(async () => {
	xdg = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'ecore-config-'));
});

afterEach(async () => {
	await fs.promises.rm(xdg, {recursive: true, force: true});
});

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('configDir', () => {
	it('honours XDG_CONFIG_HOME on every platform', () => {
		for (const platform of ['linux', 'darwin', 'win32'] as const) {
			expect(configDir({env: {XDG_CONFIG_HOME: '/x/conf'}, platform, homedir: '/home/u'})).toBe(
				path.join('/x/conf', 'ecore-records'),
			);
		}
	});

	it('falls back to the platform directory, ignoring a relative XDG_CONFIG_HOME', () => {
		expect(configDir({env: {}, platform: 'linux', homedir: '/home/u'})).toBe('/home/u/.config/ecore-records');
		expect(configDir({env: {XDG_CONFIG_HOME: 'rel'}, platform: 'linux', homedir: '/home/u'})).toBe(
			'/home/u/.config/ecore-records',
		);
		expect(configDir({env: {}, platform: 'darwin', homedir: '/Users/u'})).toBe(
			'/Users/u/Library/Preferences/ecore-records',
		);
	});
});

describe('openStore', () => {
	it('reads a missing file as empty without creating anything', () => {
		const store = openStore({env: {XDG_CONFIG_HOME: xdg}});
		expect(store.path).toBe(path.join(xdg, 'ecore-records', 'config.json'));
		expect(store.load()).toEqual({});
		expect(fs.existsSync(path.join(xdg, 'ecore-records'))).toBe(false);
	});

	it('writes the file 0600 in a 0700 directory', async () => {
		const store = openStore({env: {XDG_CONFIG_HOME: xdg}});
		await store.save({token: TOKEN});
		expect(mode(path.dirname(store.path))).toBe(0o700);
		expect(mode(store.path)).toBe(0o600);
		expect(store.load()).toEqual({token: TOKEN});
	});

	it('tightens an existing directory and file that are too open', async () => {
		const dir = path.join(xdg, 'ecore-records');
		fs.mkdirSync(dir, {mode: 0o755});
		fs.chmodSync(dir, 0o755);
		fs.writeFileSync(path.join(dir, 'config.json'), '{"baseUrl": "http://127.0.0.1:1/"}', {mode: 0o644});
		fs.chmodSync(path.join(dir, 'config.json'), 0o644);
		const store = openStore({env: {XDG_CONFIG_HOME: xdg}});
		await store.save({token: TOKEN});
		expect(mode(dir)).toBe(0o700);
		expect(mode(store.path)).toBe(0o600);
		expect(store.load()).toEqual({token: TOKEN, baseUrl: 'http://127.0.0.1:1/'});
	});

	it('accepts a cwd override', async () => {
		const store = openStore({env: {}, cwd: path.join(xdg, 'elsewhere')});
		await store.save({baseUrl: 'https://example.test/'});
		expect(store.path).toBe(path.join(xdg, 'elsewhere', 'config.json'));
		expect(store.load()).toEqual({baseUrl: 'https://example.test/'});
	});

	it('forgets one key and keeps the others, including ones it does not know', async () => {
		const store = openStore({env: {XDG_CONFIG_HOME: xdg}});
		fs.mkdirSync(path.dirname(store.path), {recursive: true});
		fs.writeFileSync(store.path, JSON.stringify({token: TOKEN, baseUrl: 'https://b.test/', theme: 'dark'}));
		expect(await store.forget('token')).toBe(true);
		expect(await store.forget('token')).toBe(false);
		expect(JSON.parse(fs.readFileSync(store.path, 'utf8'))).toEqual({baseUrl: 'https://b.test/', theme: 'dark'});
	});

	it('reports invalid JSON in one line naming the file, without quoting it, and keeps it intact', async () => {
		const store = openStore({env: {XDG_CONFIG_HOME: xdg}});
		fs.mkdirSync(path.dirname(store.path), {recursive: true});
		const broken = `{"baseUrl": "https://b.test/", "token": "${TOKEN}",`;
		fs.writeFileSync(store.path, broken);

		let error: unknown;
		try {
			store.load();
		} catch (caught) {
			error = caught;
		}

		expect(error).toBeInstanceOf(ConfigError);
		const {message} = error as ConfigError;
		expect(message).toContain(store.path);
		expect(message).toContain('not valid JSON');
		expect(message).toContain('ecore-records logout');
		expect(message).not.toContain('\n');
		expect(message).not.toContain(TOKEN);
		expect(String((error as Error).stack)).not.toContain(TOKEN);

		await expect(store.save({token: 'other-token-000000'})).rejects.toThrow(ConfigError);
		await expect(store.forget('token')).rejects.toThrow(ConfigError);
		expect(fs.readFileSync(store.path, 'utf8')).toBe(broken);
	});

	it('reports a setting of the wrong type', () => {
		const store = openStore({env: {XDG_CONFIG_HOME: xdg}});
		fs.mkdirSync(path.dirname(store.path), {recursive: true});
		fs.writeFileSync(store.path, '{"token": 12345}');
		expect(() => store.load()).toThrow(/wrong type \(`token` must be string\)/);
		fs.writeFileSync(store.path, '[]');
		expect(() => store.load()).toThrow(/wrong type \(the top level must be object\)/);
	});

	it('reads a file as conf itself reads it: the same settings, or the same complaint', async () => {
		const {default: Conf} = await import('conf');
		const store = openStore({env: {XDG_CONFIG_HOME: xdg}});
		const dir = path.dirname(store.path);
		fs.mkdirSync(dir, {recursive: true});
		const files = [
			'{"token": "tok-1", "baseUrl": "https://api.test/"}',
			'{"other": [1, 2], "token": "tok-2"}',
			'{}',
			'{"token": 12345}',
			'{"token": 1, "baseUrl": false}',
			'{"baseUrl": null}',
			'{"token": {"nested": "x"}}',
			'[]',
			'null',
			'42',
			'"text"',
			'',
			'{',
			'\uFEFF{}',
		];
		for (const text of files) {
			fs.writeFileSync(store.path, text);
			let theirs: {settings: object} | {complaint: string};
			try {
				const conf = new Conf({
					projectName: 'ecore-records',
					cwd: dir,
					configName: 'config',
					schema: {token: {type: 'string'}, baseUrl: {type: 'string'}},
					clearInvalidConfig: false,
					accessPropertiesByDotNotation: false,
				});
				const {token, baseUrl} = conf.store as {token?: string; baseUrl?: string};
				theirs = {settings: {...(token === undefined ? {} : {token}), ...(baseUrl === undefined ? {} : {baseUrl})}};
			} catch (error) {
				const message = (error as Error).message;
				theirs = {
					complaint: message.startsWith('Config schema violation:')
						? `(${message.slice('Config schema violation:'.length).trim().replaceAll('``', 'the top level')})`
						: 'is not valid JSON',
				};
			}

			if ('settings' in theirs) {
				expect(store.load(), text).toEqual(theirs.settings);
			} else {
				expect(() => store.load(), text).toThrow(theirs.complaint);
			}
		}
	});

	it('sets a broken file aside instead of deleting it', () => {
		const store = openStore({env: {XDG_CONFIG_HOME: xdg}});
		expect(store.setAside()).toBeUndefined();
		fs.mkdirSync(path.dirname(store.path), {recursive: true});
		fs.writeFileSync(store.path, '{oops', {mode: 0o644});
		const aside = store.setAside();
		expect(aside).toMatch(/config\.json\.invalid-/);
		expect(fs.readFileSync(aside!, 'utf8')).toBe('{oops');
		expect(mode(aside!)).toBe(0o600);
		expect(store.load()).toEqual({});
	});
});
