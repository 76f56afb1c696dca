// A demo API server on a free loopback port for a test file: started in beforeAll, closed in afterAll.

import {afterAll, beforeAll} from 'vitest';
import {type DemoServer, type DemoServerOptions, startDemoServer} from '../../source/demo/server.js';
import {untilTrue} from './until.js';

/** Registers beforeAll/afterAll hooks; call the returned getter inside tests. */
export function serveDemoPerFile(options?: DemoServerOptions): () => DemoServer {
	let server: DemoServer | undefined;
	beforeAll(async () => {
		server = await startDemoServer(options);
	});
	afterAll(async () => {
		await server?.close();
		server = undefined;
	});
	return () => {
		if (!server) {
			throw new Error('The demo server is only available inside tests (after beforeAll).');
		}
		return server;
	};
}

/** A server for the duration of one callback, closed even when the callback throws. */
export async function withDemoServer<T>(
	options: DemoServerOptions | undefined,
	run: (server: DemoServer) => Promise<T>,
): Promise<T> {
	const server = await startDemoServer(options);
	try {
		return await run(server);
	} finally {
		await server.close();
	}
}

export interface DemoFetchInit extends RequestInit {
	/** Token to send; default the server's; null sends no Authorization header. */
	token?: string | null;
}

/** fetch() a path relative to the server's base URL (e.g. `email-validation/jobs/42/`) with its token. */
export function demoFetch(server: DemoServer, path: string, init: DemoFetchInit = {}): Promise<Response> {
	const {token = server.token, headers, ...rest} = init;
	const all = new Headers(headers);
	if (token !== null && !all.has('authorization')) {
		all.set('Authorization', `Token ${token}`);
	}
	return fetch(new URL(path, server.baseUrl), {...rest, headers: all});
}

/** demoFetch() and parse the body as JSON. */
export async function demoJson<T = any>(
	server: DemoServer,
	path: string,
	init?: DemoFetchInit,
): Promise<{status: number; headers: Headers; body: T}> {
	const response = await demoFetch(server, path, init);
	const text = await response.text();
	return {status: response.status, headers: response.headers, body: JSON.parse(text) as T};
}

/** Resolves once the server's request log satisfies `predicate`: the wait for "the request arrived". */
export async function untilRequests(
	server: Pick<DemoServer, 'requests'>,
	predicate: (log: DemoServer['requests']) => boolean,
	what = 'the expected requests',
	timeoutMs = 10_000,
): Promise<void> {
	await untilTrue(() => predicate(server.requests), what, timeoutMs).catch((error: unknown) => {
		const seen = server.requests.map(entry => `${entry.method} ${entry.path} ${entry.status}`).join('\n');
		throw new Error(`${(error as Error).message}; the server saw:\n${seen}`);
	});
}
