// `ecore-records [job-id]` at a terminal: the full-screen browser (app.tsx) in the alternate screen, until
// the person quits; the terminal is restored on every way out.
import process from 'node:process';
import {setTimeout as delay} from 'node:timers/promises';
import type {RunOptions} from '../args.js';
import type {ApiClient} from '../api/types.js';
import {connect, type Connection} from '../connection.js';
import {EXIT} from '../exit.js';
import {screenModules, type ScreenModules} from '../start.js';

export async function browse(options: RunOptions): Promise<number> {
	const screen = screenModules();
	// An import that fails while we bail out below must not surface as an unhandled rejection.
	screen.catch(() => undefined);
	const connection = await connect(options.flags);
	try {
		// Without a token the browser opens on the token screen.
		return await show(connection, options, screen);
	} finally {
		await connection.close();
	}
}

async function show(connection: Connection, options: RunOptions, screen: ScreenModules): Promise<number> {
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
