// `ecore-records [job-id]` at a terminal: the full-screen browser (app.tsx) in the alternate screen, until
// the person quits; the terminal is restored on every way out. What the first screen shows is asked for
// before the screen's modules are even loaded: Ink, React and the views take a while to evaluate, and
// the answers travel meanwhile.
import process from 'node:process';
import type {RunOptions} from '../args.js';
import type {ApiClient} from '../api/types.js';
import {connect, type Connection} from '../connection.js';
import {EXIT} from '../exit.js';
import {sendFirst, type FirstRequests, type FirstScreen} from '../store/first.js';
import {streamTerminal} from '../store/size.js';
import {jobsPageSize} from '../ui/rows.js';

/** The screen's modules, loaded once the first requests are on their way. */
async function loadScreen() {
	return Promise.all([
		import('ink'),
		import('../app.js'),
		import('../terminal/screen.js'),
		import('../terminal/theme.js'),
		import('../terminal/inkStdout.js'),
		import('../terminal/inkStdin.js'),
	]);
}

type ScreenModules = Awaited<ReturnType<typeof loadScreen>>;

/** What the options open on: the job's records, or the job list at the page size this terminal shows. */
export function firstScreen(options: RunOptions, rows: number): FirstScreen {
	const {jobId, status, page, pageSize} = options;
	return jobId === undefined
		? {kind: 'jobs', pageSize: jobsPageSize({rows})}
		: {kind: 'records', jobId, filter: status, page, pageSize};
}

export async function browse(options: RunOptions): Promise<number> {
	const connection = await connect(options.flags);
	try {
		// Without a token the browser opens on the token screen, and nothing is sent.
		const size = streamTerminal(process.stdout).size();
		const first = connection.client ? sendFirst(connection.client, firstScreen(options, size.rows)) : undefined;
		return await show(connection, options, await loadScreen(), first);
	} finally {
		await connection.close();
	}
}

async function show(
	connection: Connection,
	options: RunOptions,
	screen: ScreenModules,
	first: FirstRequests | undefined,
): Promise<number> {
	const [{render}, {App}, {setupTerminal}, {createTheme}, {inkStdout}, {inkStdin}] = screen;
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
		const quit = (code: number, lastLine?: string) => {
			stop();
			terminal.restore(lastLine);
			resolve(code);
		};

		const stdout = inkStdout(process.stdout, process.env);
		// The size is read from the terminal itself: Ink's stdout reports one row while a full redraw is pending.
		const size = streamTerminal(
			process.stdout,
			() => {
				stdout.forceFullRedraw();
			},
			process,
		);

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
				first={first}
				token={{...connection.token, createClient: token => track(connection.token.createClient(token))!}}
				env={process.env}
				terminal={size}
				onQuit={(code = EXIT.ok, lastLine) => {
					quit(code, lastLine);
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
