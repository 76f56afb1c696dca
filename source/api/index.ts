// The API layer's public surface: the rest of the program imports from here, never from ky.
export {createClient, type ClientOptions} from './client.js';
export {RETRY_DEFAULTS, retryAfterSeconds, serverWaitMs, type RetryPolicy} from './retry.js';
export {isLoopbackHost, resolveBaseUrl, shownBaseUrl, type BaseUrlResult} from './base-url.js';
export {
	ApiError,
	commandLineSentence,
	describeError,
	isApiError,
	oneLine,
	refusedByApi,
	type ApiErrorKind,
} from './errors.js';
export {DEFAULT_PAGE_CONCURRENCY, pagesOf, type PagesOptions, type PagesResult} from './pages.js';
export {jobDetailSchema, jobSchema, jobsPageSchema, recordSchema, recordsPageSchema} from './schemas.js';
export {parseBody, type ParseResult} from './validate.js';
export * from './types.js';
