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

	it('writes the file 0600 in a 0700 directory', () => {
		const store = openStore({env: {XDG_CONFIG_HOME: xdg}});
		store.save({token: TOKEN});
		expect(mode(path.dirname(store.path))).toBe(0o700);
		expect(mode(store.path)).toBe(0o600);
		expect(store.load()).toEqual({token: TOKEN});
	});

	it('tightens an existing directory and file that are too open', () => {
		const dir = path.join(xdg, 'ecore-records');
		fs.mkdirSync(dir, {mode: 0o755});
		fs.chmodSync(dir, 0o755);
		fs.writeFileSync(path.join(dir, 'config.json'), '{"baseUrl": "http://127.0.0.1:1/"}', {mode: 0o644});
		fs.chmodSync(path.join(dir, 'config.json'), 0o644);
		const store = openStore({env: {XDG_CONFIG_HOME: xdg}});
		store.save({token: TOKEN});
		expect(mode(dir)).toBe(0o700);
		expect(mode(store.path)).toBe(0o600);
		expect(store.load()).toEqual({token: TOKEN, baseUrl: 'http://127.0.0.1:1/'});
	});

	it('accepts a cwd override', () => {
		const store = openStore({env: {}, cwd: path.join(xdg, 'elsewhere')});
		store.save({baseUrl: 'https://example.test/'});
		expect(store.path).toBe(path.join(xdg, 'elsewhere', 'config.json'));
		expect(store.load()).toEqual({baseUrl: 'https://example.test/'});
	});

	it('forgets one key and keeps the others, including ones it does not know', () => {
		const store = openStore({env: {XDG_CONFIG_HOME: xdg}});
		fs.mkdirSync(path.dirname(store.path), {recursive: true});
		fs.writeFileSync(store.path, JSON.stringify({token: TOKEN, baseUrl: 'https://b.test/', theme: 'dark'}));
		expect(store.forget('token')).toBe(true);
		expect(store.forget('token')).toBe(false);
		expect(JSON.parse(fs.readFileSync(store.path, 'utf8'))).toEqual({baseUrl: 'https://b.test/', theme: 'dark'});
	});

	it('reports invalid JSON in one line naming the file, without quoting it, and keeps it intact', () => {
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

		expect(() => store.save({token: 'other-token-000000'})).toThrow(ConfigError);
		expect(() => store.forget('token')).toThrow(ConfigError);
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
