import {describe, expect, it} from 'vitest';
import {DEFAULT_BASE_URL} from '../../source/api/types.js';
import {maskToken, normalizeToken, resolveSettings} from '../../source/config/index.js';

const saved = (settings: {token?: string; baseUrl?: string}) => ({load: () => settings});

describe('resolveSettings', () => {
	const flag = {token: 'flag-token', baseUrl: 'https://flag.test/'};
	const env = {ECORE_API_TOKEN: 'env-token', ECORE_BASE_URL: 'https://env.test/'};
	const file = {token: 'saved-token', baseUrl: 'https://saved.test/'};

	it.each([
		['flag beats env and saved', flag, env, file, 'flag-token', 'flag', 'https://flag.test/', 'flag'],
		['env beats saved', {}, env, file, 'env-token', 'env', 'https://env.test/', 'env'],
		['saved when nothing else', {}, {}, file, 'saved-token', 'saved', 'https://saved.test/', 'saved'],
		['flag beats saved without env', flag, {}, file, 'flag-token', 'flag', 'https://flag.test/', 'flag'],
		['flag without anything else', flag, {}, {}, 'flag-token', 'flag', 'https://flag.test/', 'flag'],
		['env without saved', {}, env, {}, 'env-token', 'env', 'https://env.test/', 'env'],
		['nothing at all', {}, {}, {}, undefined, undefined, DEFAULT_BASE_URL, 'default'],
	] as const)('%s', (_name, flags, environment, settings, token, tokenSource, baseUrl, baseUrlSource) => {
		const resolved = resolveSettings({flags, env: environment, store: saved(settings)});
		expect(resolved.token?.value).toBe(token);
		expect(resolved.token?.source).toBe(tokenSource);
		expect(resolved.baseUrl).toEqual({value: baseUrl, source: baseUrlSource});
	});

	it('resolves token and base URL independently', () => {
		const resolved = resolveSettings({
			flags: {baseUrl: 'https://flag.test/'},
			env: {ECORE_API_TOKEN: 'env-token'},
			store: saved({token: 'saved-token'}),
		});
		expect(resolved.token).toEqual({value: 'env-token', source: 'env'});
		expect(resolved.baseUrl).toEqual({value: 'https://flag.test/', source: 'flag'});
	});

	it('treats empty or blank values as not given', () => {
		const resolved = resolveSettings({
			flags: {token: '  '},
			env: {ECORE_API_TOKEN: '', ECORE_BASE_URL: ' '},
			store: saved({token: ' saved-token\n'}),
		});
		expect(resolved.token).toEqual({value: 'saved-token', source: 'saved'});
		expect(resolved.baseUrl.source).toBe('default');
	});
});

describe('maskToken', () => {
	it('shows no character of the token, only how long it is', () => {
		expect(maskToken('abcd0123456789wxyz')).toBe('••••, 18 characters');
		expect(maskToken('a')).toBe('••••, 1 character');
		expect(maskToken('')).toBe('••••, 0 characters');
	});
});

describe('normalizeToken', () => {
	it('trims what was pasted or piped, and treats blank as not given', () => {
		expect(normalizeToken(' abc \r\n')).toBe('abc');
		expect(normalizeToken('\n')).toBeUndefined();
		expect(normalizeToken(undefined)).toBeUndefined();
	});
});
