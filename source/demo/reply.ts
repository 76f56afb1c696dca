// What the demo API answers, as a value: built by route.ts, bent by faults.ts, written by server.ts.

/** What the body holds, so a fault can build a wrong-shaped variant of it. */
export type Shape = 'envelope' | 'job' | 'created' | 'download-json' | 'download-csv' | 'plain';

export interface Reply {
	readonly status: number;
	readonly headers: Readonly<Record<string, string>>;
	/** Bytes when a fault cut it (possibly inside a UTF-8 sequence). */
	readonly body: string | Buffer;
	readonly shape: Shape;
	/** The value `body` was serialised from. */
	readonly value?: unknown;
	/** Streamed bodies (downloads) are produced chunk by chunk instead of `body`. */
	readonly chunks?: () => Iterator<string>;
	/** For the request log: what an upload sent (addresses as sent, null when unreadable) and created. */
	readonly upload?: {readonly emailCount: number | null; readonly jobId: number | null};
}

/** What Django REST Framework sends with every JSON answer of a GET-only view. */
export const DRF_HEADERS: Readonly<Record<string, string>> = {
	'Content-Type': 'application/json',
	Vary: 'Accept',
	Allow: 'GET, HEAD, OPTIONS',
	'X-Frame-Options': 'DENY',
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
};

export function jsonReply(
	status: number,
	value: unknown,
	shape: Shape = 'plain',
	headers: Readonly<Record<string, string>> = {},
): Reply {
	let body = JSON.stringify(value);
	if (shape === 'envelope' || shape === 'job' || shape === 'created') {
		// The service serialises credits as a Python float (178.0); JSON.stringify would write 178.
		body = body.replace(/"total_credits_charged":(-?\d+)(?=[,}])/g, '"total_credits_charged":$1.0');
	}
	return {status, headers: {...DRF_HEADERS, ...headers}, body, shape, value};
}

export function htmlReply(status: number, body: string, headers: Readonly<Record<string, string>> = {}): Reply {
	return {status, headers: {'Content-Type': 'text/html; charset=utf-8', ...headers}, body, shape: 'plain'};
}

/** DRF's Throttled exception: the detail sentence and Retry-After, both in whole seconds rounded up. */
export function throttledReply(waitSeconds: number | undefined, headers: Readonly<Record<string, string>> = {}): Reply {
	if (waitSeconds === undefined) {
		return jsonReply(429, {detail: 'Request was throttled.'}, 'plain', headers);
	}
	const wait = Math.ceil(waitSeconds);
	const unit = wait === 1 ? 'second' : 'seconds';
	return jsonReply(429, {detail: `Request was throttled. Expected available in ${wait} ${unit}.`}, 'plain', {
		...headers,
		'Retry-After': String(wait),
	});
}

/** The first bytes of a reply: the whole body, or the first two chunks of a streamed one. */
export function firstBytes(reply: Reply): Buffer {
	if (!reply.chunks) {
		return Buffer.from(reply.body);
	}
	const it = reply.chunks();
	let text = '';
	for (let i = 0; i < 2; i++) {
		const r = it.next();
		if (r.done) {
			break;
		}
		text += r.value;
	}
	return Buffer.from(text);
}
