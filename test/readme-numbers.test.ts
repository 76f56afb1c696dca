// The numbers the README promises are the program's own: each sentence is built here from the constant
// the code uses, so changing one without the other fails. What each bound does is tested beside its code
// (test/api/throttle.test.ts, test/terminal/terminalInput.test.ts, test/safety/huge.test.tsx…); this
// file holds the README to the same figures.
import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {DEFAULT_GROW_AFTER} from '../source/api/limit.js';
import {DEFAULT_MAX_THROTTLES, DEFAULT_MAX_WAIT_MS, DEFAULT_PAGE_CONCURRENCY} from '../source/api/pages.js';
import {RETRY_DEFAULTS} from '../source/api/retry.js';
import {JOBS_PAGE_SIZE, RECORDS_PAGE_SIZE} from '../source/api/types.js';
import {DEMO_BALANCE} from '../source/demo/wallet.js';
import {formatCount} from '../source/format.js';
import {PASTE_LENGTH, PLAIN_KEY, isPaste} from '../source/keys/input.js';
import {DEFAULT_CACHED_BREAKDOWNS} from '../source/store/breakdownCache.js';
import {QUIT_WAIT_MS} from '../source/store/uploadController.js';
import {MAX_CLIPBOARD_PAYLOAD} from '../source/terminal/clipboard.js';
import {PASTE_MAX_LENGTH, PASTE_SILENCE_MS} from '../source/terminal/terminalInput.js';
import {FIELD_LIMIT} from '../source/text/sanitize.js';

// One line of the README per sentence: the table cells and paragraphs are read with their line breaks
// as spaces.
const readme = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8').replaceAll(/\s*\n\s*/g, ' ');

/** A duration as the README words it. */
function spoken(ms: number): string {
	const words: Record<number, string> = {1000: 'a second', 60_000: 'a minute', 3_600_000: 'an hour'};
	return words[ms] ?? `${ms / 1000} s`;
}

/** A count as the README words it. */
function spokenCount(count: number): string {
	return count === 100 ? 'a hundred' : formatCount(count);
}

const SENTENCES: ReadonlyArray<readonly [what: string, sentence: string]> = [
	[
		'page size',
		`records per page, ${RECORDS_PAGE_SIZE.min} to ${RECORDS_PAGE_SIZE.max} (default ${RECORDS_PAGE_SIZE.default}, as the API)`,
	],
	['finding a job reads the largest pages', `(all statuses, ${spokenCount(JOBS_PAGE_SIZE.max)} jobs a request)`],
	[
		'find reads the largest pages',
		`(${formatCount(RECORDS_PAGE_SIZE.max)} records a request, whatever \`--page-size\` is`,
	],
	[
		'a paste without its end',
		`A paste whose end never comes ends after ${spoken(PASTE_SILENCE_MS)} without input; up to ${formatCount(PASTE_MAX_LENGTH)} characters of one paste are kept.`,
	],
	[
		'a paste the terminal does not bracket',
		`one read of more than ${PASTE_LENGTH} characters (with more than two different ones) is taken for a paste`,
	],
	[
		'one value on screen',
		`A single value is drawn up to ${FIELD_LIMIT / 1024} KB (${formatCount(FIELD_LIMIT)} characters)`,
	],
	['a copy', `(OSC 52 carries about ${MAX_CLIPBOARD_PAYLOAD / 1000} KB; a larger copy says so)`],
	[
		'retries',
		`at most ${RETRY_DEFAULTS.limit} times within ${RETRY_DEFAULTS.maxTotalMs / 1000} s, with backoff and \`Retry-After\` honoured up to ${RETRY_DEFAULTS.maxRetryAfterMs / 1000} s`,
	],
	[
		'a long read in flight',
		`it keeps up to ${DEFAULT_PAGE_CONCURRENCY} pages in flight, halves that on a 429 and grows back by one after ${DEFAULT_GROW_AFTER} clean pages`,
	],
	[
		'a long read waiting',
		`waits as long as \`Retry-After\` asks (up to ${spoken(DEFAULT_MAX_WAIT_MS)}; ${DEFAULT_MAX_THROTTLES} refusals in a row with no page between them give up)`,
	],
	['the breakdowns kept', `is kept per job for the session (the last ${DEFAULT_CACHED_BREAKDOWNS} jobs)`],
	[
		'q while an upload is on its way',
		`\`q\`/Ctrl+C quits as soon as its answer comes (at most ${QUIT_WAIT_MS / 1000} s; a second press quits at once)`,
	],
	['the demo wallet', `credits in the demo account's wallet (default ${formatCount(DEMO_BALANCE)})`],
];

describe("the README's numbers are the program's", () => {
	it.each(SENTENCES)('%s', (_what, sentence) => {
		expect(readme.includes(sentence), `the README says: ${sentence}`).toBe(true);
	});
});

describe('a paste the terminal does not bracket', () => {
	// A held key over SSH comes as one long read of one character (and maybe the next key): typing.
	it.each([
		['x'.repeat(PASTE_LENGTH + 1), false],
		[`${'j'.repeat(PASTE_LENGTH)}q`, false],
		['abcdefghijklmnop'.slice(0, PASTE_LENGTH), false],
		['abcdefghijklmnopq'.slice(0, PASTE_LENGTH + 1), true],
		[`${'j'.repeat(PASTE_LENGTH - 1)}qz`, true],
	])('%j is a paste: %s', (read, paste) => {
		expect(isPaste(read, PLAIN_KEY)).toBe(paste);
	});
});
