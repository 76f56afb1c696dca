// Reading an Upload Emails request (upload-emails.md) the way the Django REST Framework service does:
// the body by its media type (JSON, multipart with a CSV file, or a form), each address checked like
// Django's EmailValidator with DRF's wording, then stripped, lowercased and deduplicated.

import {isDjangoEmail} from '../text/email.js';

export const DEFAULT_LIST_NAME = 'API Upload';
/** DRF CharField max_length of the job's list name (the model field's size, as Django's usual 255). */
const LIST_NAME_MAX = 255;
/** The columns an uploaded file may hold its addresses in, compared case-insensitively. */
const EMAIL_COLUMNS = new Set(['email', 'e-mail', 'email_address', 'email address']);
const EXCEL = /\.(?:xls|xlsx|xlsm)$/i;

export type UploadRead =
	| {
			readonly ok: true;
			/** Stripped, lowercased, deduplicated, in the order first seen. */
			readonly emails: readonly string[];
			readonly listName: string;
			/** Addresses as sent (list entries, or non-empty cells of the file). */
			readonly sent: number;
	  }
	| {readonly ok: false; readonly status: 400 | 415; readonly body: unknown; readonly sent: number | null};

// ---------------------------------------------------------------------------------------------------
// DRF fields

/** Python's type() name of a parsed JSON value, for DRF's messages. */
function pythonType(value: unknown): string {
	if (value === null) {
		return 'NoneType';
	}
	if (Array.isArray(value)) {
		return 'list';
	}
	switch (typeof value) {
		case 'string':
			return 'str';
		case 'boolean':
			return 'bool';
		case 'number':
			return Number.isInteger(value) ? 'int' : 'float';
		default:
			return 'dict';
	}
}

type Field = {readonly text: string} | {readonly errors: string[]};
type Validator = (text: string) => string | undefined;

const prohibitNullCharacters: Validator = text =>
	text.includes('\u0000') ? 'Null characters are not allowed.' : undefined;

const prohibitSurrogates: Validator = text => {
	const lone = /[\ud800-\udfff]/.exec(text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
	return lone
		? `Surrogate characters are not allowed: U+${lone[0].charCodeAt(0).toString(16).toUpperCase()}.`
		: undefined;
};

const emailValidator: Validator = text => (isDjangoEmail(text) ? undefined : 'Enter a valid email address.');

/**
 * DRF CharField.run_validation: null and blank stop at once, then the value must be text (numbers are
 * turned into it), trimmed, and every validator's message is collected.
 */
function charField(value: unknown, validators: readonly Validator[] = []): Field {
	if (value === null) {
		return {errors: ['This field may not be null.']};
	}
	if (typeof value === 'string' && value.trim() === '') {
		return {errors: ['This field may not be blank.']};
	}
	if (typeof value !== 'string' && typeof value !== 'number') {
		return {errors: ['Not a valid string.']};
	}
	const text = String(value).trim();
	const errors = [prohibitNullCharacters, prohibitSurrogates, ...validators]
		.map(validate => validate(text))
		.filter(message => message !== undefined);
	return errors.length > 0 ? {errors} : {text};
}

/**
 * Addresses a stricter server refuses although Django's validator takes them (a fault, see faults.ts),
 * compared trimmed and lower-cased.
 */
export type Refused = ReadonlySet<string>;
const NONE_REFUSED: Refused = new Set();

/** DRF EmailField: a CharField with Django's EmailValidator (and a stricter server's own refusals). */
function emailField(value: unknown, refused: Refused): Field {
	const stricter: Validator = text => (refused.has(text.toLowerCase()) ? 'Enter a valid email address.' : undefined);
	return charField(value, refused.size > 0 ? [emailValidator, stricter] : [emailValidator]);
}

/** Strip (done by the field), lowercase, deduplicate: what the API keeps of a valid list. */
export function normaliseEmails(emails: readonly string[]): string[] {
	return [...new Set(emails.map(email => email.trim().toLowerCase()))];
}

function checkEmails(
	values: readonly unknown[],
	listName: string,
	errors: Record<string, unknown>,
	refused: Refused,
): UploadRead {
	const sent = values.length;
	if (sent === 0) {
		errors['emails'] = ['This list may not be empty.'];
	} else {
		const perIndex: Record<string, string[]> = {};
		values.forEach((value, index) => {
			const result = emailField(value, refused);
			if ('errors' in result) {
				perIndex[String(index)] = result.errors;
			}
		});
		if (Object.keys(perIndex).length > 0) {
			errors['emails'] = perIndex;
		}
	}
	if (Object.keys(errors).length > 0) {
		return {ok: false, status: 400, body: errors, sent};
	}
	const emails = normaliseEmails(values.map(value => String(value)));
	return {ok: true, emails, listName, sent};
}

const listNameLength: Validator = text =>
	text.length > LIST_NAME_MAX ? `Ensure this field has no more than ${LIST_NAME_MAX} characters.` : undefined;

function listNameField(value: unknown, fallback: string, errors: Record<string, unknown>): string {
	if (value === undefined) {
		return fallback;
	}
	const result = charField(value, [listNameLength]);
	if ('errors' in result) {
		errors['list_name'] = result.errors;
		return fallback;
	}
	return result.text;
}

const PROVIDE_EITHER = {error: "Provide either a 'csv_file' upload or an 'emails' list."};

// ---------------------------------------------------------------------------------------------------
// Bodies

interface FormPart {
	readonly name: string;
	readonly filename: string | undefined;
	readonly content: Buffer;
}

/** A small multipart/form-data reader: enough for a file and a few fields. */
function multipartParts(body: Buffer, boundary: string): FormPart[] | undefined {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: FormPart[] = [];
	let at = body.indexOf(delimiter);
	if (at === -1) {
		return undefined;
	}
	for (;;) {
		at += delimiter.length;
		if (body.subarray(at, at + 2).toString() === '--') {
			return parts;
		}
		const next = body.indexOf(delimiter, at);
		if (next === -1) {
			return undefined;
		}
		// Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
		const part = body.subarray(at + 2, next - 2);
		const split = part.indexOf('\r\n\r\n');
		if (split === -1) {
			return undefined;
		}
		const head = part.subarray(0, split).toString('utf8');
		const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(head)?.[1] ?? '';
		const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
		if (name !== undefined) {
			parts.push({name, filename: /;\s*filename="([^"]*)"/i.exec(disposition)?.[1], content: part.subarray(split + 4)});
		}
		at = next;
	}
}

/** RFC 4180 rows (quoted fields, CRLF or LF), as Python's csv module reads them. */
export function csvRows(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i] as string;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') {
				quoted = false;
			} else {
				field += c;
			}
		} else if (c === '"' && field === '') {
			quoted = true;
		} else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') {
				i++;
			}
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
		} else {
			field += c;
		}
	}
	if (field !== '' || row.length > 0) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}

function readFile(file: FormPart, listNameValue: unknown, refused: Refused): UploadRead {
	const filename = file.filename ?? '';
	if (EXCEL.test(filename)) {
		return {
			ok: false,
			status: 400,
			body: {error: 'The demo server reads .csv files only; save the sheet as CSV.'},
			sent: null,
		};
	}
	if (!/\.csv$/i.test(filename)) {
		return {
			ok: false,
			status: 400,
			body: {error: 'Unsupported file type. Upload a .csv, .xls, .xlsx or .xlsm file.'},
			sent: null,
		};
	}
	const rows = csvRows(file.content.toString('utf8').replace(/^\ufeff/, ''));
	const column = (rows[0] ?? []).findIndex(name => EMAIL_COLUMNS.has(name.trim().toLowerCase()));
	if (column === -1) {
		return {
			ok: false,
			status: 400,
			body: {error: 'No email column found. Name it email, e-mail, email_address or email address.'},
			sent: null,
		};
	}
	const cells = rows
		.slice(1)
		.map(row => row[column] ?? '')
		.filter(cell => cell.trim() !== '');
	const errors: Record<string, unknown> = {};
	const listName = listNameField(listNameValue, filename, errors);
	return checkEmails(cells, listName, errors, refused);
}

function readFields(fields: Map<string, string[]>, files: FormPart[], refused: Refused): UploadRead {
	const file = files.find(part => part.name === 'csv_file') ?? files.find(part => part.name === 'file');
	const listName = fields.get('list_name')?.at(-1);
	if (file) {
		return readFile(file, listName, refused);
	}
	const emails = fields.get('emails');
	if (emails === undefined) {
		return {ok: false, status: 400, body: PROVIDE_EITHER, sent: null};
	}
	const errors: Record<string, unknown> = {};
	return checkEmails(emails, listNameField(listName, DEFAULT_LIST_NAME, errors), errors, refused);
}

function readJson(value: unknown, refused: Refused): UploadRead {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) {
		return {
			ok: false,
			status: 400,
			body: {non_field_errors: [`Invalid data. Expected a dictionary, but got ${pythonType(value)}.`]},
			sent: null,
		};
	}
	const data = value as Record<string, unknown>;
	if (!('emails' in data)) {
		return {ok: false, status: 400, body: PROVIDE_EITHER, sent: null};
	}
	const errors: Record<string, unknown> = {};
	const listName = listNameField(data['list_name'], DEFAULT_LIST_NAME, errors);
	const emails = data['emails'];
	if (emails === null) {
		return {ok: false, status: 400, body: {...errors, emails: ['This field may not be null.']}, sent: null};
	}
	if (!Array.isArray(emails)) {
		const got = pythonType(emails);
		return {
			ok: false,
			status: 400,
			body: {...errors, emails: [`Expected a list of items but got type "${got}".`]},
			sent: null,
		};
	}
	return checkEmails(emails, listName, errors, refused);
}

/** An Upload Emails request body, read by its Content-Type as DRF's parsers would. */
export function readUpload(contentType: string | undefined, body: Buffer, refused: Refused = NONE_REFUSED): UploadRead {
	if (body.length === 0) {
		// DRF reads no body as empty data, whatever the media type.
		return {ok: false, status: 400, body: PROVIDE_EITHER, sent: null};
	}
	const type = contentType ?? '';
	const media = (type.split(';')[0] ?? '').trim().toLowerCase();
	if (media === 'application/json') {
		let value: unknown;
		try {
			value = JSON.parse(body.toString('utf8'));
		} catch (error) {
			return {ok: false, status: 400, body: {detail: `JSON parse error - ${(error as Error).message}`}, sent: null};
		}
		return readJson(value, refused);
	}
	if (media === 'application/x-www-form-urlencoded') {
		const fields = new Map<string, string[]>();
		for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
			fields.set(key, [...(fields.get(key) ?? []), value]);
		}
		return readFields(fields, [], refused);
	}
	if (media === 'multipart/form-data') {
		const boundary = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(type);
		const parts = boundary ? multipartParts(body, boundary[1] ?? (boundary[2] as string)) : undefined;
		if (!parts) {
			const shown = boundary ? (boundary[1] ?? boundary[2]) : 'None';
			return {
				ok: false,
				status: 400,
				body: {detail: `Multipart form parse error - Invalid boundary in multipart: ${shown}`},
				sent: null,
			};
		}
		const fields = new Map<string, string[]>();
		for (const part of parts.filter(each => each.filename === undefined)) {
			fields.set(part.name, [...(fields.get(part.name) ?? []), part.content.toString('utf8')]);
		}
		return readFields(
			fields,
			parts.filter(each => each.filename !== undefined),
			refused,
		);
	}
	return {ok: false, status: 415, body: {detail: `Unsupported media type "${type}" in request.`}, sent: null};
}
