// What controllers are given rather than reach for: time, the clipboard, the export functions. The app
// passes the real ones; a test passes the same ones or its own, and never mocks a module.
import type {RecordFilter} from '../api/types.js';
import type {ApiClient} from '../api/types.js';
import type {SafeText, Untrusted} from '../text/untrusted.js';

export interface Clock {
	now(): number;
	/** Calls `tick` every `ms` until the returned function is called. */
	every(ms: number, tick: () => void): () => void;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	every(ms, tick) {
		const timer = setInterval(tick, ms);
		return () => {
			clearInterval(timer);
		};
	},
};

/**
 * Sends text to the clipboard of the terminal the person looks at; resolves to one line saying what was
 * sent (`what` names the text in it), or why nothing was. Only SafeText: what a paste then types is what
 * the person saw, never a control byte from the API.
 */
export type Copy = (text: SafeText, what: string) => Promise<string>;

/** The export functions the records screen uses (source/export), loaded when first needed. */
export interface ExportFunctions {
	/** A CSV file of its own, never over an existing one; the full path it chose comes through `onStart`. */
	exportToNewFile(options: {
		client: ApiClient;
		jobId: number;
		listName?: Untrusted | null;
		status: RecordFilter;
		/** A breakdown group's records: the file is named after the group. */
		group?: {status: RecordFilter; label: Untrusted};
		excelSafe?: boolean;
		signal?: AbortSignal;
		onStart?: (path: string) => void;
		/** `waitMs`: the API asked to slow down (429) and the export waits this long. */
		/** `total`: undefined until the first page has answered. */
		onProgress?: (progress: {done: number; total: number | undefined; waitMs?: number}) => void;
	}): Promise<{records: number; path: string}>;
}

export type LoadExporter = () => Promise<ExportFunctions>;
