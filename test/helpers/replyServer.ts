// A tiny HTTP server on a free loopback port that answers each request as a test says, for answers the demo
// server does not give (odd headers, a hostile or cut-off reply, a connection dropped after the request).

import http, {type IncomingHttpHeaders} from 'node:http';
import type {AddressInfo} from 'node:net';

export interface ReceivedRequest {
	method: string;
	/** Path and query as sent. */
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

export type Reply =
	| {status: number; headers?: Record<string, string>; body?: string}
	/** Keep the connection open and never answer. */
	| 'hang'
	/** Read the request, then drop the connection without a response. */
	| 'reset';

export interface ReplyServer {
	/** `http://127.0.0.1:<port>/backend/api/v1/`. */
	readonly baseUrl: string;
	readonly requests: readonly ReceivedRequest[];
	/** Resolves when the n-th request (1-based) has been read whole. */
	received(count: number): Promise<void>;
	close(): Promise<void>;
}

export async function startReplyServer(
	answer: (request: ReceivedRequest, index: number) => Reply | Promise<Reply>,
): Promise<ReplyServer> {
	const requests: ReceivedRequest[] = [];
	const waiters: Array<{count: number; resolve: () => void}> = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const request: ReceivedRequest = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(request);
			for (const waiter of waiters.filter(item => item.count <= requests.length)) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve();
			}

			void Promise.resolve(answer(request, requests.length - 1)).then(reply => {
				if (reply === 'hang') {
					return;
				}

				if (reply === 'reset') {
					req.socket.resetAndDestroy();
					return;
				}

				res.writeHead(reply.status, {'Content-Type': 'application/json', ...reply.headers});
				res.end(reply.body ?? '');
			});
		});
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/backend/api/v1/`,
		requests,
		async received(count) {
			if (requests.length >= count) {
				return;
			}

			await new Promise<void>(resolve => {
				waiters.push({count, resolve});
			});
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
