import React, {useCallback, useState} from 'react';
import type {ApiError} from './api/errors.js';
import type {ApiClient, RecordFilter} from './api/types.js';
import type {Theme} from './terminal/theme.js';
import {Browser} from './ui/Browser.js';
import {TokenScreen} from './ui/TokenScreen.js';

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
	readonly jobId: number;
	readonly pageSize: number;
	readonly filter: RecordFilter;
	readonly page: number;
	readonly theme: Theme;
	readonly prefetch?: boolean;
	readonly token?: TokenSupport;
	readonly onQuit: (code?: number) => void;
}

const REFUSED_WHILE_BROWSING = 'The API refused the token while browsing (401): enter a new one to continue where you were.';

/** Which screen is showing: the token screen or the records browser. */
export function App(props: AppProps) {
	const {token, onQuit} = props;
	const [client, setClient] = useState(props.client);
	const [place, setPlace] = useState<BrowserPlace>({filter: props.filter, page: props.page, selection: 0});
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

	return (
		<Browser
			key={generation}
			client={client}
			jobId={props.jobId}
			pageSize={props.pageSize}
			filter={place.filter}
			page={place.page}
			selection={place.selection}
			theme={props.theme}
			prefetch={props.prefetch}
			onQuit={() => {
				onQuit(0);
			}}
			onAuthError={onAuthError}
		/>
	);
}
