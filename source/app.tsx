import React from 'react';
import type {ApiError} from './api/errors.js';
import type {ApiClient, RecordFilter} from './api/types.js';
import type {Theme} from './terminal/theme.js';
import {Browser} from './ui/Browser.js';

export interface AppProps {
	readonly client: ApiClient;
	readonly jobId: number;
	readonly pageSize: number;
	readonly filter: RecordFilter;
	readonly page: number;
	readonly theme: Theme;
	readonly prefetch?: boolean;
	readonly onQuit: () => void;
	readonly onAuthError?: (error: ApiError) => void;
}

/** Which screen is showing. */
export function App(props: AppProps) {
	return <Browser {...props} />;
}
