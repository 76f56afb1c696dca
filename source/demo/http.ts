// Small pieces of Django / Django REST Framework behaviour the demo server imitates.

/** Python's int() on a query string value: surrounding whitespace, a sign and digit underscores. */
export function parsePythonInt(raw: string): number | null {
	const text = raw.trim();
	if (!/^[+-]?\d+(?:_\d+)*$/.test(text)) {
		return null;
	}
	return Number(text.replace(/_/g, ''));
}

/** DRF `_positive_int(value, strict=True, cutoff=max)`, falling back to the default like get_page_size(). */
export function pageSizeParam(raw: string | undefined, fallback: number, max: number): number {
	if (raw === undefined) {
		return fallback;
	}
	const n = parsePythonInt(raw);
	if (n === null || n <= 0) {
		return fallback;
	}
	return Math.min(n, max);
}

export type PageResult = {ok: true; page: number; numPages: number; offset: number} | {ok: false};

/** Django Paginator.validate_number with DRF's `page=last`; an empty list still has page 1. */
export function resolvePage(raw: string | undefined, count: number, pageSize: number): PageResult {
	const numPages = count === 0 ? 1 : Math.ceil(count / pageSize);
	let page: number | null;
	if (raw === undefined) {
		page = 1;
	} else if (raw === 'last') {
		page = numPages;
	} else {
		page = parsePythonInt(raw);
	}
	if (page === null || page < 1 || page > numPages) {
		return {ok: false};
	}
	return {ok: true, page, numPages, offset: (page - 1) * pageSize};
}

/** Python urllib.parse.quote_plus. */
function quotePlus(text: string): string {
	return encodeURIComponent(text)
		.replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
		.replace(/%20/g, '+');
}

/**
 * DRF replace_query_param / remove_query_param: parse the query (blank values kept), set or drop one
 * key, and re-encode with keys sorted — DRF's links list parameters alphabetically, not as sent.
 */
export function replaceQueryParam(rawQuery: string, key: string, value: string | null): string {
	const params = new Map<string, string[]>();
	for (const [k, v] of new URLSearchParams(rawQuery)) {
		const values = params.get(k);
		if (values) {
			values.push(v);
		} else {
			params.set(k, [v]);
		}
	}
	if (value === null) {
		params.delete(key);
	} else {
		params.set(key, [value]);
	}
	const keys = [...params.keys()].sort();
	const parts: string[] = [];
	for (const k of keys) {
		for (const v of params.get(k) ?? []) {
			parts.push(`${quotePlus(k)}=${quotePlus(v)}`);
		}
	}
	return parts.join('&');
}

/** Django's production 404 page (DEBUG = False). */
export const DJANGO_NOT_FOUND_HTML = `<!doctype html>
<html lang="en">
<head>
  <title>Not Found</title>
</head>
<body>
  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
</body>
</html>
`;

/** Django's production 500 page. */
export const DJANGO_SERVER_ERROR_HTML = `<!doctype html>
<html lang="en">
<head>
  <title>Server Error (500)</title>
</head>
<body>
  <h1>Server Error (500)</h1><p></p>
</body>
</html>
`;

/** What nginx in front of the app answers when the upstream is down or overloaded. */
export function proxyErrorHtml(status: number, reason: string): string {
	return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** A login page from a captive portal or an SSO proxy: HTML with 200 where JSON was expected. */
export const CAPTIVE_PORTAL_HTML = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Sign in to continue</title></head>
<body>
<form method="post" action="/login"><h1>Guest Wi-Fi</h1><p>Please accept the terms to continue.</p>
<button type="submit">Accept</button></form>
</body>
</html>
`;
