import {ApiError, oneLine} from './errors.js';
import {DEFAULT_BASE_URL} from './types.js';

/**
 * True for hosts that cannot leave this machine whatever a resolver says: exactly `localhost`, or a
 * literal address in 127.0.0.0/8 or ::1 (also IPv4-mapped ::ffff:127.x.y.z). Other spellings of an
 * address (127.1, 0x7f.0.0.1) are literals too: URL parsing turns them into 127.0.0.1 before any lookup.
 * Any other name is not loopback, `localhost.` and `foo.localhost` included: they go through DNS, and a
 * resolver that answered with a remote address would get the token over plain http. Resolving the name
 * here and checking the answer would not close that: the connection looks it up again (a rebinding
 * resolver answers differently the second time) and Node's fetch cannot be pinned to the checked address.
 * `localhost` itself is kept because it is what people type, and RFC 6761 has resolvers answer it locally.
 */
export function isLoopbackHost(hostname: string): boolean {
	let host = hostname.trim().toLowerCase();
	if (host.startsWith('[') && host.endsWith(']')) {
		host = host.slice(1, -1);
	}

	if (host === '' || /[\s/?#@]/.test(host)) {
		return false;
	}

	let normalised: string;
	try {
		normalised = new URL(host.includes(':') ? `http://[${host}]/` : `http://${host}/`).hostname;
	} catch {
		return false;
	}

	if (normalised === 'localhost') {
		return true;
	}

	if (normalised.startsWith('[')) {
		const ipv6 = normalised.slice(1, -1);
		return ipv6 === '::1' || /^::ffff:7f[\da-f]{2}:[\da-f]{1,4}$/.test(ipv6);
	}

	// After URL parsing a dotted quad is always a literal address; a name never looks like one.
	const octets = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(normalised);
	return octets !== null && octets[1] === '127';
}

export type BaseUrlResult = {ok: true; url: URL} | {ok: false; error: ApiError};

/**
 * A base URL as it may be shown: a user name and password in it (refused, but still typed or saved)
 * masked. The authority ends at the first / ? or #, and its user part at the last @ before that, as the
 * URL parser reads it, so no piece of a password holding @ is left.
 */
export function shownBaseUrl(text: string): string {
	return text.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1…@');
}

function invalid(raw: string, why: string): BaseUrlResult {
	return {
		ok: false,
		error: new ApiError(
			'insecure',
			`The base URL "${oneLine(shownBaseUrl(raw), 80)}" ${why}; use something like ${DEFAULT_BASE_URL}`,
		),
	};
}

/**
 * Checks a base URL before any token is sent to it and normalises it to end in `/` (ky's prefixUrl
 * joins by string, and every documented path is relative to that folder).
 */
export function resolveBaseUrl(raw: string | undefined): BaseUrlResult {
	const text = (raw ?? '').trim() || DEFAULT_BASE_URL;
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return invalid(text, 'is not a valid URL (it must start with https://)');
	}

	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return invalid(text, `uses ${oneLine(url.protocol, 20)} instead of https://`);
	}

	if (url.username !== '' || url.password !== '') {
		return invalid(text, 'contains a user name or password');
	}

	if (url.search !== '' || url.hash !== '') {
		return invalid(text, 'must not contain a ?query or #fragment');
	}

	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		return {
			ok: false,
			error: new ApiError(
				'insecure',
				`Refusing to send the API token over plain http:// to ${oneLine(url.host, 80)}; use https:// (plain http is allowed only for localhost, 127.0.0.1 or [::1]).`,
			),
		};
	}

	if (!url.pathname.endsWith('/')) {
		url.pathname += '/';
	}

	return {ok: true, url};
}
