import process from 'node:process';
// First: before anything can load Ink (see start.ts).
import './start.js';
import packageJson from '../package.json' with {type: 'json'};
import {RECORDS_PAGE_SIZE} from './api/types.js';
import {
	COMMAND_WORDS,
	NO_ARGUMENT,
	UsageError,
	isCommandWord,
	parseJobId,
	parseStatus,
	positiveInteger,
	quote,
	usage,
	type Command,
	type RunOptions,
} from './args.js';
import {EXIT} from './exit.js';
import {EXPORT_FORMATS, type ExportFormat} from './export/format.js';
import {readCommandLine} from './flags.js';

// What ps shows from now on, in place of the command line, which may hold a --token.
process.title = packageJson.name;

const USAGE_LINE = 'usage: ecore-records [job-id] [options]; see ecore-records --help';

/** What --help prints, and what `completion` describes each command and flag by (completion.ts). */
const HELP = `
  Browse the records of an eCore email-validation job in the terminal.

  Usage
    $ ecore-records [job-id] [options]          open the job (the job list when no id is given)
    $ ecore-records --demo [job-id]             try it on the embedded demo API (no token needed)
    $ ecore-records export <job-id> [options]   write every record of a filter to a file or stdout
    $ ecore-records revalidate <job-id> [opts]  upload a filter's emails again as a new job (spends credits)
    $ ecore-records login [--token T]           check a token (given, piped or typed) and save it, and --base-url
    $ ecore-records logout                      forget the saved token
    $ ecore-records auth [--check]              show which token and base URL are in use (alias: whoami)
    $ ecore-records demo-server [options]       run the embedded demo API on its own
    $ ecore-records completion bash|zsh|fish    print a shell completion script (README: installing it)

  Options
    --status <S>      Pending, Valid, Invalid, Unknown, Error or All, any case (default All; revalidate: Error)
    --page <N>        page to open, 1 or more (default 1; past the end: the last page, and says so)
    --page-size <N>   records per page, 1 to 1000 (default 100)
    --base-url <URL>  API base URL (default https://app.ecoreservice.com/backend/api/v1/; http:// only to loopback)
    --token <T>       API token for this run (prefer ECORE_API_TOKEN or login: shell history keeps flags)
    --demo            use the embedded demo API, never the saved token
    --format <F>      export: csv, ndjson or json (default csv)
    --output, -o <F>  export: write to this file, atomically (- or none: stdout, escaped on a terminal)
    --excel-safe      export and x: neutralise CSV cells starting with = + - @ (with a ')
    --list-name <N>   revalidate: the new job's name (default: the job's name, the status, the date)
    --dry-run         revalidate: print the count and the cost, send nothing
    --yes             revalidate: upload without asking (needed when stdin is not a terminal)
    --refresh <S>     seconds between refreshes of a job still running (default 5; 0 turns it off)
    --port <N>        demo-server: port (default 8787; 0 picks a free one)
    --latency <MS>    demo-server: delay every answer this many milliseconds (default 0)
    --jitter <MS>     demo-server: and up to this many more, varying by request (default 0)
    --rate-limit <N>  demo-server: allow N requests a second, then 429 with Retry-After (default 0: no limit)
    --balance <N>     demo-server: credits in the demo wallet, which uploads spend (default 100000)
    --check           auth: also verify the token with the API
    --help            show this help (anywhere on the line: nothing else runs)
    --version         show the version

  When stdout is not a terminal, the page is printed as tab-separated text instead.
  An export at a terminal stops on q or Ctrl+C (exit 130) and shows its progress on stderr.

  Environment
    ECORE_API_TOKEN               API token (beats the saved one; --token beats it)
    ECORE_BASE_URL                API base URL (beats the saved one; --base-url beats it)
    NO_COLOR, FORCE_COLOR         NO_COLOR (not empty), or FORCE_COLOR=0 or false: no colours
    LC_ALL, LC_CTYPE, LANG        the first one set: not UTF-8 gets the screen and messages in ASCII
    TERM                          dumb: no colours or inverse video, > marks the selected row
    TMUX, TMUX_PANE, STY          inside tmux or GNU screen (or TERM=screen*): y and Y copy in its form
    XDG_CONFIG_HOME, APPDATA      where the saved token lives: ecore-records/config.json (APPDATA: Windows)
    XDG_CACHE_HOME, LOCALAPPDATA  where Node 22.1+ keeps compiled code: ecore-records/compile (LOCALAPPDATA: Windows)
    CI, CONTINUOUS_INTEGRATION    ignored at a terminal: the full screen is drawn all the same
    ECORE_DEBUG                   1: the stack of an unexpected error; the row cache's figures on exit

  Exit codes
    0 ok · 1 API or network failure, a file not written, nothing sent · 2 bad arguments · 4 token refused or missing
    130/143/129 interrupted by SIGINT/SIGTERM/SIGHUP
`;

/** Flags only demo-server reads, with how they are spelled. */
const DEMO_SERVER_FLAGS = [
	['latency', '--latency'],
	['jitter', '--jitter'],
	['rateLimit', '--rate-limit'],
	['balance', '--balance'],
] as const;

/** Flags only revalidate reads, with how they are spelled. */
const REVALIDATE_FLAGS = [
	['listName', '--list-name'],
	['dryRun', '--dry-run'],
	['yes', '--yes'],
] as const;

function parseFormat(raw: string | undefined): ExportFormat {
	const format = (raw ?? 'csv').toLowerCase();
	const match = EXPORT_FORMATS.find(known => known === format);
	if (!match) {
		usage(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got ${quote(raw ?? '')}`);
	}

	return match;
}

/**
 * The command line, checked: every mistake is a UsageError before anything runs. Undefined when it was
 * all done here (`completion`).
 */
async function parse(): Promise<RunOptions | undefined> {
	const {flags, input, help, version} = readCommandLine(process.argv.slice(2));
	if (help) {
		process.stdout.write(`${HELP}\n`);
		return undefined;
	}

	if (version) {
		process.stdout.write(`${packageJson.version}\n`);
		return undefined;
	}

	const [first, ...rest] = input;
	const word = isCommandWord(first) ? first : undefined;
	const positionals = word ? rest : input;
	const refusal = word === undefined ? undefined : NO_ARGUMENT[word];
	if (refusal !== undefined && positionals.length > 0) {
		usage(refusal);
	}

	if (positionals.length > 1) {
		usage(`unexpected argument ${quote(positionals[1] ?? '')}`);
	}

	if (word === 'completion') {
		const {completionScript, completionSpec, isShell, SHELLS} = await import('./completion.js');
		const shell = positionals[0];
		if (!isShell(shell)) {
			usage(
				shell === undefined
					? `completion needs a shell: ${SHELLS.join(', ')}`
					: `completion knows ${SHELLS.join(', ')}, not ${quote(shell)}`,
			);
		}

		process.stdout.write(completionScript(shell, completionSpec(HELP, COMMAND_WORDS)));
		return undefined;
	}

	const jobId = parseJobId(positionals[0]);
	// Re-validating is for the records that failed: Error unless --status says otherwise.
	const status = parseStatus(flags.status ?? (word === 'revalidate' ? 'Error' : undefined));
	const page = flags.page === undefined ? 1 : positiveInteger('--page', flags.page, 1);
	const pageSize =
		flags.pageSize === undefined
			? RECORDS_PAGE_SIZE.default
			: positiveInteger('--page-size', flags.pageSize, RECORDS_PAGE_SIZE.min, RECORDS_PAGE_SIZE.max);
	if (flags.demo && (flags.token !== undefined || flags.baseUrl !== undefined)) {
		usage('--demo uses its own server and token: leave out --token and --base-url');
	}

	const demoServerFlag = DEMO_SERVER_FLAGS.find(([name]) => flags[name] !== undefined);
	if (demoServerFlag && word !== 'demo-server') {
		usage(`${demoServerFlag[1]} is a demo-server option: ecore-records demo-server ${demoServerFlag[1]} …`);
	}

	if (word === 'export' && jobId === undefined) {
		usage('export needs a job id, e.g. ecore-records export 42 --status Error');
	}

	const revalidateFlag = REVALIDATE_FLAGS.find(([name]) => flags[name] !== undefined && flags[name] !== false);
	if (revalidateFlag && word !== 'revalidate') {
		usage(`${revalidateFlag[1]} is a revalidate option: ecore-records revalidate <job-id> ${revalidateFlag[1]} …`);
	}

	if (word === 'revalidate' && jobId === undefined) {
		usage('revalidate needs a job id, e.g. ecore-records revalidate 42 --status Error --dry-run');
	}

	if (flags.listName !== undefined && flags.listName.trim() === '') {
		usage('--list-name must not be empty');
	}

	// Without a command word: the screen for a person at a terminal, the page as text for anything else.
	const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY);
	const command: Command = word === 'whoami' ? 'auth' : (word ?? (interactive ? 'browse' : 'print'));
	return {
		command,
		jobId,
		status,
		page,
		pageSize,
		flags: {
			token: flags.token,
			baseUrl: flags.baseUrl,
			demo: flags.demo,
			format: parseFormat(flags.format),
			output: flags.output,
			excelSafe: flags.excelSafe,
			port: flags.port === undefined ? undefined : positiveInteger('--port', flags.port, 0, 65_535),
			demoServer: {
				latencyMs: flags.latency === undefined ? 0 : positiveInteger('--latency', flags.latency, 0, 600_000),
				jitterMs: flags.jitter === undefined ? 0 : positiveInteger('--jitter', flags.jitter, 0, 600_000),
				rateLimitPerSecond:
					flags.rateLimit === undefined ? 0 : positiveInteger('--rate-limit', flags.rateLimit, 0, 1_000_000),
				balance: flags.balance === undefined ? undefined : positiveInteger('--balance', flags.balance, 0),
			},
			check: flags.check,
			refreshSeconds: flags.refresh === undefined ? 5 : positiveInteger('--refresh', flags.refresh, 0, 86_400),
			revalidate: {listName: flags.listName, dryRun: flags.dryRun, yes: flags.yes},
		},
	};
}

/** The --token flag's value, found even in a command line that could not be read. */
function tokenFlag(argv: readonly string[]): string | undefined {
	let token: string | undefined;
	for (const [index, word] of argv.entries()) {
		if (word === '--') {
			break;
		}

		if (word === '--token') {
			token = argv[index + 1];
		} else if (word.startsWith('--token=')) {
			token = word.slice('--token='.length);
		}
	}

	return token;
}

/** The tokens the person has (flag, environment, saved), so a usage error can redact any of them it quotes. */
async function rememberTokens(): Promise<void> {
	const [{rememberSecret}, {openStore, TOKEN_ENV}] = await Promise.all([
		import('./text/redact.js'),
		import('./config/index.js'),
	]);
	rememberSecret(tokenFlag(process.argv.slice(2)));
	rememberSecret(process.env[TOKEN_ENV]);
	try {
		rememberSecret(openStore({env: process.env}).load().token);
	} catch {
		// A config file that cannot be read holds no token to hide.
	}
}

try {
	const options = await parse();
	if (options) {
		const {run} = await import('./main.js');
		process.exitCode = await run(options);
	}
} catch (error) {
	if (error instanceof UsageError) {
		await rememberTokens();
		const {complain} = await import('./terminal/say.js');
		complain(process.stderr, `${error.message} (${USAGE_LINE})`);
		process.exitCode = EXIT.usage;
	} else {
		throw error;
	}
}
