import {describe, expect, it} from 'vitest';
import {isLoopbackHost, resolveBaseUrl} from '../../source/api/base-url.js';
import {DEFAULT_BASE_URL} from '../../source/api/types.js';

describe('isLoopbackHost', () => {
	it.each([
		'localhost',
		'LOCALHOST',
		'127.0.0.1',
		'127.0.0.1.',
		'127.1.2.3',
		'127.255.255.255',
		'127.1',
		'0x7f.0.0.1',
		'::1',
		'[::1]',
		'0:0:0:0:0:0:0:1',
		'::ffff:127.0.0.1',
		'[::ffff:7f00:1]',
	])('%s is loopback', host => {
		expect(isLoopbackHost(host)).toBe(true);
	});

	it.each([
		'',
		'example.com',
		'localhost.example.com',
		// Names a resolver answers, however local they sound.
		'localhost.',
		'LOCALHOST.',
		'foo.localhost',
		'localhost.localdomain',
		'ip6-localhost',
		'127.0.0.1.example.com',
		'128.0.0.1',
		'10.0.0.1',
		'0.0.0.0',
		'::',
		'::2',
		'::ffff:10.0.0.1',
		'app.ecoreservice.com',
		'localhost@evil.com',
		'127.0.0.1/evil',
	])('%s is not loopback', host => {
		expect(isLoopbackHost(host)).toBe(false);
	});
});

describe('resolveBaseUrl', () => {
	const href = (raw: string | undefined) => {
		const result = resolveBaseUrl(raw);
		return result.ok ? result.url.href : `${result.error.kind}: ${result.error.message}`;
	};

	it('defaults to the documented base URL', () => {
		expect(href(undefined)).toBe(DEFAULT_BASE_URL);
		expect(href('  ')).toBe(DEFAULT_BASE_URL);
	});

	it('makes the path end in a slash', () => {
		expect(href('https://app.ecoreservice.com/backend/api/v1')).toBe(DEFAULT_BASE_URL);
		expect(href('https://example.com')).toBe('https://example.com/');
		expect(href('http://127.0.0.1:8080/api/v1')).toBe('http://127.0.0.1:8080/api/v1/');
		expect(href('http://[::1]:8080/')).toBe('http://[::1]:8080/');
		expect(href('http://localhost:3000/x/')).toBe('http://localhost:3000/x/');
	});

	it('refuses plain http to any other host', () => {
		const result = resolveBaseUrl('http://app.ecoreservice.com/backend/api/v1/');
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.error.kind).toBe('insecure');
			expect(result.error.message).toBe(
				'Refusing to send the API token over plain http:// to app.ecoreservice.com; use https:// (plain http is allowed only for localhost, 127.0.0.1 or [::1]).',
			);
		}

		expect(href('http://10.0.0.5/')).toMatch(/^insecure: Refusing/);
		expect(href('http://127.0.0.1.nip.io/')).toMatch(/^insecure: Refusing/);
		expect(href('http://localhost./')).toMatch(
			/^insecure: Refusing to send the API token over plain http:\/\/ to localhost\./,
		);
		expect(href('http://foo.localhost:8080/')).toMatch(/^insecure: Refusing/);
	});

	it('explains a base URL it cannot use', () => {
		expect(href('app.ecoreservice.com/backend/api/v1')).toMatch(/^insecure: The base URL ".*" is not a valid URL/);
		expect(href('ftp://example.com/')).toMatch(/uses ftp: instead of https:\/\//);
		expect(href('https://example.com/?a=1')).toMatch(/\?query or #fragment/);
		const withPassword = href('https://user:hunter2@example.com/');
		expect(withPassword).toMatch(/user name or password/);
		expect(withPassword).not.toContain('hunter2');
		expect(href('https://exa mple.com/\n\u001b[2J')).not.toMatch(/[\n\u001b]/);
	});
});
