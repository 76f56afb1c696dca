import {describe, expect, it} from 'vitest';
import {DemoData, ERROR, formatDuration, PENDING} from '../../source/demo/data.js';
import {pageSizeParam, parsePythonInt, replaceQueryParam, resolvePage} from '../../source/demo/http.js';
import {patternOf} from '../../source/store/patterns.js';

const START = Date.parse('2026-11-26T10:00:00.000Z');

function data(): DemoData {
	return new DemoData({startMs: START, processingDurationMs: 120_000});
}

describe('generated data', () => {
	it('is deterministic: two instances give identical records and summaries', () => {
		const a = data();
		const b = data();
		for (const id of [42, 7001, 666, 44, 41]) {
			const ja = a.job(id)!;
			const jb = b.job(id)!;
			expect(ja.summary(START + 5000)).toEqual(jb.summary(START + 5000));
			for (const i of [0, 1, 99, ja.size - 1].filter(i => i >= 0 && i < ja.size)) {
				expect(ja.record(i, ja.size)).toEqual(jb.record(i, jb.size));
			}
		}
	});

	it('gives every record of the big job a distinct email', () => {
		const job = data().job(7001)!;
		const seen = new Set<string>();
		for (let i = 0; i < job.size; i++) {
			seen.add(job.record(i, job.size).email.toLowerCase());
		}
		expect(seen.size).toBe(120_000);
	});

	it('counts and indexes each status consistently', () => {
		const job = data().job(7001)!;
		const p = job.progress(START);
		for (const code of [PENDING, ERROR]) {
			const count = job.count(code, p);
			for (const k of [0, Math.floor(count / 2), count - 1]) {
				const record = job.record(job.indexAt(code, k, p), p);
				expect(record.status).toBe(code === PENDING ? 'Pending' : 'Error');
			}
		}
	});

	it('puts Error records in batches that share one message', () => {
		const job = data().job(7001)!;
		const errors = job.records(ERROR, 0, 200, job.size);
		const runs = new Set(errors.map(r => `${Math.floor((r.id - 500_001) / 25)}:${r.error_message}`));
		const batches = new Set(errors.map(r => Math.floor((r.id - 500_001) / 25)));
		expect(runs.size).toBe(batches.size);
	});

	it('keeps the big job’s status counts (the error messages changed, the statuses did not)', () => {
		const job = data().job(7001)!;
		expect([0, 1, 2, 3, 4].map(code => job.count(code, job.size))).toEqual([4755, 83_578, 18_159, 7308, 6200]);
	});

	it('gives the big job’s errors many messages but few patterns, one message dominating', () => {
		const job = data().job(7001)!;
		const errors = job.records(ERROR, 0, job.count(ERROR, job.size), job.size);
		const byMessage = new Map<string, number>();
		for (const record of errors) {
			byMessage.set(record.error_message!, (byMessage.get(record.error_message!) ?? 0) + 1);
		}
		// Grouped the way the breakdown screen groups them by pattern.
		const byPattern = new Map<string, {label: string; messages: number}>();
		for (const message of byMessage.keys()) {
			const {key, label} = patternOf(message);
			byPattern.set(key, {label, messages: (byPattern.get(key)?.messages ?? 0) + 1});
		}
		expect(byMessage.size).toBeGreaterThan(100);
		expect(byPattern.size).toBeGreaterThanOrEqual(12);
		expect(byPattern.size).toBeLessThanOrEqual(20);
		const labels = new Map([...byPattern.values()].map(({label, messages}) => [label, messages]));
		// Each kind of failure a validation service meets: SMTP, HTTP status codes, timeouts, TLS, DNS, the queue.
		for (const expected of [
			'ZeroBounce API timeout after {duration}',
			'SMTP connection refused by {host}:{port}',
			'SMTP 421 4.7.0 [{ip}] Too many connections from your IP, try again later',
			'SMTP {host} greylisted the sender: 450 4.7.1 Try again later',
			'HTTP 503 Service Unavailable from {host} (attempt {n}/{n})',
			'ZeroBounce API returned HTTP 429 (rate limited, retry in {duration})',
			'ZeroBounce API returned HTTP 500 (request id {id})',
			"RevenueBase rejected the batch: unknown result code '{value}'",
			'TLS handshake with {host}:{port} failed: certificate has expired',
			'TLS handshake with {host}:{port} failed: self-signed certificate in certificate chain',
			'DNS lookup failed for {host}: SERVFAIL',
			'Worker lost connection to the validation queue (task {n}, attempt {n}/{n})',
			'Soft time limit ({duration}) exceeded for validate_batch[{id}]',
			'Error 111 connecting to redis:{port}. Connection refused.',
		]) {
			expect(labels.has(expected), expected).toBe(true);
		}
		// The pattern is what makes the list short: one of them gathers a couple of dozen messages.
		expect(labels.get('SMTP connection refused by {host}:{port}')).toBeGreaterThan(20);
		const top = [...byMessage.entries()].sort((a, b) => b[1] - a[1])[0]!;
		expect(top[0]).toBe('ZeroBounce API timeout after 30s');
		expect(top[1]).toBeGreaterThan(errors.length / 5);
	});

	it('builds messages lazily: one record of the big job alone, the same every time', () => {
		const a = data().job(7001)!;
		const b = data().job(7001)!;
		const k = a.count(ERROR, a.size) - 1;
		const record = a.record(a.indexAt(ERROR, k, a.size), a.size);
		expect(record.error_message).toBeTruthy();
		expect(b.record(b.indexAt(ERROR, k, b.size), b.size)).toEqual(record);
	});

	it('lists only the demo account’s jobs, newest first', () => {
		const jobs = data().ownJobs();
		expect(jobs).toHaveLength(17);
		expect(jobs.map(job => job.id)).not.toContain(99);
		expect(jobs[0]?.id).toBe(45);
	});

	it('formats durations like the service', () => {
		expect(formatDuration(76_660)).toBe('1m 16s');
		expect(formatDuration(999)).toBe('0m 0s');
		expect(formatDuration(3_723_000)).toBe('1h 2m 3s');
		expect(formatDuration(-5)).toBe('0m 0s');
	});
});

describe('Django/DRF helpers', () => {
	it('parses integers like Python int()', () => {
		expect(parsePythonInt('3')).toBe(3);
		expect(parsePythonInt(' +3 ')).toBe(3);
		expect(parsePythonInt('-2')).toBe(-2);
		expect(parsePythonInt('1_000')).toBe(1000);
		for (const bad of ['', ' ', '1.0', '1e3', 'abc', '0x10', '1__0', '_1']) {
			expect(parsePythonInt(bad), bad).toBeNull();
		}
	});

	it('resolves page_size with DRF cut-off and fallback', () => {
		expect(pageSizeParam(undefined, 100, 1000)).toBe(100);
		expect(pageSizeParam('5000', 100, 1000)).toBe(1000);
		expect(pageSizeParam('0', 100, 1000)).toBe(100);
		expect(pageSizeParam('-1', 100, 1000)).toBe(100);
		expect(pageSizeParam('x', 100, 1000)).toBe(100);
	});

	it('resolves pages like Django Paginator', () => {
		expect(resolvePage(undefined, 0, 10)).toEqual({ok: true, page: 1, numPages: 1, offset: 0});
		expect(resolvePage('last', 25, 10)).toEqual({ok: true, page: 3, numPages: 3, offset: 20});
		expect(resolvePage('4', 25, 10)).toEqual({ok: false});
		expect(resolvePage('2', 0, 10)).toEqual({ok: false});
	});

	it('rewrites queries like DRF replace_query_param', () => {
		expect(replaceQueryParam('status=Valid&page=2', 'page', '3')).toBe('page=3&status=Valid');
		expect(replaceQueryParam('page=2&b=1&a=2', 'page', null)).toBe('a=2&b=1');
		expect(replaceQueryParam('q=a b&q=c', 'page', '2')).toBe('page=2&q=a+b&q=c');
		expect(replaceQueryParam("x=(it's)*!", 'page', '2')).toBe('page=2&x=%28it%27s%29%2A%21');
		expect(replaceQueryParam('', 'page', null)).toBe('');
	});
});
