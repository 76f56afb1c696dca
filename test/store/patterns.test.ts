import {describe, expect, it} from 'vitest';
import {MAX_PATTERN_INPUT, patternOf} from '../../source/store/patterns.js';

const label = (message: string) => patternOf(message).label;

/** Messages that must fall into one group, and the label they share. */
function expectOneGroup(messages: readonly string[], expected: string): void {
	const patterns = messages.map(message => patternOf(message));
	expect(new Set(patterns.map(pattern => pattern.key)).size).toBe(1);
	expect(patterns.map(pattern => pattern.label)).toEqual(messages.map(() => expected));
}

describe('patternOf', () => {
	it('groups the issue’s example: the host and port of a refused SMTP connection', () => {
		expectOneGroup(
			['SMTP connection refused by mx.acme.com:25', 'SMTP connection refused by aspmx.l.google.com:25'],
			'SMTP connection refused by {host}:{port}',
		);
	});

	it.each([
		[
			'host mx.acme.com[203.0.113.5] said: 550 5.1.1 <bob@acme.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)',
			'host {host}[{ip}] said: 550 5.1.1 <{email}>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)',
		],
		[
			"550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at https://support.google.com/mail/?p=NoSuchUser d2e1a72fcca58-7b2e4a5f3c1si123456b3a.123 - gsmtp",
			"550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. Learn more at {url} {id} - gsmtp",
		],
		[
			'SMTP mx1.acme.com greylisted the sender: 450 4.7.1 Try again later',
			'SMTP {host} greylisted the sender: 450 4.7.1 Try again later',
		],
		[
			'554 5.7.1 Service unavailable; Client host [198.51.100.23] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/198.51.100.23',
			'554 5.7.1 Service unavailable; Client host [{ip}] blocked using {host}; {url}',
		],
		[
			'421 4.7.0 [TSS04] Messages from 198.51.100.23 temporarily deferred due to unexpected volume or user complaints',
			'421 4.7.0 [TSS04] Messages from {ip} temporarily deferred due to unexpected volume or user complaints',
		],
		[
			'550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [BN8NAM12FT045.eop-nam12.prod.protection.outlook.com]',
			'550 5.4.1 Recipient address rejected: Access denied. AS({n}) [{host}]',
		],
		[
			'SMTP error from remote mail server after RCPT TO:<jane.doe@acme.com>: 550 No such user here',
			'SMTP error from remote mail server after RCPT TO:<{email}>: 550 No such user here',
		],
		['SMTP 554 rejected', 'SMTP 554 rejected'],
		[
			"couldn't resolve host; the server said: 421 Service not available",
			"couldn't resolve host; the server said: 421 Service not available",
		],
		[
			'452 4.2.2 The email account that you tried to reach is over quota.',
			'452 4.2.2 The email account that you tried to reach is over quota.',
		],
		['User unknown: bob+newsletter@mail.acme-corp.com', 'User unknown: {email}'],
	])('SMTP: keeps the reply codes, replaces the rest (%#)', (message, expected) => {
		expect(label(message)).toBe(expected);
	});

	it.each([
		['Batch HTTP 502 from RevenueBase', 'Batch HTTP 502 from RevenueBase'],
		['HTTP/1.1 503 Service Unavailable', 'HTTP/1.1 503 Service Unavailable'],
		['Request failed with status code 504', 'Request failed with status code 504'],
		['429 Too Many Requests', '429 Too Many Requests'],
		[
			'RevenueBase batch rejected: HTTP 413 Payload Too Large',
			'RevenueBase batch rejected: HTTP 413 Payload Too Large',
		],
		['ZeroBounce API returned HTTP 500 (request id zb-0000abcd)', 'ZeroBounce API returned HTTP 500 (request id {id})'],
		[
			'Batch HTTP 502 from RevenueBase\n<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n</html>\r\n',
			'Batch HTTP 502 from RevenueBase <html> <head><title>502 Bad Gateway</title></head> </html>',
		],
		[
			'Upstream returned 503 Service Unavailable after 2.5s',
			'Upstream returned 503 Service Unavailable after {duration}',
		],
	])('HTTP: keeps the status codes (%#)', (message, expected) => {
		expect(label(message)).toBe(expected);
	});

	it('timeouts: every way of writing a duration is one placeholder', () => {
		expectOneGroup(
			[
				'ZeroBounce API timeout after 30s',
				'ZeroBounce API timeout after 1.5 s',
				'ZeroBounce API timeout after 200ms',
				'ZeroBounce API timeout after 2 minutes',
				'ZeroBounce API timeout after 1m30s',
				'ZeroBounce API timeout after 1,250 ms',
				'ZeroBounce API timeout after 60 seconds',
			],
			'ZeroBounce API timeout after {duration}',
		);
		expect(label('java.net.SocketTimeoutException: connect timed out after 1.5 s')).toBe(
			'java.net.SocketTimeoutException: connect timed out after {duration}',
		);
		expect(
			label(
				"requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.zerobounce.net', port=443): Read timed out. (read timeout=30)",
			),
		).toBe(
			"requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='{value}', port={port}): Read timed out. (read timeout={n})",
		);
		expect(label('ETIMEDOUT after 30000 ms connecting to 10.0.0.12:443')).toBe(
			'ETIMEDOUT after {duration} connecting to {ip}:{port}',
		);
	});

	it.each([
		[
			'TLS handshake with mx.acme.com:25 failed: certificate has expired',
			'TLS handshake with {host}:{port} failed: certificate has expired',
		],
		[
			'TLS 1.2 handshake failed with 203.0.113.9 after 10 seconds',
			'TLS 1.2 handshake failed with {ip} after {duration}',
		],
		[
			'SSL routines:tls_process_server_certificate:certificate verify failed (TLSv1.3)',
			'SSL routines:tls_process_server_certificate:certificate verify failed (TLSv1.3)',
		],
		[
			'unable to verify the first certificate; X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE',
			'unable to verify the first certificate; X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE',
		],
		[
			"Hostname/IP does not match certificate's altnames: Host: mx.acme.com. is not in the cert's altnames: DNS:*.mail.protection.outlook.com",
			"Hostname/IP does not match certificate's altnames: Host: {host}. is not in the cert's altnames: DNS:{host}",
		],
		['self-signed certificate in certificate chain', 'self-signed certificate in certificate chain'],
	])('TLS: keeps versions and error names (%#)', (message, expected) => {
		expect(label(message)).toBe(expected);
	});

	it('DNS failures: one group per failure, whatever the domain', () => {
		expectOneGroup(
			[
				'DNS lookup failed for acme.com: SERVFAIL',
				'DNS lookup failed for mail.example.co.uk: SERVFAIL',
				'DNS lookup failed for xn--bcher-kva.de: SERVFAIL',
			],
			'DNS lookup failed for {host}: SERVFAIL',
		);
		expect(patternOf('DNS lookup failed for acme.com: NXDOMAIN').key).not.toBe(
			patternOf('DNS lookup failed for acme.com: SERVFAIL').key,
		);
		expect(label('getaddrinfo ENOTFOUND mail.example.org')).toBe('getaddrinfo ENOTFOUND {host}');
		expect(label('queryMx ENODATA acme.com')).toBe('queryMx ENODATA {host}');
	});

	it.each([
		[
			'Worker lost connection to the validation queue (attempt 2/3)',
			'Worker lost connection to the validation queue (attempt {n}/{n})',
		],
		['Job queue full: 5000 jobs pending', 'Job queue full: {n} jobs pending'],
		['Message 0x7f3a2b1c requeued', 'Message {id} requeued'],
		[
			'RabbitMQ channel closed: PRECONDITION_FAILED - delivery acknowledgement on channel 1 timed out. Timeout value used: 1800000 ms',
			'RabbitMQ channel closed: PRECONDITION_FAILED - delivery acknowledgement on channel {n} timed out. Timeout value used: {duration}',
		],
		[
			'Job 7f3c2a9e-1b4d-4c8e-9f00-123456789abc failed in queue "validation-high" after 3 attempts',
			'Job {id} failed in queue "{value}" after {n} attempts',
		],
		['Postfix queue id 4F9D2B1C0A deferred', 'Postfix queue id {id} deferred'],
		['Worker w-17 crashed: exit code 137', 'Worker w-{n} crashed: exit code 137'],
	])('queue errors (%#)', (message, expected) => {
		expect(label(message)).toBe(expected);
	});

	it.each([
		[
			'ZeroBounce API returned HTTP 429 (rate limited, retry in 37s)',
			'ZeroBounce API returned HTTP 429 (rate limited, retry in {duration})',
		],
		[
			'Rate limit exceeded: 120 requests per 60s, retry after 2024-05-01T10:30:00Z',
			'Rate limit exceeded: {n} requests per {duration}, retry after {time}',
		],
		[
			'Too many requests: limit 100 per minute, try again in 42 seconds',
			'Too many requests: limit {n} per minute, try again in {duration}',
		],
	])('rate limits (%#)', (message, expected) => {
		expect(label(message)).toBe(expected);
	});

	it.each([
		['connect ECONNREFUSED 127.0.0.1:6379', 'connect ECONNREFUSED {ip}:{port}'],
		['connect ECONNREFUSED [2001:db8::25]:25', 'connect ECONNREFUSED [{ip}]:{port}'],
		['IPv6:2001:db8::5 is not allowed', 'IPv6:{ip} is not allowed'],
		['::ffff:192.0.2.1 refused', '{ip} refused'],
		['2001:0db8:0000:0000:0000:ff00:0042:8329 unreachable', '{ip} unreachable'],
		['no route to host 192.0.2.44 (port 25)', 'no route to host {ip} (port {port})'],
		['connection to smtp.office365.com port 587 failed', 'connection to {host} port {port} failed'],
		['connect ECONNREFUSED localhost:8080', 'connect ECONNREFUSED localhost:{port}'],
		['blocked by rule for 10.0.0.0/8', 'blocked by rule for {ip}'],
	])('addresses and ports (%#)', (message, expected) => {
		expect(label(message)).toBe(expected);
	});

	it.each([
		["Key 'user:1234' not found in cache", "Key '{value}' not found in cache"],
		['Expected “email” but got “name”', 'Expected “{value}” but got “{value}”'],
		['Invalid batch id `b_2f9c1d7e` for job 7001', 'Invalid batch id `{value}` for job {n}'],
		['Request 5b1f0c2e-88aa-4c3e-9d1b-0a9e7f4c3b21 timed out', 'Request {id} timed out'],
		['sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 mismatch', 'sha256 {id} mismatch'],
		['commit 3f9a1c7 not found', 'commit {id} not found'],
		['Request req_8f3k2j9d rejected', 'Request {id} rejected'],
		['Message too large: 10.5 MB exceeds limit of 10MB', 'Message too large: {size} exceeds limit of {size}'],
		['done in 0.75s; next run at 14:05:00', 'done in {duration}; next run at {time}'],
		['mailbox unavailable, 95% full', 'mailbox unavailable, {n}% full'],
		['see https://status.acme.com/incidents/42.', 'see {url}.'],
	])('quoted values, ids, sizes, times and URLs (%#)', (message, expected) => {
		expect(label(message)).toBe(expected);
	});

	it.each([
		// Apostrophes are not quotes.
		["couldn't connect: the server's certificate is invalid", "couldn't connect: the server's certificate is invalid"],
		// Dotted names that are not hosts: files, exception classes, modules.
		['See config.json and index.ts for details', 'See config.json and index.ts for details'],
		['socket.timeout: timed out', 'socket.timeout: timed out'],
		// Numbers glued to letters are part of a name.
		['SHA256 digest mismatch in x509 chain (TLSv1.2, utf8)', 'SHA256 digest mismatch in x509 chain (TLSv1.2, utf8)'],
		['Error: ECONNREFUSED', 'Error: ECONNREFUSED'],
		['Connection reset by peer (os error 104)', 'Connection reset by peer (os error 104)'],
		['', ''],
	])('keeps what names the cause (%#)', (message, expected) => {
		expect(label(message)).toBe(expected);
	});

	it.each([
		// Module paths: no part of the dotted run is a host, even where it starts like one.
		['Worker crashed in validation.tasks.validate_batch', 'Worker crashed in validation.tasks.validate_batch'],
		[
			'celery.exceptions.SoftTimeLimitExceeded in validation.tasks.validate_batch[42]',
			'celery.exceptions.SoftTimeLimitExceeded in validation.tasks.validate_batch[{n}]',
		],
		['socket.timeout in smtp_client.send', 'socket.timeout in smtp_client.send'],
		// A file name keeps its line: the line is the cause.
		['Traceback: File tasks.py:42 in run', 'Traceback: File tasks.py:42 in run'],
	])('dotted names that are not hosts stay (%#)', (message, expected) => {
		expect(label(message)).toBe(expected);
	});

	it.each([
		// A position in a text is no host and its number no port: a host:port needs a real host.
		['TypeError at line:42', 'TypeError at line:{n}'],
		['JSON parse error on line:3 at column:17', 'JSON parse error on line:{n} at column:{n}'],
		['batch failed at step:2 of 5', 'batch failed at step:{n} of {n}'],
		// Dotted identifiers ending in one of the words ICANN made top-level domains (.run, .app, .data,
		// .map): module and method paths, not hosts, and their line is the cause like a file's.
		['Worker crashed in app.core.run', 'Worker crashed in app.core.run'],
		['Exception at line:42 in app.core.run', 'Exception at line:{n} in app.core.run'],
		['KeyError raised by handler app.models.user.save()', 'KeyError raised by handler app.models.user.save()'],
		['ERROR app.core.run:42 lost the batch', 'ERROR app.core.run:42 lost the batch'],
		['at Object.run (app.core.run:10:5)', 'at Object.run (app.core.run:10:5)'],
		['module validator.smtp.data failed', 'module validator.smtp.data failed'],
		['Traceback: foo.bar.py line 3', 'Traceback: foo.bar.py line {n}'],
	])('positions and dotted identifiers are no hosts (%#)', (message, expected) => {
		expect(label(message)).toBe(expected);
	});

	it.each([
		// Mail validators name hosts after a word that says so, with a port, or as a mail server's name.
		['connect to smtp.gmail.com:25 failed', 'connect to {host}:{port} failed'],
		['mx1.example.co.uk refused the connection', '{host} refused the connection'],
		['Cannot connect to smtp.acme.dev:587', 'Cannot connect to {host}:{port}'],
		['DNS lookup failed for mail.acme.run: SERVFAIL', 'DNS lookup failed for {host}: SERVFAIL'],
		['host mail.example.app said: 550 5.1.1 User unknown', 'host {host} said: 550 5.1.1 User unknown'],
		['SMTP mx2.globex.cloud greylisted the sender', 'SMTP {host} greylisted the sender'],
		['Recipient domain initech.app has no MX record', 'Recipient domain {host} has no MX record'],
		['mail from <jane@acme.app> rejected by [inbound.acme.app]', 'mail from <{email}> rejected by [{host}]'],
		['smtp.acme.dev:587 timed out', '{host}:{port} timed out'],
	])('hosts on the new top-level domains still are hosts (%#)', (message, expected) => {
		expect(label(message)).toBe(expected);
	});

	it('a private name and its port: the name stays (it is the part that failed), the port does not', () => {
		expectOneGroup(
			['Redis unreachable at queue.internal:6379', 'Redis unreachable at queue.internal:6380'],
			'Redis unreachable at queue.internal:{port}',
		);
		expectOneGroup(
			[
				'Error 111 connecting to redis:6379. Connection refused.',
				'Error 111 connecting to redis:6380. Connection refused.',
			],
			'Error 111 connecting to redis:{port}. Connection refused.',
		);
		// Two private services failing are two causes to triage, two public mail servers one.
		expect(patternOf('Redis unreachable at queue.internal:6379').key).not.toBe(
			patternOf('Redis unreachable at db.internal:6379').key,
		);
		expect(label('could not connect to db-1.prod.local:5432')).toBe('could not connect to db-1.prod.local:{port}');
		expectOneGroup(
			['Connection refused by mx.acme.com:25', 'Connection refused by mx.example.solutions:587'],
			'Connection refused by {host}:{port}',
		);
	});

	it('folds case, whitespace and closing punctuation into the key, not the label', () => {
		const a = patternOf('Connection timed out after 30s.');
		const b = patternOf('connection  timed out\nafter 5s');
		expect(a.key).toBe(b.key);
		expect(a.label).toBe('Connection timed out after {duration}.');
		expect(b.label).toBe('connection timed out after {duration}');
	});

	it('keeps different causes apart', () => {
		const messages = [
			'SMTP connection refused by mx.acme.com:25',
			'TLS handshake with mx.acme.com:25 failed: certificate has expired',
			'ZeroBounce API timeout after 30s',
			'RevenueBase API timeout after 60s',
			'550 5.1.1 User unknown',
			'550 5.7.1 Relaying denied',
			'Batch HTTP 502 from RevenueBase',
			'Batch HTTP 503 from RevenueBase',
		];
		expect(new Set(messages.map(message => patternOf(message).key)).size).toBe(messages.length);
	});

	it('groups a realistic mix into a few patterns', () => {
		const hosts = ['mx.acme.com', 'aspmx.l.google.com', 'mx1.globex.io', 'mail.initech.co.uk', '203.0.113.7'];
		const messages: string[] = [];
		for (let i = 0; i < 500; i++) {
			const host = hosts[i % hosts.length] ?? '';
			messages.push(
				`SMTP connection refused by ${host}:${[25, 587, 2525][i % 3]}`,
				`ZeroBounce API returned HTTP 429 (rate limited, retry in ${5 + (i % 55)}s)`,
				`ZeroBounce API returned HTTP 500 (request id zb-${(i * 7919).toString(16).padStart(8, '0')})`,
				`Worker lost connection to the validation queue (attempt ${1 + (i % 3)}/3)`,
			);
		}

		expect(new Set(messages).size).toBeGreaterThan(500);
		const labels = new Set(messages.map(message => patternOf(message).label));
		expect([...labels].sort()).toEqual([
			'SMTP connection refused by {host}:{port}',
			'SMTP connection refused by {ip}:{port}',
			'Worker lost connection to the validation queue (attempt {n}/{n})',
			'ZeroBounce API returned HTTP 429 (rate limited, retry in {duration})',
			'ZeroBounce API returned HTTP 500 (request id {id})',
		]);
	});

	it('decides by the start of a very long message, and says it was cut', () => {
		const frames = Array.from({length: 400}, (_, n) => `  File "/app/cascade.py", line ${100 + n}, in run_${n}`);
		const traceback = `Traceback (most recent call last):\n${frames.join('\n')}`;
		expect(traceback.length).toBeGreaterThan(MAX_PATTERN_INPUT * 5);
		const pattern = patternOf(traceback);
		expect(pattern.label.endsWith('…')).toBe(true);
		expect(pattern.label.length).toBeLessThanOrEqual(MAX_PATTERN_INPUT + 1);
		expect(pattern.label.startsWith('Traceback (most recent call last): File "{value}", line {n}, in run_0')).toBe(
			true,
		);
		expect(patternOf(`${traceback}\nReadTimeout`).key).toBe(pattern.key);
	});

	it('gives the same answer however often it is asked (no state kept between calls)', () => {
		const message = 'SMTP connection refused by mx.acme.com:25';
		const first = patternOf(message);
		for (let i = 0; i < 3; i++) {
			patternOf(`connect ECONNREFUSED 10.0.0.${i}:25`);
			expect(patternOf(message)).toEqual(first);
		}
	});
});
