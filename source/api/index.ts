// The API layer's public surface: the rest of the program imports from here, never from ky.
export {createClient, parseRetryAfter, type ClientOptions, type RetryPolicy} from './client.js';
export {isLoopbackHost, resolveBaseUrl, type BaseUrlResult} from './base-url.js';
export {ApiError, describeError, isApiError, oneLine, type ApiErrorKind} from './errors.js';
export {DEFAULT_PAGE_CONCURRENCY, pagesOf, type PagesOptions, type PagesResult} from './pages.js';
export {
	jobDetailSchema,
	jobSchema,
	jobsPageSchema,
	parseBody,
	recordSchema,
	recordsPageSchema,
	type ParseResult,
} from './schemas.js';
export * from './types.js';
