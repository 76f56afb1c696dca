// The embedded eCore API on node:http: sockets, waits, the request log and closing. What is answered
// is route.ts's business; how it is bent, faults.ts's.

import http, {type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {type Delivery, FaultInjector, type Faults} from './faults.js';
import {DJANGO_SERVER_ERROR_HTML, proxyErrorHtml} from './http.js';
import {type Reply, htmlReply} from './reply.js';
import {DemoApi, type UploadTiming} from './route.js';

export {DEFAULT_UPLOAD_TIMING, DEMO_TOKEN, type UploadTiming} from './route.js';
export {DEMO_BALANCE} from './wallet.js';
export {type Faults, type MalformedKind, NO_FAULTS} from './faults.js';

export interface DemoServerOptions {
	host?: string;
	port?: number;
	tokens?: string[];
	/** The data clock: the Processing and Uploading jobs move with it. */
	now?: () => number;
	processingDurationMs?: number;
	faults?: Partial<Faults>;
	/** The log's timestamps and the rate limit's window; default `epochClock`. */
	clock?: () => number;
	/** Credits in the demo account's wallet at start (default DEMO_BALANCE). */
	balance?: number;
	/** How long an uploaded job is Uploading, then Processing (default DEFAULT_UPLOAD_TIMING). */
	uploadTiming?: Partial<UploadTiming>;
	/** Bodies above this answer 413, as nginx in front of the app would (default 64 MiB). */
	maxBodyBytes?: number;
}

/**
 * Milliseconds since the epoch, to a fraction of a millisecond. Read the same way in any process on this
 * machine (a test, the bench, the app as a child process), it is one clock: timestamps in the request
 * log compare with a keypress or a frame seen elsewhere.
 */
export function epochClock(): number {
	return performance.timeOrigin + performance.now();
}

export interface RequestLogEntry {
	method: string;
	path: string;
	query: Record<string, string>;
	/** 0 until the answer is decided (while a latency wait lasts), and for ever for a hung request. */
	status: number;
	/** When the request's head arrived, on the server's clock (ms). */
	arrivedAt: number;
	/**
	 * When the answer's last byte was handed to the socket, on the same clock; null until then, and for
	 * ever for an answer that never completed (hung, cut by a fault, or the client left first).
	 */
	completedAt: number | null;
	/** Bytes of request body received. */
	bodyBytes: number;
	/** Upload Emails: addresses in the request as sent (null when the body could not be read as a list). */
	emailCount?: number | null;
	/** Upload Emails: the job it created, or null. */
	jobId?: number | null;
}

export interface DemoServer {
	readonly origin: string;
	readonly baseUrl: string;
	readonly token: string;
	setFaults(f: Partial<Faults>): void;
	setTokens(t: string[]): void;
	setJobSize(jobId: number, size: number): void;
	readonly requests: ReadonlyArray<RequestLogEntry>;
	resetStats(): void;
	close(): Promise<void>;
	/** Bytes held by the generated data's indices (the only per-record memory kept). */
	readonly dataBytes: number;
	/** The demo account's credits now, refunds of completed uploads included. */
	readonly balance: number;
	setBalance(credits: number): void;
}

// Benchmarks hammer the server; the log keeps the latest requests only.
const MAX_LOG = 100_000;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

type BodyRead = {readonly kind: 'body'; readonly body: Buffer} | {readonly kind: 'too-large'} | {readonly kind: 'gone'};

/** The request body, up to `limit` bytes (counted into the log entry as they come). */
function readBody(req: IncomingMessage, limit: number, entry: RequestLogEntry): Promise<BodyRead> {
	return new Promise(resolve => {
		const chunks: Buffer[] = [];
		const finish = (result: BodyRead) => {
			req.off('data', onData);
			req.off('end', onEnd);
			req.off('close', onClose);
			resolve(result);
		};
		const onData = (chunk: Buffer) => {
			entry.bodyBytes += chunk.length;
			if (entry.bodyBytes > limit) {
				// Not destroyed: the 413 still has to go out on this socket.
				req.pause();
				finish({kind: 'too-large'});
			} else {
				chunks.push(chunk);
			}
		};
		const onEnd = () => finish({kind: 'body', body: Buffer.concat(chunks)});
		const onClose = () => finish({kind: 'gone'});
		req.on('data', onData);
		req.on('end', onEnd);
		req.on('close', onClose);
	});
}

function sendBody(res: ServerResponse, reply: Reply): void {
	const buf = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
	res.writeHead(reply.status, {...reply.headers, 'Content-Length': String(buf.length)});
	res.end(buf);
}

async function pump(res: ServerResponse, chunks: Iterator<string>): Promise<void> {
	for (let r = chunks.next(); !r.done; r = chunks.next()) {
		if (res.destroyed) {
			return;
		}
		if (res.write(r.value)) {
			// Give other requests a turn between chunks even when the client keeps up.
			// eslint-disable-next-line no-await-in-loop -- one chunk after another is the point
			await nextTurn();
		} else {
			// Backpressure: the next chunk waits for the client.
			// eslint-disable-next-line no-await-in-loop -- one chunk after another is the point
			await new Promise<void>(resolve => {
				const done = () => {
					res.off('drain', done);
					res.off('close', done);
					resolve();
				};
				res.on('drain', done);
				res.on('close', done);
			});
		}
	}
	if (!res.destroyed) {
		res.end();
	}
}

async function deliver(req: IncomingMessage, res: ServerResponse, delivery: Delivery): Promise<void> {
	switch (delivery.kind) {
		case 'hang':
			return;
		case 'cut': {
			const {reply, declaredLength, sent, how} = delivery;
			res.writeHead(reply.status, {...reply.headers, 'Content-Length': String(declaredLength)});
			res.write(sent, () => {
				if (how === 'reset') {
					res.socket?.resetAndDestroy();
				} else {
					res.socket?.end();
				}
			});
			return;
		}
		case 'reply': {
			const reply = delivery.reply;
			if (!reply.chunks) {
				sendBody(res, reply);
				return;
			}
			res.writeHead(reply.status, reply.headers);
			if (req.method === 'HEAD') {
				res.end();
				return;
			}
			await pump(res, reply.chunks());
		}
	}
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
	const clock = options.clock ?? epochClock;
	const faults = new FaultInjector(options.faults, clock);
	const api = new DemoApi({
		tokens: options.tokens,
		now: options.now,
		processingDurationMs: options.processingDurationMs,
		throttle: () => faults.throttle(),
		refusedEmails: () => faults.refusedEmails,
		balance: options.balance,
		uploadTiming: options.uploadTiming,
	});
	const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
	let log: RequestLogEntry[] = [];
	let closed = false;
	const sockets = new Set<Socket>();
	const sleepers = new Set<{timer: NodeJS.Timeout; resolve: () => void}>();
	/** Host for links when a request has no Host header (HTTP/1.0); set once listening. */
	let hostPort = '';

	function sleep(ms: number): Promise<void> {
		return new Promise(resolve => {
			const sleeper = {
				timer: setTimeout(() => {
					sleepers.delete(sleeper);
					resolve();
				}, ms),
				resolve,
			};
			sleepers.add(sleeper);
		});
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const url = req.url ?? '/';
		const q = url.indexOf('?');
		const entry: RequestLogEntry = {
			method: req.method ?? 'GET',
			path: q === -1 ? url : url.slice(0, q),
			query: Object.fromEntries(new URLSearchParams(q === -1 ? '' : url.slice(q + 1))),
			status: 0,
			arrivedAt: clock(),
			completedAt: null,
			bodyBytes: 0,
		};
		res.once('finish', () => {
			entry.completedAt = clock();
		});
		if (log.length >= MAX_LOG) {
			log.splice(0, MAX_LOG / 2);
		}
		log.push(entry);
		const read = await readBody(req, maxBodyBytes, entry);
		if (read.kind === 'gone') {
			return;
		}
		if (read.kind === 'too-large') {
			entry.status = 413;
			// The rest of the body is never read, so the connection cannot be used again.
			sendBody(res, htmlReply(413, proxyErrorHtml(413, 'Request Entity Too Large'), {Connection: 'close'}));
			return;
		}
		const body = read.body;
		const {n, delayMs} = faults.arrive();
		if (delayMs > 0) {
			await sleep(delayMs);
		}
		if (closed || res.destroyed) {
			return;
		}
		let routed: Reply | undefined;
		const delivery = faults.answer(n, () => {
			routed = api.route({
				method: entry.method,
				url,
				headers: {...req.headers, host: req.headers.host ?? hostPort},
				body,
			});
			return routed;
		});
		if (routed?.upload) {
			entry.emailCount = routed.upload.emailCount;
			entry.jobId = routed.upload.jobId;
		}
		if (delivery.kind !== 'hang') {
			entry.status = delivery.reply.status;
		}
		await deliver(req, res, delivery);
	}

	const server = http.createServer((req, res) => {
		req.on('error', () => {});
		res.on('error', () => {});
		handle(req, res).catch(() => {
			if (!res.headersSent) {
				sendBody(res, {
					status: 500,
					headers: {'Content-Type': 'text/html; charset=utf-8'},
					body: DJANGO_SERVER_ERROR_HTML,
					shape: 'plain',
				});
			} else {
				res.destroy();
			}
		});
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('clientError', (_error, socket) => {
		socket.destroy();
	});

	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;
	let urlHost = host;
	if (host === '0.0.0.0') {
		urlHost = '127.0.0.1';
	} else if (host === '::') {
		urlHost = '[::1]';
	} else if (host.includes(':')) {
		urlHost = `[${host}]`;
	}
	hostPort = `${urlHost}:${port}`;
	const origin = `http://${hostPort}`;
	let closing: Promise<void> | undefined;

	return {
		origin,
		baseUrl: `${origin}/backend/api/v1/`,
		get token() {
			return api.token;
		},
		get requests() {
			return log;
		},
		get dataBytes() {
			return api.data.indexBytes;
		},
		get balance() {
			return api.balance;
		},
		setBalance(credits) {
			api.setBalance(credits);
		},
		setFaults(partial) {
			faults.set(partial);
		},
		setTokens(next) {
			api.setTokens(next);
		},
		setJobSize(jobId, size) {
			const job = api.data.job(jobId);
			if (!job) {
				throw new RangeError(`The demo has no job ${jobId}.`);
			}
			job.setSize(size);
		},
		resetStats() {
			log = [];
			faults.reset();
		},
		close() {
			closing ??= new Promise<void>(resolve => {
				closed = true;
				for (const sleeper of sleepers) {
					clearTimeout(sleeper.timer);
					sleeper.resolve();
				}
				sleepers.clear();
				server.close(() => resolve());
				for (const socket of sockets) {
					socket.destroy();
				}
				server.closeAllConnections();
			});
			return closing;
		},
	};
}

export interface DemoServerCliOptions {
	port?: number;
	host?: string;
	/** Stops the server like SIGINT does (tests). */
	signal?: AbortSignal;
	/** Where the one status line goes (default stdout). */
	write?: (line: string) => void;
	/** --latency, --jitter and --rate-limit. */
	faults?: Pick<Partial<Faults>, 'latencyMs' | 'jitterMs' | 'rateLimitPerSecond'>;
	/** --balance: credits in the demo wallet. */
	balance?: number;
}

/** What the status line says about the faults asked for, so a slow or refusing demo is no surprise. */
function faultsSentence(faults: DemoServerCliOptions['faults'] = {}): string {
	const parts: string[] = [];
	if (faults.latencyMs) {
		parts.push(`answers delayed ${faults.latencyMs} ms`);
	}
	if (faults.jitterMs) {
		parts.push(`${parts.length > 0 ? 'plus' : 'delayed'} up to ${faults.jitterMs} ms of jitter`);
	}
	if (faults.rateLimitPerSecond) {
		parts.push(`at most ${faults.rateLimitPerSecond} request${faults.rateLimitPerSecond === 1 ? '' : 's'} a second`);
	}
	return parts.length === 0 ? '' : ` Injected: ${parts.join(', ')}.`;
}

/** `ecore-records demo-server [options]`: serve until SIGINT/SIGTERM, then close and return. */
export async function runDemoServerCli(argv: DemoServerCliOptions): Promise<void> {
	const server = await startDemoServer({host: argv.host, port: argv.port, faults: argv.faults, balance: argv.balance});
	const write = argv.write ?? ((line: string) => process.stdout.write(`${line}\n`));
	// Handlers go in before the line is printed: whoever reads the line may signal at once.
	const stopped = new Promise<void>(resolve => {
		const stop = () => {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
			argv.signal?.removeEventListener('abort', stop);
			resolve();
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		if (argv.signal?.aborted) {
			stop();
		} else {
			argv.signal?.addEventListener('abort', stop);
		}
	});
	// The demo token is public by design; printing it is how a person gets started.
	write(
		`eCore demo API at ${server.baseUrl} (token ${server.token}, ${server.balance.toLocaleString('en-US')} credits).` +
			`${faultsSentence(argv.faults)} ` +
			`Try: ECORE_BASE_URL=${server.baseUrl} ECORE_API_TOKEN=${server.token} ecore-records. Ctrl+C stops it.`,
	);
	await stopped;
	await server.close();
}
