// The whole app on the file's demo server, rendered at a terminal size with the harness in render.tsx: what
// every screen test opens. One place for the props a test does not care about (page 1 of All, 100 rows, the
// default theme), so a new App prop or a new default reaches every test at once.
import {afterEach} from 'vitest';
import {App, type AppProps} from '../../source/app.js';
import {createClient} from '../../source/api/client.js';
import type {ApiClient} from '../../source/api/types.js';
import {createTheme} from '../../source/terminal/theme.js';
import {renderAt, type Rendered} from './render.js';

export interface OpenOptions extends Partial<Omit<AppProps, 'client' | 'theme' | 'onQuit'>> {
	/** The client; by default one for the demo server with its token; null opens the token screen. */
	readonly client?: ApiClient | null;
	/** Retries of the default client (its `retry.limit`); by default the client's own policy. */
	readonly retries?: number;
	/** The environment the theme is made from (NO_COLOR, TERM, …); by default none. */
	readonly themeEnv?: Record<string, string | undefined>;
	readonly columns?: number;
	readonly rows?: number;
	/** What the app itself sees of the terminal (the clipboard checks it). */
	readonly tty?: boolean;
	/** What main.tsx puts between Ink and the terminal; frames are read after it. */
	readonly stdout?: (stdout: NodeJS.WriteStream) => NodeJS.WriteStream;
	readonly onQuit?: AppProps['onQuit'];
}

/** Where an API is and the token it takes: the demo server, or a test's hostile one. */
export interface ApiPlace {
	readonly baseUrl: string;
	readonly token: string;
}

/** A client for the server with its token. */
export function demoClient(server: ApiPlace, retries?: number): ApiClient {
	return createClient({
		baseUrl: server.baseUrl,
		token: server.token,
		...(retries === undefined ? {} : {retry: {limit: retries}}),
	});
}

/**
 * Returns `open(options)`, which renders the app against `server()` (the demo server, as a rule) and gives its screen; `defaults` apply
 * to every open of the file, `options` to one. After each test the screen is unmounted, and only then is
 * `reset` run (what the file puts back on the server: faults, balance, request log), so nothing the app
 * still sends lands after the reset.
 */
export function appOnDemo<Server extends ApiPlace>(
	server: () => Server,
	defaults: OpenOptions = {},
	reset?: (server: Server) => void,
): (options?: OpenOptions) => Promise<Rendered> {
	let view: Rendered | undefined;
	afterEach(() => {
		view?.unmount();
		view = undefined;
		reset?.(server());
	});
	return async (options = {}) => {
		// An option left undefined keeps the file's default.
		const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as OpenOptions;
		const {client, retries, themeEnv, columns, rows, tty, stdout, onQuit, ...props} = {...defaults, ...given};
		view?.unmount();
		view = await renderAt(
			<App
				client={client === null ? undefined : (client ?? demoClient(server(), retries))}
				jobId={undefined}
				pageSize={100}
				filter="All"
				page={1}
				theme={createTheme(themeEnv ?? {})}
				onQuit={onQuit ?? (() => undefined)}
				{...props}
			/>,
			columns ?? 100,
			rows ?? 30,
			{tty, stdout},
		);
		return view;
	};
}
