// Parsing and validating response bodies against the schemas, and the one-line wording of what did not
// fit. Values from the server never appear in that wording: only field paths and type names. The parsed
// value comes out Branded (text/untrusted.ts): every string in it Untrusted, by a cast, without a per-field
// transform, so parsing costs what it did.
import * as v from 'valibot';
import {brand, type Branded} from '../text/untrusted.js';
import {ApiError, malformedError} from './errors.js';

export type BodySchema<T> = v.GenericSchema<unknown, T>;

/** What a body is called in error messages: "…not the expected records page…". */
export const BODY_NAMES = {
	records: 'records page',
	jobs: 'jobs page',
	job: 'job details',
	upload: 'upload answer',
} as const;

export type BodyName = (typeof BODY_NAMES)[keyof typeof BODY_NAMES];

export type ParseResult<T> = {ok: true; value: Branded<T>} | {ok: false; problem: string};

/**
 * Parses and validates a response body. `problem` is a short, one-line description of the first thing
 * that does not fit, naming the field by path ("results[3].email: expected string, got number"). It
 * never quotes the body: values from the server stay out of messages.
 */
export function parseBody<T>(schema: BodySchema<T>, text: string): ParseResult<T> {
	const trimmed = text.trim();
	if (trimmed === '') {
		return {ok: false, problem: 'the body is empty'};
	}

	let json: unknown;
	try {
		json = JSON.parse(trimmed);
	} catch {
		if (trimmed.startsWith('<')) {
			return {ok: false, problem: 'it is an HTML page, not JSON'};
		}

		return {
			ok: false,
			problem: /^[[{]/.test(trimmed) ? 'the JSON is cut off or invalid' : 'it is not JSON',
		};
	}

	// v.object would take an array for an object and report its first missing key instead.
	if (json === null || typeof json !== 'object' || Array.isArray(json)) {
		return {ok: false, problem: `the body: expected object, got ${typeName(json)}`};
	}

	const result = v.safeParse(schema, json, {abortEarly: true});
	if (result.success) {
		return {ok: true, value: brand(result.output)};
	}

	const issue = result.issues[0];
	return {ok: false, problem: issue ? describeIssue(issue) : 'it does not fit'};
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
	const path = formatPath(issue.path);
	const where = path === '' ? 'the body' : path;
	if (issue.kind === 'schema' && issue.path?.at(-1)?.origin === 'key') {
		return `${where}: missing`;
	}

	if (issue.kind === 'schema') {
		return `${where}: expected ${describeExpected(issue.expected)}, got ${typeName(issue.input)}`;
	}

	// Validation issues (integer, minValue, finite) have no `expected` worth showing; name the rule.
	return `${where}: expected ${RULE_NAMES[issue.type] ?? issue.type}`;
}

const RULE_NAMES: Record<string, string> = {
	integer: 'a whole number',
	safe_integer: 'a whole number below 2^53 (larger ones cannot be read exactly)',
	min_value: 'a number not below its minimum',
	finite: 'a finite number',
};

function describeExpected(expected: string | null): string {
	if (expected === null) {
		return 'another type';
	}

	return expected
		.replaceAll('|', ' or ')
		.replace(/\bObject\b/, 'object')
		.replace(/\bArray\b/, 'array');
}

function typeName(value: unknown): string {
	if (value === null) {
		return 'null';
	}

	if (Array.isArray(value)) {
		return 'array';
	}

	return typeof value;
}

function formatPath(path: v.BaseIssue<unknown>['path']): string {
	let text = '';
	for (const item of path ?? []) {
		const key: unknown = item.key;
		if (typeof key === 'number') {
			text += `[${key}]`;
		} else if (typeof key === 'string' && /^[A-Za-z_]\w{0,40}$/.test(key)) {
			text += text === '' ? key : `.${key}`;
		} else {
			// A key we did not ask for cannot appear (v.object checks only known keys); keep it safe anyway.
			text += '[?]';
		}
	}

	return text;
}

/** The body as its schema's type, or a 'malformed' ApiError naming the body and the first misfit. */
export function readBody<T>(schema: BodySchema<T>, text: string, what: string, status?: number): Branded<T> {
	const parsed = parseBody(schema, text);
	if (!parsed.ok) {
		throw malformedError(what, parsed.problem, status);
	}

	return parsed.value;
}

/**
 * A paginated body (one with `current_page`) must be the page that was asked for, of the status asked
 * for. A server or a cache in front of it that ignores `page` answers page 1 every time, with a count that
 * still adds up: read blindly, an export writes page 1 over and over and says nothing; one that ignores
 * `status` fills an export of the Error records with every record. A page past the end answered with the
 * last page (Django's Paginator.get_page clamps so) is what DRF's 404 "Invalid page." says:
 * 'invalid-page', which every reader already handles. Other bodies pass through.
 */
export function checkPage<T>(
	body: T,
	query: {readonly page?: number; readonly status?: string} | undefined,
	what: string,
	status?: number,
): T {
	const {
		count,
		current_page: served,
		total_pages: total,
		results,
	} = body as {count?: unknown; current_page?: unknown; total_pages?: unknown; results?: unknown};
	if (typeof served !== 'number') {
		return body;
	}

	// Every page but an empty list's one holds a record: more pages than records would have an export ask
	// for a million empty pages.
	if (typeof total === 'number' && typeof count === 'number' && total > Math.max(1, count)) {
		throw malformedError(what, 'total_pages: more pages than records', status);
	}

	const asked = query?.page ?? 1;
	if (served < asked && served === total) {
		throw new ApiError(
			'invalid-page',
			`Page ${asked} is past the end of the list (the API answered with its last page, ${served}).`,
			status === undefined ? {} : {status},
		);
	}

	if (served !== asked) {
		throw malformedError(what, `current_page: page ${served} came back when page ${asked} was asked for`, status);
	}

	const filter = query?.status;
	if (filter !== undefined && filter !== 'All' && Array.isArray(results)) {
		// The server's words stay out of the sentence: only where, and what was asked.
		const other = results.findIndex(item => (item as {status?: unknown}).status !== filter);
		if (other !== -1) {
			throw malformedError(what, `results[${other}].status: not ${filter}, the status asked for`, status);
		}
	}

	return body;
}
