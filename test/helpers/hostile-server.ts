// A small hostile API on a free loopback port: every answer is whatever the test says, byte for byte
// (any status, any reason phrase, headers and body), so a test can put a payload in any field of any
// documented body, in an error body or in the reason phrase, and drive the real client and views
// against it. It speaks just enough HTTP/1.1 itself (one request per connection): Node's own server
// refuses a reason phrase holding ESC or non-Latin-1 text, and a hostile server does not.
import net from 'node:net';
import type {AddressInfo} from 'node:net';

export interface HostileAnswer {
	readonly status?: number;
	/** The reason phrase, sent as UTF-8 bytes whatever it holds (CR and LF aside, which would end the line). */
	readonly statusText?: string;
	/** A value is sent as JSON; a string as it is (UTF-8). */
	readonly body?: unknown;
	readonly headers?: Readonly<Record<string, string>>;
}

export interface HostileRequest {
	/** Relative to the base URL: `email-validation/jobs/42/`. */
	readonly path: string;
	readonly query: URLSearchParams;
	readonly authorization: string | undefined;
}

export type HostileRoute = (request: HostileRequest) => HostileAnswer | undefined;

export interface HostileServer {
	/** Ends in `/`, like the API's base URL. */
	readonly baseUrl: string;
	/** What was asked, in order. */
	readonly requests: HostileRequest[];
	/** Changes what the server answers from the next request on. */
	answer(route: HostileRoute): void;
	close(): Promise<void>;
}

export const HOSTILE_TOKEN = 'hostile-test-token-0123456789abcdefABCDEF';

const REASONS: Readonly<Record<number, string>> = {
	200: 'OK',
	400: 'Bad Request',
	401: 'Unauthorized',
	404: 'Not Found',
};

function respond(answer: HostileAnswer): Buffer {
	const status = answer.status ?? 200;
	const reason = (answer.statusText ?? REASONS[status] ?? 'Status').replaceAll(/[\r\n]/g, ' ');
	const body = Buffer.from(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? null));
	const headers = {'content-type': 'application/json', ...answer.headers};
	const lines = [`HTTP/1.1 ${status} ${reason}`];
	for (const [name, value] of Object.entries(headers)) {
		lines.push(`${name}: ${value}`);
	}

	lines.push(`content-length: ${body.length}`, 'connection: close', '', '');
	return Buffer.concat([Buffer.from(lines.join('\r\n'), 'utf8'), body]);
}

export async function startHostileServer(route: HostileRoute = () => undefined): Promise<HostileServer> {
	let current = route;
	const requests: HostileRequest[] = [];
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => {});
		let head = '';
		const onData = (chunk: Buffer) => {
			head += chunk.toString('latin1');
			const end = head.indexOf('\r\n\r\n');
			if (end === -1) {
				return;
			}

			socket.off('data', onData);
			const [requestLine = '', ...headerLines] = head.slice(0, end).split('\r\n');
			const target = requestLine.split(' ')[1] ?? '/';
			const url = new URL(target, 'http://127.0.0.1');
			const authorization = headerLines
				.find(line => line.toLowerCase().startsWith('authorization:'))
				?.slice('authorization:'.length)
				.trim();
			const seen: HostileRequest = {path: url.pathname.replace(/^\/api\//, ''), query: url.searchParams, authorization};
			requests.push(seen);
			const answer = current(seen) ?? {status: 404, body: {detail: 'Not found.'}};
			socket.end(respond(answer));
		};

		socket.on('data', onData);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/api/`,
		requests,
		answer(next) {
			current = next;
		},
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
