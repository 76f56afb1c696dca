// `ecore-records demo-server`: the embedded demo API on its own, until Ctrl+C.
import type {RunOptions} from '../args.js';
import {runDemoServerCli} from '../demo/server.js';
import {CommandFailure, EXIT} from '../exit.js';

const DEFAULT_PORT = 8787;

export async function demoServer(options: RunOptions): Promise<number> {
	const port = options.flags.port ?? DEFAULT_PORT;
	const {balance, ...faults} = options.flags.demoServer;
	try {
		await runDemoServerCli({port, faults, balance});
		return EXIT.ok;
	} catch (error) {
		const code = (error as {code?: string}).code;
		throw new CommandFailure(
			code === 'EADDRINUSE'
				? `port ${port} is in use: pick another with --port (0 picks a free one)`
				: `the demo server could not start (${code ?? 'unknown error'})`,
			EXIT.failure,
		);
	}
}
