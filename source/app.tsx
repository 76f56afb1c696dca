import {Box, Text} from 'ink';
import {useCallback, useState} from 'react';
import type {ApiError} from './api/errors.js';
import type {ApiClient, JobsPage, RecordFilter, RecordsPage} from './api/types.js';
import type {Theme} from './terminal/theme.js';
import {fit} from './terminal/width.js';
import {Browser} from './ui/Browser.js';
import {JobPicker, type PickerPlace} from './ui/JobPicker.js';
import {TokenScreen} from './ui/TokenScreen.js';
import {BreakdownScreen} from './ui/Breakdown.js';
import {useTerminalSize} from './ui/useTerminalSize.js';
import {groupClient} from './store/groupClient.js';
import {installRowCache} from './terminal/inkOutput.js';

// Every screen of the app is drawn through Ink's Output with unchanged rows reused (see inkOutput.ts).
installRowCache();

/** Where the records browser was, so it can come back there after the token screen. */
export interface BrowserPlace {
	readonly filter: RecordFilter;
	readonly page: number;
	readonly selection: number;
}

export interface TokenSupport {
	/** A client for a token typed on the token screen. */
	readonly createClient: (token: string) => ApiClient;
	readonly verify: (token: string) => Promise<'ok' | ApiError>;
	/** Saves an accepted token (absent for --demo, which never touches the saved token). */
	readonly save?: (token: string) => void;
	readonly baseUrl: string;
}

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
	/** The first page of the job asked for, fetched while the program started. */
	readonly initialPage?: RecordsPage;
	/** Refresh interval for a job still running, in ms (0: never). */
	readonly followMs?: number;
	readonly token?: TokenSupport;
	readonly onQuit: (code?: number) => void;
}

const MIN_COLUMNS = 40;
const MIN_ROWS = 10;

const REFUSED_WHILE_BROWSING =
	'The API refused the token while browsing (401): enter a new one to continue where you were.';

/** Which screen is showing: the token screen, the job list or a job's records. */
export function App(props: AppProps) {
	const {token, onQuit} = props;
	const [client, setClient] = useState(props.client);
	const [jobId, setJobId] = useState(props.jobId);
	const [place, setPlace] = useState<BrowserPlace>({filter: props.filter, page: props.page, selection: 0});
	const [pickerPlace, setPickerPlace] = useState<PickerPlace>({filter: 'All', page: 1, selection: 0});
	// The error breakdown of the open job, and the group whose records are showing.
	const [breakdown, setBreakdown] = useState(false);
	const [group, setGroup] = useState<{label: string; client: ApiClient; count: number; kept: number} | undefined>();
	const size = useTerminalSize();
	const [jobPages] = useState(() => new Map<string, JobsPage>());
	const [reason, setReason] = useState<string | undefined>(undefined);
	// Each new client remounts the browser, which starts where `place` says.
	const [generation, setGeneration] = useState(0);

	const onAuthError = useCallback(
		(_error: ApiError, where: BrowserPlace) => {
			if (!token) {
				return;
			}

			setPlace(where);
			setReason(REFUSED_WHILE_BROWSING);
			setClient(undefined);
		},
		[token],
	);

	const content = (() => {
		if (!client && token) {
			return (
				<TokenScreen
					verify={token.verify}
					theme={props.theme}
					reason={reason}
					baseUrl={token.baseUrl}
					onCancel={() => {
						onQuit(4);
					}}
					onToken={value => {
						token.save?.(value);
						setClient(token.createClient(value));
						setGeneration(value_ => value_ + 1);
					}}
				/>
			);
		}

		if (!client) {
			return null;
		}

		if (jobId === undefined) {
			return (
				<JobPicker
					key={generation}
					client={client}
					theme={props.theme}
					place={pickerPlace}
					cache={jobPages}
					onOpen={(id, where) => {
						setPickerPlace(where);
						setPlace({filter: props.filter, page: 1, selection: 0});
						setJobId(id);
					}}
					onQuit={() => {
						onQuit(0);
					}}
					onAuthError={(_error, where) => {
						if (token) {
							setPickerPlace(where);
							setReason(REFUSED_WHILE_BROWSING);
							setClient(undefined);
						}
					}}
				/>
			);
		}

		if (breakdown) {
			return (
				<BreakdownScreen
					client={client}
					jobId={jobId}
					theme={props.theme}
					width={size.columns}
					height={Math.max(1, size.rows - 1)}
					onChoose={chosen => {
						setGroup({
							label: chosen.label,
							client: groupClient(client, chosen.records),
							count: chosen.count,
							kept: chosen.records.length,
						});
						setPlace({filter: 'All', page: 1, selection: 0});
						setBreakdown(false);
					}}
					onClose={() => {
						setBreakdown(false);
					}}
					onQuit={() => {
						onQuit(0);
					}}
				/>
			);
		}

		return (
			<Browser
				key={`${generation}-${jobId}-${group?.label ?? ''}`}
				client={group?.client ?? client}
				group={group}
				jobId={jobId}
				pageSize={props.pageSize}
				filter={place.filter}
				page={place.page}
				selection={place.selection}
				theme={props.theme}
				prefetch={props.prefetch}
				initialPage={generation === 0 && jobId === props.jobId && !group ? props.initialPage : undefined}
				followMs={props.followMs}
				onQuit={() => {
					onQuit(0);
				}}
				onBack={() => {
					if (group) {
						// From a group's records, back is the breakdown it came from.
						setGroup(undefined);
						setBreakdown(true);
						setPlace({filter: props.filter, page: 1, selection: 0});
						return;
					}

					setJobId(undefined);
				}}
				onBreakdown={() => {
					setGroup(undefined);
					setBreakdown(true);
				}}
				onAuthError={onAuthError}
			/>
		);
	})();

	// A terminal too small to draw in gets one line saying so; the screens stay mounted (hidden), so
	// nothing is lost while a resize passes through tiny sizes.
	const tooSmall = size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;
	return (
		<>
			{tooSmall ? (
				<Text wrap="truncate">
					{fit(
						`Make the terminal at least ${MIN_COLUMNS}×${MIN_ROWS} (it is ${size.columns}×${size.rows}).`,
						size.columns,
					)}
				</Text>
			) : null}
			<Box display={tooSmall ? 'none' : 'flex'} flexDirection="column">
				{content}
			</Box>
		</>
	);
}
