// Error patterns: an error message with its variable parts (hosts, addresses, ports, numbers,
// durations, quoted values, emails, ids, URLs, times) replaced by placeholders, so messages that
// differ only in those parts fall into one group:
//
//   SMTP connection refused by mx.acme.com:25          ┐
//   SMTP connection refused by aspmx.l.google.com:25   ┘ SMTP connection refused by {host}:{port}
//
// What stays is what names the cause: words, SMTP reply codes (`550 5.1.1`), HTTP status codes
// (`HTTP 502`), identifiers with digits in them (`TLSv1.2`, `x509`, `SHA256`).
//
// Pure (a bounded cache aside, which changes no answer) and linear: one pass of one regular
// expression over at most MAX_PATTERN_INPUT characters, every rule anchored at the start of a word,
// so no input makes it backtrack quadratically (`npm run bench -- 7` measures adversarial text). The text is the API's raw text: the label is raw too and must be
// sanitised before it is shown, like the message it came from.

import topLevelDomains from 'tlds';

const PLACEHOLDERS = ['url', 'email', 'value', 'id', 'time', 'ip', 'host', 'port', 'duration', 'size', 'n'] as const;

/** What a placeholder stands for; the label shows it in braces: `{host}`. */
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface ErrorPattern {
	/** Groups messages: the label folded to lower case with its whitespace and closing punctuation evened out. */
	readonly key: string;
	/** The message with placeholders, whitespace runs (line breaks too) collapsed to one space. */
	readonly label: string;
}

/**
 * Only this much of a message decides its pattern (a 10,000-character traceback is grouped by its
 * start). Longer messages get a label ending in `…`.
 */
export const MAX_PATTERN_INPUT = 1000;

const hole = (name: Placeholder) => `{${name}}`;

// Words after which a three-digit number is a status or reply code, the cause itself, not a variable.
const CODE_BEFORE = String.raw`(?<=\b(?:HTTP(?:\/\d(?:\.\d)?)?|status(?: code)?|code|error|reply|replied|response|responded(?: with)?|said|returned|got|answered|SMTP)[:=]?[ \t]?)`;

// Extensions that look like top-level domains in file names (`config.json`, `index.ts`), not hosts.
const FILE_EXTENSIONS = new Set([
	'js',
	'mjs',
	'cjs',
	'ts',
	'tsx',
	'jsx',
	'json',
	'yaml',
	'yml',
	'toml',
	'xml',
	'html',
	'htm',
	'txt',
	'csv',
	'log',
	'conf',
	'cfg',
	'ini',
	'lock',
	'md',
	'py',
	'pyc',
	'rb',
	'java',
	'class',
	'php',
	'cpp',
	'so',
	'dll',
	'exe',
	'pem',
	'crt',
	'key',
	'tmp',
	'gz',
	'zip',
]);

// HTTP reason phrases (RFC 9110) and the common extensions, for codes not announced by a word.
const REASON_PHRASES = String.raw`(?:Bad Request|Unauthorized|Payment Required|Forbidden|Not Found|Method Not Allowed|Not Acceptable|Request Time-?out|Conflict|Gone|Length Required|Precondition Failed|(?:Request Entity|Payload|Content) Too Large|URI Too Long|Unsupported Media Type|Unprocessable (?:Entity|Content)|Too Many Requests|Internal Server Error|Not Implemented|Bad Gateway|Service (?:Temporarily )?Unavailable|Gateway Time-?out)`;
const DURATION_UNITS = String.raw`(?:ms|msec|millis(?:econds?)?|us|µs|ns|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)`;
const SIZE_UNITS = String.raw`(?:B|bytes?|[KMGT]i?B|[kmgt]b)`;
const NUMBER = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
const IPV4 = String.raw`(?:\d{1,3}\.){3}\d{1,3}`;
const HEX4 = '[0-9a-f]{1,4}';
// Full form, or compressed with `::` (possibly ending in an IPv4 address, `::ffff:192.0.2.1`).
const IPV6 = String.raw`(?:(?:${HEX4}:){7}${HEX4}|(?:${HEX4}(?::${HEX4}){0,6})?::(?:(?:${HEX4}:){0,5}${IPV4}|${HEX4}(?::${HEX4}){0,6})?)`;

// Ids have many digits: at least a quarter of their characters.
const MIN_ID_DIGIT_SHARE = 0.25;

function digitShare(text: string): number {
	let digits = 0;
	for (const character of text) {
		if (character >= '0' && character <= '9') {
			digits++;
		}
	}

	return digits / text.length;
}

// The top-level domains IANA delegates. A dotted name ending in anything else is no public host:
// a module path (`validation.tasks.validate_batch`, `socket.timeout`) or a private name
// (`queue.internal`, `db.local`).
const TOP_LEVEL_DOMAINS: ReadonlySet<string> = new Set(topLevelDomains);

// The generic top-level domains from before 2012, and (checked apart) every two-letter country code: a
// dotted name ending in one is a host. The thousand-odd added since are mostly words (`.run`, `.app`,
// `.data`, `.map`, `.save`) that end module and method paths as often (`app.core.run`), so a name
// ending in one is a host only where the message says more (hostEvidence).
const CLASSIC_TLDS: ReadonlySet<string> = new Set([
	'com',
	'net',
	'org',
	'edu',
	'gov',
	'mil',
	'int',
	'arpa',
	'info',
	'biz',
	'name',
	'pro',
	'mobi',
	'asia',
	'aero',
	'coop',
	'museum',
	'jobs',
	'travel',
	'tel',
	'cat',
	'post',
]);

// What mail validators write just before a host: `refused by mx.acme.app`, `lookup failed for
// acme.app`, `host mail.acme.app said`, `DNS:*.acme.app`, `[inbound.acme.app]`. Not `at` or `in`:
// stack traces put code there (`at Object.run`, `in app.core.run`).
const HOST_BEFORE =
	/(?:\b(?:by|for|to|from|host(?:name)?|with|using|via|domain|server|relay|MX|ENOTFOUND|ENODATA|EAI_AGAIN|resolve|resolving|lookup|HELO|EHLO)[:=]?[ \t]+|\b(?:host|DNS):[ \t]*|[@[])(?:\*\.)?$/iu;
// Before a line number, not a port: `at app.core.run:42`, `ERROR app.core.run:42` (a logger's name:line).
const CODE_BEFORE_NAME = /(?:\b(?:at|in|line|module|file|logger|ERROR|WARN(?:ING)?|INFO|DEBUG)[ \t]+|\()$/iu;
// First labels that name a mail server: `mx1.`, `smtp-relay.`, `aspmx.`, `mail2.`.
const MAIL_SERVER_LABEL = /^(?:mx|smtps?|mail|mta|aspmx|inbound|relay|imap|pop3?)(?:\d+|-[a-z\d-]*)?\./iu;

/** Enough of the text before a token to read the word before it. */
const LOOK_BEHIND = 24;

/**
 * A dotted name ending in one of the new top-level domains is a host where the message says so: a word
 * that announces a host before it, a mail server's first label, or a port (unless it stands where code
 * does, when the number is a line).
 */
function hostEvidence(host: string, port: string | undefined, at: Place): boolean {
	const before = at.text.slice(Math.max(0, at.start - LOOK_BEHIND), at.start);
	if (HOST_BEFORE.test(before) || MAIL_SERVER_LABEL.test(host)) {
		return true;
	}

	return port !== undefined && !CODE_BEFORE_NAME.test(before);
}

// Dotted names that are not hosts: file names (`cascade.py`, though `.py` is Paraguay), exception
// and module paths (`java.net.SocketTimeoutException`, `socket.timeout`, `app.core.run`), calls
// (`user.save()`), private names. A top-level label of mixed case is a class name.
function looksLikeHost(host: string, tld: string, port: string | undefined, at: Place): boolean {
	const lower = tld.toLowerCase();
	if (FILE_EXTENSIONS.has(lower)) {
		return false;
	}

	if (tld !== lower && tld !== tld.toUpperCase()) {
		return false;
	}

	if (!TOP_LEVEL_DOMAINS.has(lower) || at.text[at.end] === '(') {
		return false;
	}

	return lower.length === 2 || CLASSIC_TLDS.has(lower) || hostEvidence(host, port, at);
}

// A public host varies with the record (each recipient has its own mail exchanger), so it becomes
// `{host}` and the refusals of a thousand servers are one group. A private name (`queue.internal`,
// `redis`) is one of the few parts of the sender's own system: it names the part that failed, so
// it stays, and only its port becomes `{port}`: `queue.internal` down and `db.internal` down are two
// causes to triage, not one. A file name keeps its line number (`tasks.py:42`): the line is the cause;
// so does a code path that ends like a host (`app.core.run:42`), and a line with its column.
function hostAndPort(
	match: string,
	host: string,
	tld: string,
	port: string | undefined,
	column: string | undefined,
	at: Place,
): string {
	// `name:10:5` is a line and a column (a stack frame): never a port.
	if (looksLikeHost(host, tld, column === undefined ? port : undefined, at)) {
		return (
			hole('host') + (port === undefined ? '' : `:${hole('port')}`) + (column === undefined ? '' : `:${hole('n')}`)
		);
	}

	if (
		column !== undefined ||
		port === undefined ||
		FILE_EXTENSIONS.has(tld.toLowerCase()) ||
		TOP_LEVEL_DOMAINS.has(tld.toLowerCase()) ||
		host !== host.toLowerCase()
	) {
		return match;
	}

	return `${host}:${hole('port')}`;
}

// Words that name a place in a text or a run, not a machine: `at line:42`, `column:17`, `step:2`. The
// number after them is no port.
const POSITIONS: ReadonlySet<string> = new Set([
	'line',
	'lineno',
	'ln',
	'col',
	'column',
	'row',
	'pos',
	'position',
	'offset',
	'char',
	'character',
	'byte',
	'index',
	'idx',
	'step',
	'stage',
	'phase',
	'page',
	'item',
	'entry',
	'record',
	'field',
	'cell',
	'element',
	'arg',
	'argument',
	'token',
	'attempt',
	'try',
	'retry',
	'round',
	'iteration',
	'level',
	'depth',
	'frame',
	'chunk',
	'part',
]);

const TRAILING_URL_PUNCTUATION = /[.,;:!?)\]}]+$/u;

/** Where a rule's match can start; a position is tried only against the rules of its kind. */
type Start = 'digit' | 'letter' | 'quote';

/** Where a match is: the text it is in and its bounds, for a rule that reads what is around it. */
interface Place {
	readonly text: string;
	readonly start: number;
	readonly end: number;
}

interface Rule {
	readonly starts: readonly Start[];
	/** A regular expression; its capture groups (if any) are handed to `replace` in order. */
	readonly source: string;
	readonly replace: (match: string, groups: ReadonlyArray<string | undefined>, at: Place) => string;
}

const keep = (match: string) => match;
const to = (name: Placeholder) => () => hole(name);
const withPort = (name: Placeholder, prefix: string) => (_: string, groups: ReadonlyArray<string | undefined>) =>
	hole(name) + (groups[0] === undefined ? '' : `${prefix}${hole('port')}`);

// Tried in this order at each position where a word starts: the first that matches wins, so the
// order is the priority (a URL before the host in it, an SMTP code before the number in it).
const RULES: readonly Rule[] = [
	{
		// A URL, to the next space or quote; trailing punctuation is handed back.
		starts: ['letter'],
		source: String.raw`[a-z][a-z\d+.-]{1,15}:\/\/[^\s"'<>\x60]+`,
		replace: match => hole('url') + (TRAILING_URL_PUNCTUATION.exec(match)?.[0] ?? ''),
	},
	{
		starts: ['letter', 'digit'],
		source: String.raw`(?<![.+%-])[\w.+%-]+@(?:[a-z\d-]+\.)+[a-z]{2,24}(?![\w-])`,
		replace: to('email'),
	},
	{
		// Quotes open after a non-word character and close before one, so `can't` is no quote.
		starts: ['quote'],
		source: String.raw`(?:"[^"\n]*"|'[^'\n]*'|\x60[^\x60\n]*\x60|“[^”\n]*”|‘[^’\n]*’)(?!\w)`,
		replace: match => `${match[0] ?? ''}${hole('value')}${match.at(-1) ?? ''}`,
	},
	{
		starts: ['letter', 'digit'],
		source: String.raw`(?<!-)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])`,
		replace: to('id'),
	},
	{
		// ISO 8601 date and time, or a date, or a time of day.
		starts: ['digit'],
		source: String.raw`(?<![.:])(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?)(?![\w:])`,
		replace: to('time'),
	},
	{
		// Protocol versions name the cause: `HTTP/1.1`, `TLS 1.2`.
		starts: ['letter'],
		source: String.raw`(?:HTTP|TLS|SSL|SMTP)(?:v|\/|[ \t])?\d(?:\.\d)?(?![\w.])`,
		replace: keep,
	},
	{
		// SMTP: a reply code with its enhanced status code (`550 5.1.1`, `550-5.1.1`), or the enhanced code alone.
		starts: ['digit'],
		source: String.raw`(?<!\.)(?:[2-5]\d\d[ -])?[245]\.\d{1,3}\.\d{1,3}(?![\w.])`,
		replace: keep,
	},
	{
		// Not after a colon (`10:30:00`, `a:b:c`) unless that colon ends `IPv6:`.
		starts: ['letter', 'digit'],
		source: String.raw`(?<!\.)(?<!(?<!IPv6):)(?=[\da-f:]*\d|[\da-f:]*[a-f])${IPV6}(?![\w.:])(\]:\d{1,5}(?!\d))?`,
		replace: withPort('ip', ']:'),
	},
	{
		starts: ['digit'],
		source: String.raw`(?<!\.)${IPV4}(?:\/\d{1,2})?(?![\w.])(:\d{1,5}(?![\d.]))?`,
		replace: withPort('ip', ':'),
	},
	{
		// Labels of letters, digits and hyphens, dot-separated, ending in an alphabetic top-level label,
		// and the whole dotted run: `validation.tasks` is not the host in `validation.tasks.validate_batch`.
		starts: ['letter', 'digit'],
		source: String.raw`(?<![.@*-])((?:\*\.)?(?:[a-z\d](?:[a-z\d-]*[a-z\d])?\.)+([a-z]{2,24}))(?![\w-]|\.[\w-])(?:(:\d{1,5}(?![\d.]))(:\d{1,6}(?![\d.]))?)?`,
		replace: (match, [host = '', tld = '', port, column], at) => hostAndPort(match, host, tld, port, column, at),
	},
	{
		starts: ['letter'],
		source: String.raw`(?<![.-])localhost(?![\w.-])(:\d{1,5}(?![\d.]))?`,
		replace: (_, [port]) => `localhost${port === undefined ? '' : `:${hole('port')}`}`,
	},
	{
		// A one-label name and its port after a word that says it is a place (`connecting to redis:6379`):
		// a private name, kept like `queue.internal` above. A place in a text is no host (`at line:42`).
		starts: ['letter'],
		source: String.raw`(?<=\b(?:to|at|from|by|on|via)[ \t])([a-z][a-z\d-]*):\d{1,5}(?!\w|\.\d)`,
		replace: (_, [name = '']) => `${name}:${hole(POSITIONS.has(name.toLowerCase()) ? 'n' : 'port')}`,
	},
	{
		starts: ['letter'],
		source: String.raw`(?<!-)(port[ \t]*[=:#]?[ \t]*)\d{1,5}(?![\w.])`,
		replace: (_, [word = '']) => word + hole('port'),
	},
	{
		// A three-digit status code after a word that announces one, or at the very start of a reply.
		starts: ['digit'],
		source: String.raw`(?:${CODE_BEFORE}|^)[1-5]\d\d(?![\w.])`,
		replace: keep,
	},
	{
		// Or an SMTP reply quoted after a colon: `RCPT TO:<…>: 550 No such user` (a capital follows).
		starts: ['digit'],
		source: String.raw`(?<=:[ \t])[45]\d\d(?=[ \t]\S)`,
		replace: (match, _, at) => {
			const next = at.text[at.end + 1] ?? '';
			return next !== next.toLowerCase() ? match : hole('n');
		},
	},
	{
		// Or before its reason phrase, wherever it is (`<title>502 Bad Gateway</title>`).
		starts: ['digit'],
		source: String.raw`(?<!\.)[1-5]\d\d(?=[ \t]+${REASON_PHRASES}\b)`,
		replace: keep,
	},
	{
		starts: ['digit'],
		source: String.raw`(?<!\.)${NUMBER}[ \t]?${DURATION_UNITS}(?:\d+(?:\.\d+)?${DURATION_UNITS})*(?![\w/])`,
		replace: to('duration'),
	},
	{
		starts: ['digit'],
		source: String.raw`(?<!\.)${NUMBER}[ \t]?${SIZE_UNITS}(?![\w/])`,
		replace: to('size'),
	},
	{
		// Hex ids (request ids, queue ids, hashes, short commit ids): seven or more hex digits, letters and digits both.
		starts: ['letter', 'digit'],
		source: String.raw`(?<![.-])(?:0x)?(?=\d*[a-f])(?=[a-f]*\d)[0-9a-f]{7,}(?![\w.-])`,
		replace: to('id'),
	},
	{
		// Opaque ids mixing letters and digits (`req_8f3k2j9d`, `4Yx2Kp3QzRz`, Gmail's
		// `d2e1a72fcca58-7b2e4a5f3c1si1234b3a.123`): 8+ characters, 2+ digits, a quarter of them digits
		// (`X509_V_ERR_CERT_HAS_EXPIRED` and `base64url` are names, not ids).
		starts: ['letter', 'digit'],
		source: String.raw`(?<![.-])(?=[\w.-]{8})(?=[\w.-]*\d[\w.-]*\d)(?=[\d_.-]*[a-z])[a-z\d_-]+(?:\.[a-z\d_-]+)*(?![\w-])`,
		replace: match => (digitShare(match) >= MIN_ID_DIGIT_SHARE ? hole('id') : match),
	},
	{
		// Any other number that stands alone (not glued to a letter: `TLSv1.2`, `x509` stay).
		starts: ['digit'],
		source: String.raw`(?<!\.)\d+(?:[.,]\d+)*(?!\w)`,
		replace: to('n'),
	},
];

// Where each kind of start begins. A word that starts with a letter is tried only if something in it
// could make it a token (a digit, a dot, `@`, `:`) or it is one of the few words a rule begins with,
// so plain words cost one short look-ahead.
const STARTS: Readonly<Record<Start, string>> = {
	digit: String.raw`(?=\d)`,
	letter: String.raw`(?=\*|[a-z_+%-]*[\d.@:]|localhost|port|HTTP|TLS|SSL|SMTP)`,
	quote: String.raw`(?=["'\x60“‘])`,
};

const countGroups = (source: string) => (new RegExp(`${source}|`, 'u').exec('')?.length ?? 1) - 1;

interface Slot {
	/** Index of the capture group around the rule's whole match. */
	readonly index: number;
	readonly groups: number;
	readonly rule: Rule;
}

function compile(): {token: RegExp; slots: Slot[]} {
	const slots: Slot[] = [];
	let index = 1;
	const kinds = (Object.keys(STARTS) as Start[]).map(start => {
		const alternatives = RULES.filter(rule => rule.starts.includes(start)).map(rule => {
			const groups = countGroups(rule.source);
			slots.push({index, groups, rule});
			index += 1 + groups;
			return `(${rule.source})`;
		});
		return `${STARTS[start]}(?:${alternatives.join('|')})`;
	});
	// Every token starts a word: one look-behind keeps the rules from being tried inside words.
	return {token: new RegExp(String.raw`(?<!\w)(?:${kinds.join('|')})`, 'giu'), slots};
}

const {token: TOKEN, slots: SLOTS} = compile();

function replaceToken(match: string): string {
	// `arguments`, not a rest parameter: a match hands over every capture group of every rule, and
	// copying them into an array for each token doubled the time patternOf takes.
	// eslint-disable-next-line prefer-rest-params
	const args = arguments as unknown as ArrayLike<unknown>;
	for (const slot of SLOTS) {
		if (args[slot.index] !== undefined) {
			const groups: Array<string | undefined> = [];
			for (let group = 1; group <= slot.groups; group++) {
				groups.push(args[slot.index + group] as string | undefined);
			}

			const start = args[args.length - 2] as number;
			const text = args[args.length - 1] as string;
			return slot.rule.replace(match, groups, {text, start, end: start + match.length});
		}
	}

	return match;
}

// Nothing that a rule matches can start without one of these: a message without them is its own pattern.
const MAYBE_TOKEN = /[\d"'\x60“‘@.:]|localhost|port/iu;

const WHITESPACE = /\s+/gu;
const CLOSING = /[\s.!;:,]+$/u;

// Error messages repeat (a batch's records share its message), so each distinct message is worked
// out once. Bounded: past the limit the cache starts again rather than growing with hostile input.
const CACHE_LIMIT = 10_000;
const cache = new Map<string, ErrorPattern>();

/** The pattern of an error message: the same for messages that differ only in their variable parts. */
export function patternOf(message: string): ErrorPattern {
	const known = cache.get(message);
	if (known !== undefined) {
		return known;
	}

	const pattern = computePattern(message);
	if (cache.size >= CACHE_LIMIT) {
		cache.clear();
	}

	cache.set(message, pattern);
	return pattern;
}

function computePattern(message: string): ErrorPattern {
	const cut = message.length > MAX_PATTERN_INPUT;
	const text = cut ? message.slice(0, MAX_PATTERN_INPUT) : message;
	const replaced = (MAYBE_TOKEN.test(text) ? text.replace(TOKEN, replaceToken) : text).replace(WHITESPACE, ' ').trim();
	const label = cut ? `${replaced}…` : replaced;
	return {key: replaced.replace(CLOSING, '').toLowerCase(), label};
}

const HOLE = `\\{(?:${PLACEHOLDERS.join('|')})\\}`;
// Placeholders joined by punctuation alone (`{host}:{port}`, `{n}/{n}`) are one thing left out.
const HOLES = new RegExp(`${HOLE}(?:[^\\s\\w{}]*${HOLE})*`, 'gu');

/**
 * A pattern's label in words, for a name a person reads and keeps (a re-validation's list name): each
 * run of placeholders becomes one `…`, so `SMTP connection refused by {host}:{port}` reads
 * `SMTP connection refused by …`.
 */
export function withoutPlaceholders(label: string): string {
	return label.replace(HOLES, '…');
}
