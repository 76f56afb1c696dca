// Chooses what a validated command line runs: the browser, the page as text, export, the token
// commands, or the demo server. Heavy parts are imported only by the path that needs them.
import process from 'node:process';
import {setTimeout as delay} from 'node:timers/promises';
import {resolveBaseUrl} from './api/base-url.js';
import {describeError, isApiError} from './api/errors.js';
import {EXIT, exitCodeFor} from './exit.js';
import {createClient, type ClientOptions} from './api/client.js';
import type {ApiClient, RecordFilter} from './api/types.js';
import type {TokenSupport} from './app.js';
import {screenModules, type ScreenModules} from './start.js';

export interface RunOptions {
	readonly command: 'browse' | 'export' | 'login' | 'logout' | 'auth' | 'demo-server';
	readonly jobId: number | undefined;
	readonly status: RecordFilter;
	readonly page: number;
	readonly pageSize: number;
	readonly flags: {
		readonly token: string | undefined;
		readonly baseUrl: string | undefined;
		readonly demo: boolean;
		readonly format: 'csv' | 'ndjson' | 'json';
		readonly output: string | undefined;
		readonly excelSafe: boolean;
		readonly port: number | undefined;
		/** demo-server: --latency, --jitter, --rate-limit (0 = none). */
		readonly demoServer: {
			readonly latencyMs: number;
			readonly jitterMs: number;
			readonly rateLimitPerSecond: number;
		};
		readonly check: boolean;
		readonly refreshSeconds: number;
	};
	readonly usage: (message: string) => never;
}

interface Connection {
	/** Undefined when no token is available. */
	readonly client: ApiClient | undefined;
	readonly baseUrl: string;
	readonly token: TokenSupport;
	close(): Promise<void>;
}

const NO_TOKEN =
	'no API token: run `ecore-records login`, set ECORE_API_TOKEN, or pass --token (or try --demo, which needs none)';

function fail(message: string, code: number): number {
	process.stderr.write(`ecore-records: ${message}\n`);
	return code;
}

function verifier(baseUrl: string, options?: Partial<ClientOptions>) {
	return async (token: string) => {
		const {verifyToken} = await import('./commands/auth.js');
		return verifyToken({createClient: o => createClient({...o, ...options}), baseUrl, token});
	};
}

async function connect(options: RunOptions): Promise<Connection> {
	if (options.flags.demo) {
		const {startDemoServer} = await import('./demo/server.js');
		const server = await startDemoServer();
		const make = (token: string) => createClient({baseUrl: server.baseUrl, token});
		return {
			client: make(server.token),
			baseUrl: server.baseUrl,
			// --demo never reads or writes the saved token.
			token: {createClient: make, verify: verifier(server.baseUrl), baseUrl: server.baseUrl},
			close: () => server.close(),
		};
	}

	const {openStore, resolveSettings} = await import('./config/index.js');
	const store = openStore({env: process.env});
	const settings = resolveSettings({
		flags: {token: options.flags.token, baseUrl: options.flags.baseUrl},
		env: process.env,
		store,
	});
	// A base URL the token may not go to is a usage mistake, refused before any screen or request.
	const resolved = resolveBaseUrl(settings.baseUrl.value);
	if (!resolved.ok) {
		throw resolved.error;
	}

	const baseUrl = settings.baseUrl.value;
	const make = (token: string) => createClient({baseUrl, token});
	let saving: Promise<void> | undefined;
	let unsaved: string | undefined;
	return {
		client: settings.token ? make(settings.token.value) : undefined,
		baseUrl,
		token: {
			createClient: make,
			verify: verifier(baseUrl),
			save(token) {
				// The token is in use either way; a file that cannot be written is said once the screen is gone.
				// One at a time, in order (the token screen can come back after a 401), all awaited on close.
				saving = (saving ?? Promise.resolve())
					.then(async () => store.save({token}))
					.then(
						() => {
							unsaved = undefined;
						},
						(error: unknown) => {
							unsaved = configMessage(error) ?? describeError(error).message;
						},
					);
			},
			baseUrl,
		},
		async close() {
			await saving;
			if (unsaved) {
				process.stderr.write(`ecore-records: the token was used but not saved: ${unsaved}\n`);
			}
		},
	};
}

/** The page (or, without a job id, the job list) as tab-separated text, for pipes and files. */
async function printPage(client: ApiClient, options: RunOptions): Promise<number> {
	const {writePageTsv, writeJobsTsv} = await import('./export/tsv.js');
	if (options.jobId === undefined) {
		await writeJobsTsv(await client.listJobs({page: options.page}), process.stdout);
		return EXIT.ok;
	}

	const page = await client.getRecords(options.jobId, {
		status: options.status,
		page: options.page,
		page_size: options.pageSize,
	});
	await writePageTsv(page, process.stdout);
	return EXIT.ok;
}

async function browse(connection: Connection, options: RunOptions, screen: ScreenModules): Promise<number> {
	// The first page is asked for while the screen's modules load, and the first frame shows it when
	// it comes within a moment: no "loading" frame to draw and then replace. Slower, the screen opens
	// without it and shows it when it arrives (the browser then asks again, from its cache or not).
	const {client} = connection;
	const jobId = options.jobId;
	const first =
		client && jobId !== undefined
			? client
					.getRecords(jobId, {status: options.status, page: options.page, page_size: options.pageSize})
					.catch(() => undefined)
			: Promise.resolve(undefined);
	const [{render}, {App}, {setupTerminal}, {createTheme}, {inkStdout}, {streamTerminal}, {inkStdin}] = await screen;
	// The wait starts once the modules are in: loading them keeps the one thread busy, and an answer
	// that is on its way then arrives within a few milliseconds.
	const initialPage = await Promise.race([first, delay(150, undefined, {ref: false})]);

	return new Promise<number>(resolve => {
		let instance: ReturnType<typeof render> | undefined;
		const clients = new Set<ApiClient>();
		const track = (client: ApiClient | undefined) => {
			if (client) {
				clients.add(client);
			}

			return client;
		};

		// Requests in flight are aborted on every way out, so the process never waits for a timeout.
		const stop = () => {
			for (const client of clients) {
				client.abortAll();
			}

			instance?.unmount();
		};

		const terminal = setupTerminal({
			stdout: process.stdout,
			stdin: process.stdin,
			beforeExit() {
				stop();
				void connection.close();
			},
		});
		const quit = (code: number) => {
			stop();
			terminal.restore();
			resolve(code);
		};

		const stdout = inkStdout(process.stdout);
		// The size is read from the terminal itself: Ink's stdout reports one row while a full redraw is pending.
		const size = streamTerminal(process.stdout, () => {
			stdout.forceFullRedraw();
		});

		instance = render(
			<App
				client={track(connection.client)}
				jobId={options.jobId}
				pageSize={options.pageSize}
				filter={options.status}
				page={options.page}
				theme={createTheme(process.env)}
				followMs={options.flags.refreshSeconds * 1000}
				excelSafe={options.flags.excelSafe}
				initialPage={initialPage}
				token={{...connection.token, createClient: token => track(connection.token.createClient(token))!}}
				env={process.env}
				terminal={size}
				onQuit={(code = EXIT.ok) => {
					quit(code);
				}}
			/>,
			{
				stdout,
				stdin: inkStdin(process.stdin),
				exitOnCtrlC: false,
				patchConsole: false,
				incrementalRendering: true,
			},
		);
	});
}

async function exportCommand(client: ApiClient, options: RunOptions & {jobId: number}): Promise<number> {
	const [{runExport}, {onTerminationSignals}] = await Promise.all([
		import('./export/command.js'),
		import('./export/signals.js'),
	]);
	const controller = new AbortController();
	// Ctrl-C, `kill` and a closed SSH session stop the export the same way, whatever the output: it unwinds
	// (a file's temporary copy is removed) and exits 128 + the signal's number.
	const stopListening = onTerminationSignals(reason => {
		controller.abort(reason);
	});

	try {
		return await runExport({
			client,
			jobId: options.jobId,
			status: options.status,
			format: options.flags.format,
			output: options.flags.output,
			excelSafe: options.flags.excelSafe,
			stdout: process.stdout,
			stderr: process.stderr,
			signal: controller.signal,
		});
	} finally {
		stopListening();
	}
}

async function authCommand(options: RunOptions): Promise<number> {
	const [{login, logout, auth}, {openStore}] = await Promise.all([
		import('./commands/auth.js'),
		import('./config/index.js'),
	]);
	const deps = {
		flags: {token: options.flags.token, baseUrl: options.flags.baseUrl, check: options.flags.check},
		env: process.env,
		stdin: process.stdin,
		stdout: process.stdout,
		stderr: process.stderr,
		store: openStore({env: process.env}),
		createClient,
	};
	const command = options.command === 'login' ? login : options.command === 'logout' ? logout : auth;
	return command(deps);
}

async function demoServer(options: RunOptions): Promise<number> {
	const {runDemoServerCli} = await import('./demo/server.js');
	try {
		await runDemoServerCli({port: options.flags.port ?? 8787, faults: options.flags.demoServer});
		return EXIT.ok;
	} catch (error) {
		const code = (error as {code?: string}).code;
		return fail(
			code === 'EADDRINUSE'
				? `port ${options.flags.port ?? 8787} is in use: pick another with --port (0 picks a free one)`
				: `the demo server could not start (${code ?? 'unknown error'})`,
			EXIT.failure,
		);
	}
}

function configMessage(error: unknown): string | undefined {
	return error instanceof Error && error.name === 'ConfigError' ? error.message : undefined;
}

export async function run(options: RunOptions): Promise<number> {
	try {
		switch (options.command) {
			case 'demo-server': {
				return await demoServer(options);
			}

			case 'login':
			case 'logout':
			case 'auth': {
				return await authCommand(options);
			}

			default: {
				break;
			}
		}
	} catch (error) {
		return fail(configMessage(error) ?? describeError(error).message, EXIT.failure);
	}

	const {jobId} = options;
	if (options.command === 'export' && jobId === undefined) {
		options.usage('export needs a job id, e.g. ecore-records export 42 --status Error');
	}

	const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY);
	const screen = options.command === 'browse' && interactive ? screenModules() : undefined;
	// An import that fails while we bail out below must not surface as an unhandled rejection.
	screen?.catch(() => undefined);
	let connection: Connection;
	try {
		connection = await connect(options);
	} catch (error) {
		return fail(
			configMessage(error) ?? describeError(error).message,
			isApiError(error) ? exitCodeFor(error.kind) : EXIT.failure,
		);
	}

	try {
		if (screen) {
			// Without a token the browser opens on the token screen.
			return await browse(connection, options, screen);
		}

		const {client} = connection;
		if (!client) {
			return fail(NO_TOKEN, EXIT.auth);
		}

		return options.command === 'export' && jobId !== undefined
			? await exportCommand(client, {...options, jobId})
			: await printPage(client, options);
	} catch (error) {
		const problem = describeError(error);
		return fail(problem.message, exitCodeFor(problem.kind));
	} finally {
		await connection.close();
	}
}
