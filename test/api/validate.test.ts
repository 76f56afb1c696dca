import {describe, expect, it} from 'vitest';
import {jobDetailSchema, jobsPageSchema, recordsPageSchema} from '../../source/api/schemas.js';
import {DOC_RECORD} from '../helpers/records.js';
import {parseBody} from '../../source/api/validate.js';

// The examples from the stored API docs (job-records.md, job-status.md, list-jobs.md).
const RECORD = DOC_RECORD;

const JOB = {
	id: 42,
	uuid: 'f8a1c3e5-9b2d-4e6f-a8c1-0d3e5f7a9b2d',
	list_name: 'Q1 Leads',
	status: 'Processed',
	total_records: 250,
	valid_count: 178,
	invalid_count: 49,
	unknown_count: 23,
	total_credits_charged: 178.0,
	credits_charged_at: '2026-05-06T11:42:08.913Z',
	created_at: '2026-05-06T11:41:55.001Z',
	started_at: '2026-05-06T11:42:01.220Z',
	completed_at: '2026-05-06T11:43:17.880Z',
	duration: '1m 16s',
	results_summary: '250/250',
};

function page(results: unknown[], extra: Record<string, unknown> = {}) {
	return {count: 250, total_pages: 3, current_page: 1, next: '...', previous: null, results, ...extra};
}

const text = (value: unknown) => JSON.stringify(value);

function problem(result: ReturnType<typeof parseBody>): string {
	if (result.ok) {
		throw new Error('expected a problem');
	}

	return result.problem;
}

describe('parseBody', () => {
	it('accepts the documented examples', () => {
		expect(parseBody(recordsPageSchema, text(page([RECORD])))).toEqual({ok: true, value: page([RECORD])});
		expect(parseBody(jobsPageSchema, text(page([JOB])))).toMatchObject({ok: true});
		expect(parseBody(jobDetailSchema, text({...JOB, records: [RECORD]}))).toEqual({
			ok: true,
			value: {...JOB, records: [RECORD]},
		});
	});

	it('tolerates and drops fields it does not know', () => {
		const result = parseBody(recordsPageSchema, text(page([{...RECORD, score: 0.9, __proto__x: 1}], {links: {}})));
		expect(result).toEqual({ok: true, value: page([RECORD])});
	});

	it('keeps an unknown record status as text', () => {
		const result = parseBody(recordsPageSchema, text(page([{...RECORD, status: 'Quarantined'}])));
		expect(result.ok && result.value.results[0]?.status).toBe('Quarantined');
	});

	it('accepts every documented null', () => {
		const pending = {...RECORD, validator_used: null, processed_at: null, ec_id: null, error_message: null};
		const job = {...JOB, started_at: null, completed_at: null, credits_charged_at: null, duration: null};
		expect(parseBody(recordsPageSchema, text(page([pending], {next: null})))).toMatchObject({ok: true});
		expect(parseBody(jobsPageSchema, text(page([job])))).toMatchObject({ok: true});
	});

	it('names the first field that does not fit, by path', () => {
		const records = [RECORD, RECORD, RECORD, {...RECORD, email: 42}];
		expect(problem(parseBody(recordsPageSchema, text(page(records))))).toBe(
			'results[3].email: expected string, got number',
		);
		const {email: _email, ...withoutEmail} = RECORD;
		expect(problem(parseBody(recordsPageSchema, text(page([withoutEmail]))))).toBe('results[0].email: missing');
		expect(problem(parseBody(recordsPageSchema, text(page([{...RECORD, is_cached: 'no'}]))))).toBe(
			'results[0].is_cached: expected boolean, got string',
		);
		expect(problem(parseBody(recordsPageSchema, text(page([{...RECORD, id: 1.5}]))))).toBe(
			'results[0].id: expected a whole number',
		);
		expect(problem(parseBody(recordsPageSchema, text(page([{...RECORD, email: null}]))))).toBe(
			'results[0].email: expected string, got null',
		);
		expect(problem(parseBody(recordsPageSchema, text({...page([]), results: {}})))).toBe(
			'results: expected array, got object',
		);
		expect(problem(parseBody(recordsPageSchema, text({...page([]), count: -1})))).toMatch(/^count: expected/);
		expect(problem(parseBody(jobDetailSchema, text(JOB)))).toBe('records: missing');
		expect(problem(parseBody(jobsPageSchema, text(page([{...JOB, valid_count: '178'}]))))).toBe(
			'results[0].valid_count: expected number, got string',
		);
	});

	it('says what is wrong with a body that is not JSON', () => {
		expect(problem(parseBody(recordsPageSchema, ''))).toBe('the body is empty');
		expect(problem(parseBody(recordsPageSchema, '  \n'))).toBe('the body is empty');
		expect(problem(parseBody(recordsPageSchema, '<!doctype html><h1>502</h1>'))).toBe('it is an HTML page, not JSON');
		expect(problem(parseBody(recordsPageSchema, '{"count": 250, "res'))).toBe('the JSON is cut off or invalid');
		expect(problem(parseBody(recordsPageSchema, 'Service Unavailable'))).toBe('it is not JSON');
		expect(problem(parseBody(recordsPageSchema, '[]'))).toBe('the body: expected object, got array');
		expect(problem(parseBody(recordsPageSchema, 'null'))).toBe('the body: expected object, got null');
	});

	it('never quotes values from the body', () => {
		const hostile = '\u001b]0;pwned\u0007';
		const result = parseBody(recordsPageSchema, text(page([{...RECORD, id: hostile}])));
		expect(problem(result)).not.toContain('pwned');
	});
});
