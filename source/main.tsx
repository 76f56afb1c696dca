// Runs the command a checked command line names. Each command is a module of its own under commands/,
// loaded only when it runs; the table has one entry per command, and the compiler checks none is missing.
// A command returns its exit code or throws; whatever it throws becomes one line on stderr here.
import process from 'node:process';
import type {Command, RunOptions} from './args.js';
import {commandLineSentence, describeError} from './api/errors.js';
import {configMessage} from './connection.js';
import {CommandFailure, EXIT, exitCodeFor} from './exit.js';

const COMMANDS: Readonly<Record<Command, (options: RunOptions) => Promise<number>>> = {
	browse: async options => (await import('./commands/browse.js')).browse(options),
	print: async options => (await import('./commands/print.js')).print(options),
	async export(options) {
		const {jobId} = options;
		// cli.tsx refuses `export` without a job id before anything runs.
		if (jobId === undefined) {
			throw new CommandFailure('export needs a job id', EXIT.usage);
		}

		return (await import('./commands/export.js')).exportCommand({...options, jobId});
	},
	async revalidate(options) {
		const {jobId} = options;
		// cli.tsx refuses `revalidate` without a job id before anything runs.
		if (jobId === undefined) {
			throw new CommandFailure('revalidate needs a job id', EXIT.usage);
		}

		return (await import('./commands/revalidate.js')).revalidateCommand({...options, jobId});
	},
	login: async options => (await import('./commands/login.js')).login(await authDeps(options)),
	logout: async options => (await import('./commands/logout.js')).logout(await authDeps(options)),
	auth: async options => (await import('./commands/auth.js')).auth(await authDeps(options)),
	'demo-server': async options => (await import('./commands/demoServer.js')).demoServer(options),
};

/** What login, logout and auth are given: their flags, the streams, the settings and a way to make clients. */
async function authDeps(options: RunOptions) {
	const [{openStore}, {createClient}] = await Promise.all([import('./config/index.js'), import('./api/client.js')]);
	return {
		flags: {token: options.flags.token, baseUrl: options.flags.baseUrl, check: options.flags.check},
		env: process.env,
		stdin: process.stdin,
		stdout: process.stdout,
		stderr: process.stderr,
		store: openStore({env: process.env}),
		createClient,
	};
}

function failure(error: unknown): {message: string; code: number} {
	if (error instanceof CommandFailure) {
		return {message: error.message, code: error.code};
	}

	const config = configMessage(error);
	if (config !== undefined) {
		return {message: config, code: EXIT.failure};
	}

	const problem = describeError(error);
	return {message: commandLineSentence(problem), code: exitCodeFor(problem.kind)};
}

export async function run(options: RunOptions): Promise<number> {
	try {
		return await COMMANDS[options.command](options);
	} catch (error) {
		const {message, code} = failure(error);
		// Loaded only to say it: terminal/say.ts reaches string-width, whose module-level Intl.Segmenter
		// starts ICU (~10 ms), which must not run before the first request has left (commands/browse.ts).
		const {complain} = await import('./terminal/say.js');
		complain(process.stderr, message);
		return code;
	}
}
