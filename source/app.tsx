import {Box, Text, useStdout} from 'ink';
import {useEffect, useState} from 'react';
import type {ApiClient, RecordFilter} from './api/types.js';
import type {ExitCode} from './exit.js';
import type {FirstRequests} from './store/first.js';
import {Navigator, type Screen, type TokenSupport} from './store/navigator.js';
import {createSizeStore, streamTerminal, type SizeStore, type TerminalPort, type TerminalSize} from './store/size.js';
import {useStore} from './store/useStore.js';
import {copyToClipboard, describeCopy} from './terminal/clipboard.js';
import {installRowCache} from './terminal/inkOutput.js';
import type {Theme} from './terminal/theme.js';
import {BreakdownScreen, breakdownRows} from './ui/BreakdownScreen.js';
import {JobsScreen} from './ui/JobsScreen.js';
import {jobsPageSize} from './ui/layout.js';
import {KeyInput} from './ui/KeyInput.js';
import {tooSmallMessage} from './ui/layout.js';
import {RecordsScreen, recordsViewport} from './ui/RecordsScreen.js';
import {TokenScreen} from './ui/TokenScreen.js';
import {UploadScreen} from './ui/UploadScreen.js';

export type {TokenSupport} from './store/navigator.js';

// Every screen of the app is drawn through Ink's Output with unchanged rows reused (see inkOutput.ts).
installRowCache();

export interface AppProps {
	/** Undefined when no token is available yet: the token screen comes first. */
	readonly client: ApiClient | undefined;
	/** Undefined opens the job list first. */
	readonly jobId: number | undefined;
	readonly pageSize: number;
	readonly filter: RecordFilter;
	readonly page: number;
	readonly theme: Theme;
	readonly prefetch?: boolean;
	/** The first screen's requests, sent while the program started (store/first.ts). */
	readonly first?: FirstRequests;
	/** Refresh interval for a job still running, in ms (0: never). */
	readonly followMs?: number;
	/** `x` exports with --excel-safe's formula guard. */
	readonly excelSafe?: boolean;
	readonly token?: TokenSupport;
	/** The environment, for the clipboard (which multiplexer to speak to); none by default. */
	readonly env?: NodeJS.ProcessEnv;
	/** The terminal's size, resizes and full redraws; by default Ink's stdout, without redraws. */
	readonly terminal?: TerminalPort;
	/** `lastLine`: to say on the terminal once it is given back (what an upload in flight did). */
	readonly onQuit: (code?: ExitCode, lastLine?: string) => void;
}

const MIN_COLUMNS = 40;
const MIN_ROWS = 10;

interface AppParts {
	readonly navigator: Navigator;
	readonly size: SizeStore;
}

function createApp(props: AppProps, stdout: NodeJS.WriteStream): AppParts {
	const size = createSizeStore(props.terminal ?? streamTerminal(stdout));
	const env = props.env ?? {};
	const navigator = new Navigator(props, {
		size,
		geometry: {records: recordsViewport, breakdownRows, jobsPageSize},
		copy: async (text, what) => describeCopy(what, await copyToClipboard(text, stdout, env)),
		loadExporter: async () => import('./export/export.js'),
		quit: (code, lastLine) => {
			props.onQuit(code, lastLine);
		},
	});
	return {navigator, size};
}

function ScreenView({
	screen,
	size,
	theme,
	token,
}: {
	screen: Screen;
	size: TerminalSize;
	theme: Theme;
	token?: TokenSupport;
}) {
	switch (screen.kind) {
		case 'jobs': {
			return <JobsScreen controller={screen.controller} size={size} theme={theme} />;
		}

		case 'records': {
			return <RecordsScreen controller={screen.controller} size={size} theme={theme} />;
		}

		case 'breakdown': {
			return <BreakdownScreen controller={screen.controller} size={size} theme={theme} />;
		}

		case 'upload': {
			return <UploadScreen controller={screen.controller} size={size} theme={theme} />;
		}

		case 'token': {
			return (
				<TokenScreen
					controller={screen.controller}
					theme={theme}
					baseUrl={token?.baseUrl}
					width={size.columns}
					height={Math.max(1, size.rows - 1)}
				/>
			);
		}
	}
}

/**
 * The app: a stack of screens (navigator.ts), the one terminal size, and the one key handler, which
 * hands every read to the screen on top. Only the top screen is drawn; the others keep their state in
 * their controllers.
 */
export function App(props: AppProps) {
	const {stdout} = useStdout();
	const [app] = useState(() => createApp(props, stdout));
	useEffect(() => {
		const {navigator, size} = app;
		const stopFollowing = size.follow();
		navigator.start();
		return () => {
			stopFollowing();
			navigator.dispose();
		};
	}, [app]);
	const size = useStore(app.size);
	const {stack} = useStore(app.navigator.store);
	const top = stack.at(-1);

	// A terminal too small to draw in gets one line saying so; the screen stays mounted (hidden), so
	// nothing is lost while a resize passes through tiny sizes.
	const tooSmall = size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;
	return (
		<>
			<KeyInput onKey={app.navigator.key} />
			{tooSmall ? <Text>{tooSmallMessage(size, {columns: MIN_COLUMNS, rows: MIN_ROWS}).join('\n')}</Text> : null}
			<Box display={tooSmall ? 'none' : 'flex'} flexDirection="column">
				{top ? <ScreenView screen={top} size={size} theme={props.theme} token={props.token} /> : null}
			</Box>
		</>
	);
}
