// The browser's screen (app.tsx in Ink), loaded by commands/browse.ts once the first screen's requests
// are on their way: Ink, React and the views take a while to evaluate, and the answers travel meanwhile.
import process from 'node:process';
import {render} from 'ink';
import type {RunOptions} from '../args.js';
import type {ApiClient} from '../api/types.js';
import {App} from '../app.js';
import type {Connection} from '../connection.js';
import {EXIT} from '../exit.js';
import type {FirstRequests} from '../store/first.js';
import {streamTerminal} from '../store/size.js';
import {setupTerminal} from '../terminal/screen.js';
import {createTheme} from '../terminal/theme.js';
import {inkStdout} from '../terminal/inkStdout.js';
import {inkStdin} from '../terminal/inkStdin.js';

export function show(connection: Connection, options: RunOptions, first: FirstRequests | undefined): Promise<number> {
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
