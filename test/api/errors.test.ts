import {inspect} from 'node:util';
import {HTTPError, TimeoutError} from 'ky';
import {describe, expect, it} from 'vitest';
import {
	ApiError,
	describeError,
	fromHttpFailure,
	oneLine,
	serverMessageOf,
	toApiError,
} from '../../source/api/errors.js';
import {serverWaitMs} from '../../source/api/retry.js';
import {rawText, untrusted} from '../helpers/text.js';

const TOKEN = 'tok_0123456789abcdef0123456789abcdef';

function leakFree(error: ApiError): void {
	for (const text of [
		JSON.stringify(error),
		String(error),
		error.stack ?? '',
		inspect(error, {depth: Infinity, showHidden: true}),
	]) {
		expect(text).not.toContain(TOKEN);
		expect(text.toLowerCase()).not.toContain('authorization');
	}
}

describe('oneLine', () => {
	it('collapses whitespace, drops control characters and caps the length', () => {
		expect(oneLine('  a\n\tb\r\n c  ')).toBe('a b c');
		expect(oneLine('x\u001b]0;title\u0007y\u009bz')).toBe('x ]0;title y z');
		expect(oneLine('abcdefghij', 5)).toBe('abcd…');
		expect(oneLine('a'.repeat(1000))).toHaveLength(160);
	});
});

describe('serverMessageOf', () => {
	it('reads detail, error and field maps', () => {
		expect(serverMessageOf('{"detail": "Invalid token."}')).toBe('Invalid token.');
		expect(serverMessageOf('{"error": "Invalid status filter."}')).toBe('Invalid status filter.');
		expect(serverMessageOf('{"emails": {"3": ["Not a valid email address."]}}')).toBe(
			'emails.3: Not a valid email address.',
		);
		expect(serverMessageOf('{"error": "Insufficient credits.", "required": 50, "balance": 12}')).toBe(
			'Insufficient credits.',
		);
		// Kept as the server said it (Untrusted); a sentence quoting it puts it on one line.
		expect(serverMessageOf('{"detail": "line one\\nline two"}')).toBe('line one\nline two');
		expect(fromHttpFailure({status: 400, body: '{"detail": "line one\\nline two"}'}).message).toContain(
			'(400 line one line two)',
		);
	});

	it('ignores bodies that are not JSON', () => {
		expect(serverMessageOf('<html><body>Bad Gateway</body></html>')).toBeUndefined();
		expect(serverMessageOf('')).toBeUndefined();
		expect(serverMessageOf('{}')).toBeUndefined();
		expect(serverMessageOf('{"detail": 5}')).toBeUndefined();
	});
});

describe('fromHttpFailure', () => {
	it('maps each documented error body', () => {
		const auth = fromHttpFailure({status: 401, body: '{"detail": "Invalid token."}'});
		expect(auth.kind).toBe('auth');
		expect(auth.message).toBe(
			'The API refused the token (401 Invalid token.). Log in again with `ecore-records login` or set ECORE_API_TOKEN.',
		);
		expect(auth.serverMessage).toBe('Invalid token.');

		const missing = fromHttpFailure({status: 404, body: '{"detail": "Not found."}'}, {resource: 'records', jobId: 42});
		expect(missing.kind).toBe('not-found');
		expect(missing.message).toBe('Job 42 was not found, or it belongs to another account.');

		const pastEnd = fromHttpFailure(
			{status: 404, body: '{"detail": "Invalid page."}'},
			{resource: 'records', jobId: 42, page: 4},
		);
		expect(pastEnd.kind).toBe('invalid-page');
		expect(pastEnd.message).toBe('Page 4 is past the end of the list (404 Invalid page.).');

		const bad = fromHttpFailure({status: 400, body: '{"error": "Invalid status filter."}'});
		expect(bad.kind).toBe('bad-request');
		expect(bad.message).toContain('Invalid status filter.');
		expect(bad.serverMessage).toBe('Invalid status filter.');
	});

	it('words rate limits, server errors and other statuses', () => {
		const limited = fromHttpFailure({status: 429, body: '', retryAfter: 3600, retryAfterCapMs: 10_000});
		expect(limited.kind).toBe('rate-limited');
		expect(limited.retryAfter).toBe(3600);
		expect(limited.message).toContain('asked to wait 3600 s, longer than the 10 s this client waits');
		expect(limited.message).toContain('daily usage cap');

		const server = fromHttpFailure(
			{status: 502, statusText: untrusted('Bad Gateway'), body: '<html>nginx</html>'},
			{attempts: 4},
		);
		expect(server.kind).toBe('server');
		expect(server.message).toBe(
			'The eCore API had a server error (502 Bad Gateway; tried 4 times). If it persists, contact eCore support.',
		);
		expect(server.serverMessage).toBeUndefined();

		expect(fromHttpFailure({status: 402, body: '{"error": "Insufficient credits."}'}).kind).toBe(
			'insufficient-credits',
		);
		expect(fromHttpFailure({status: 302}).message).toContain('redirect');
		expect(fromHttpFailure({status: 404}, {resource: 'jobs'}).message).toContain('Check --base-url');
	});

	it('keeps hostile server text to one line', () => {
		const error = fromHttpFailure({status: 401, body: JSON.stringify({detail: `x\n\u001b[2J${'y'.repeat(500)}`})});
		expect(error.message).not.toMatch(/[\n\u001b]/);
		expect(error.message.length).toBeLessThan(300);
		expect(rawText(error.serverMessage ?? '').length).toBeLessThanOrEqual(501);
	});
});

describe('describeError', () => {
	const request = () =>
		new Request('https://app.ecoreservice.com/backend/api/v1/email-validation/jobs/', {
			headers: {Authorization: `Token ${TOKEN}`},
		});

	it('turns ky and fetch errors into ApiErrors without keeping them', async () => {
		const http = await toApiError(
			new HTTPError(
				new Response('{"detail": "Down for maintenance."}', {
					status: 503,
					statusText: 'Service Unavailable',
					headers: {'Retry-After': '7'},
				}),
				request(),
				{} as never,
			),
			{attempts: 2},
		);
		expect(http.kind).toBe('server');
		expect(http.message).toBe(
			'The eCore API had a server error (503 Service Unavailable: Down for maintenance.; tried 2 times). If it persists, contact eCore support.',
		);
		expect(http.retryAfter).toBe(7);
		leakFree(http);

		const timeout = describeError(new TimeoutError(request()), {host: 'app.ecoreservice.com', timeoutMs: 15_000});
		expect(timeout.kind).toBe('timeout');
		expect(timeout.message).toBe('app.ecoreservice.com did not answer within 15 s. Check your connection.');
		leakFree(timeout);

		const refused = describeError(
			new TypeError('fetch failed', {
				cause: Object.assign(new Error(`connect ECONNREFUSED ${TOKEN}`), {code: 'ECONNREFUSED'}),
			}),
			{host: '127.0.0.1:9'},
		);
		expect(refused.kind).toBe('network');
		expect(refused.message).toBe(
			'Could not reach 127.0.0.1:9 (connection refused). Check your connection and --base-url.',
		);
		leakFree(refused);

		expect(describeError(new DOMException('This operation was aborted', 'AbortError')).kind).toBe('aborted');
		expect(describeError(new SyntaxError('Unexpected end of JSON input')).kind).toBe('malformed');
		expect(describeError('a string').kind).toBe('http');
		const same = new ApiError('auth', 'x');
		expect(describeError(same)).toBe(same);
	});
});

describe('serverWaitMs', () => {
	const wait = (headers: Record<string, string>, now?: number) => serverWaitMs(new Headers(headers), now);

	it('reads seconds and HTTP dates as ky does', () => {
		const now = Date.parse('2026-05-06T12:00:00Z');
		expect(wait({})).toBeUndefined();
		expect(wait({'Retry-After': ''})).toBeUndefined();
		expect(wait({'Retry-After': '0'})).toBe(0);
		expect(wait({'Retry-After': ' 120 '})).toBe(120_000);
		expect(wait({'Retry-After': '1.5'})).toBe(1500);
		expect(wait({'Retry-After': 'Wed, 06 May 2026 12:00:30 GMT'}, now)).toBe(30_000);
		expect(wait({'Retry-After': 'Wed, 06 May 2026 11:00:00 GMT'}, now)).toBe(-3_600_000);
		expect(wait({'Retry-After': 'soon'})).toBeNaN();
		expect(wait({'Retry-After': '-5'})).toBe(-5000);
	});

	it('falls back to the rate-limit headers ky reads, a Unix time among them', () => {
		const now = Date.parse('2026-05-06T12:00:00Z');
		expect(wait({'RateLimit-Reset': '4'})).toBe(4000);
		expect(wait({'X-RateLimit-Reset': String(now / 1000 + 20)}, now)).toBe(20_000);
		expect(wait({'Retry-After': '2', 'RateLimit-Reset': '9'})).toBe(2000);
	});
});

describe('retryable, and sentences that name no key', () => {
	const tls = new TypeError('fetch failed', {cause: Object.assign(new Error('cert'), {code: 'CERT_HAS_EXPIRED'})});
	const refused = new TypeError('fetch failed', {cause: Object.assign(new Error('x'), {code: 'ECONNREFUSED'})});
	const cases: Array<[string, ApiError, boolean]> = [
		['401', fromHttpFailure({status: 401, body: '{"detail": "Invalid token."}'}), false],
		['404 job', fromHttpFailure({status: 404, body: '{"detail": "Not found."}'}, {resource: 'job', jobId: 9}), false],
		['404 page', fromHttpFailure({status: 404, body: '{"detail": "Invalid page."}'}, {page: 9}), false],
		['400', fromHttpFailure({status: 400, body: '{"error": "Invalid status filter."}'}), false],
		['429', fromHttpFailure({status: 429, retryAfter: 2}, {attempts: 4}), true],
		['429 asking too long', fromHttpFailure({status: 429, retryAfter: 3600, retryAfterCapMs: 10_000}), false],
		['408', fromHttpFailure({status: 408}), true],
		['503', fromHttpFailure({status: 503, statusText: untrusted('Service Unavailable')}), true],
		['302', fromHttpFailure({status: 302}), false],
		['timeout', describeError(new TimeoutError(new Request('https://example.com/')), {timeoutMs: 1000}), true],
		['connection refused', describeError(refused, {host: 'example.com'}), true],
		['TLS', describeError(tls, {host: 'example.com'}), false],
		['malformed', describeError(new SyntaxError('Unexpected end of JSON input')), true],
	];

	it.each(cases)('%s', (_name, error, retryable) => {
		expect(error.retryable).toBe(retryable);
		// The view adds its own key hint from `retryable`; a command line has no keys at all.
		expect(error.message).not.toMatch(/\bpress\b|\br to retry\b/i);
	});
});

describe('the daily usage cap', () => {
	it('is named only when the API asks for a wait longer than the client waits, not on a short throttle', () => {
		expect(fromHttpFailure({status: 429, body: '', retryAfter: 1}).message).not.toContain('daily usage cap');
		expect(fromHttpFailure({status: 429, body: ''}).message).not.toContain('daily usage cap');
		expect(fromHttpFailure({status: 429, body: '', retryAfter: 3600, retryAfterCapMs: 10_000}).message).toContain(
			'daily usage cap',
		);
	});
});
