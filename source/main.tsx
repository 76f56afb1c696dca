// Chooses what a validated command line runs: the browser, the page as text, export, the token
// commands, or the demo server. Heavy parts are imported only by the path that needs them.
import process from 'node:process';
import {describeError} from './api/errors.js';
import {createClient} from './api/client.js';
import type {ApiClient, RecordFilter} from './api/types.js';

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
		readonly format: string | undefined;
		readonly output: string | undefined;
		readonly excelSafe: boolean;
		readonly port: number | undefined;
		readonly check: boolean;
	};
	readonly usage: (message: string) => never;
}

export const EXIT = {ok: 0, failure: 1, usage: 2, auth: 4} as const;

interface Connection {
	readonly client: ApiClient | undefined;
	/** Why there is no client (no token), as one line. */
	readonly missing?: string;
	close(): Promise<void>;
}

function fail(message: string, code: number): number {
	process.stderr.write(`ecore-records: ${message}\n`);
	return code;
}

async function connect(options: RunOptions): Promise<Connection> {
	if (options.flags.demo) {
		const {startDemoServer} = await import('./demo/server.js');
		const server = await startDemoServer();
		return {
			client: createClient({baseUrl: server.baseUrl, token: server.token}),
			close: () => server.close(),
		};
	}

	const {openStore, resolveSettings} = await import('./config/index.js');
	const settings = resolveSettings({
		flags: {token: options.flags.token, baseUrl: options.flags.baseUrl},
		env: process.env,
		store: openStore({env: process.env}),
	});
	if (!settings.token) {
		return {
			client: undefined,
			missing: 'no API token: run `ecore-records login`, set ECORE_API_TOKEN, or pass --token (try --demo without one)',
			close: async () => undefined,
		};
	}

	return {
		client: createClient({baseUrl: settings.baseUrl.value, token: settings.token.value}),
		close: async () => undefined,
	};
}

function exitCodeFor(error: unknown): number {
	return describeError(error).kind === 'auth' ? EXIT.auth : EXIT.failure;
}

/** The page (or the job list) as tab-separated text, for pipes and files. */
async function printPage(client: ApiClient, options: RunOptions): Promise<number> {
	const {writePageTsv} = await import('./export/tsv.js');
	if (options.jobId === undefined) {
		const jobs = await client.listJobs({page: options.page});
		process.stdout.write(`${jobs.results.map(job => [job.id, job.list_name, job.status].join('\t')).join('\n')}\n`);
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

async function browse(client: ApiClient, options: RunOptions, close: () => Promise<void>): Promise<number> {
	if (options.jobId === undefined) {
		options.usage('a job id is required, e.g. ecore-records 42');
	}

	const [{render}, {App}, {setupTerminal}, {createTheme}, {inkStdout}] = await Promise.all([
		import('ink'),
		import('./app.js'),
		import('./terminal/screen.js'),
		import('./terminal/theme.js'),
		import('./terminal/inkStdout.js'),
	]);

	return new Promise<number>(resolve => {
		// eslint-disable-next-line prefer-const
		let instance: ReturnType<typeof render> | undefined;
		const terminal = setupTerminal({
			stdout: process.stdout,
			stdin: process.stdin,
			beforeExit() {
				client.abortAll();
				instance?.unmount();
				void close();
			},
		});
		const quit = (code: number) => {
			client.abortAll();
			instance?.unmount();
			terminal.restore();
			void close().finally(() => {
				resolve(code);
			});
		};

		instance = render(
			<App
				client={client}
				jobId={options.jobId!}
				pageSize={options.pageSize}
				filter={options.status}
				page={options.page}
				theme={createTheme(process.env)}
				onQuit={() => {
					quit(EXIT.ok);
				}}
			/>,
			{stdout: inkStdout(process.stdout), exitOnCtrlC: false, patchConsole: false, incrementalRendering: true},
		);
	});
}

export async function run(options: RunOptions): Promise<number> {
	if (options.command === 'demo-server') {
		const {runDemoServerCli} = await import('./demo/server.js');
		await runDemoServerCli({port: options.flags.port ?? 8787});
		return EXIT.ok;
	}

	let connection: Connection;
	try {
		connection = await connect(options);
	} catch (error) {
		return fail(describeError(error).message, EXIT.failure);
	}

	const {client} = connection;
	try {
		if (!client) {
			return fail(connection.missing ?? 'no API token', EXIT.auth);
		}

		const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY);
		if (options.command === 'browse') {
			return interactive ? await browse(client, options, connection.close) : await printPage(client, options);
		}

		return fail(`${options.command} is not available yet`, EXIT.failure);
	} catch (error) {
		return fail(describeError(error).message, exitCodeFor(error));
	} finally {
		await connection.close();
	}
}
