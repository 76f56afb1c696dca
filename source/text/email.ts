// Email addresses as the API checks them before it accepts an upload (upload-emails.md: "any malformed
// address rejects the entire request"). The service is Django REST Framework: an EmailField trims the
// value, refuses blanks, NUL and lone surrogates, then runs Django's EmailValidator. Checking the same
// way here leaves out, before anything is sent, what would have made the API refuse the whole list.
//
// The one copy of these rules: the upload confirmation and `revalidate` check with it, and the demo
// server rejects with it, so what the app leaves out and what the demo refuses cannot drift apart.
import net from 'node:net';
import {domainToASCII} from 'node:url';

/** RFC 3696's bound, as Django checks it (in code points, as Python counts). */
const MAX_EMAIL_LENGTH = 320;
const USER_DOT_ATOM = /^[-!#$%&'*+/=?^_`{}|~0-9A-Z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9A-Z]+)*$/i;
// RFC 5322 quoted-string, as Django spells it.
const USER_QUOTED = /^"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*"$/i;
// Labels of at most 63 characters (RFC 1034); the last one at least two, not ending in a hyphen.
const DOMAIN = /^(?:[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?\.)+[A-Z0-9-]{2,63}(?<!-)$/i;
const LITERAL = /^\[([A-F0-9:.]+)\]$/i;
const NON_ASCII = /[^\x00-\x7f]/;

function validDomain(domain: string): boolean {
	if (DOMAIN.test(domain)) {
		return true;
	}

	const literal = LITERAL.exec(domain);
	return literal?.[1] !== undefined && net.isIP(literal[1]) !== 0;
}

/**
 * django.core.validators.EmailValidator: a dot-atom or quoted local part, then a domain of labels, an
 * address literal (`[192.0.2.1]`), `localhost`, or an internationalised domain that is valid as punycode.
 */
export function isDjangoEmail(value: string): boolean {
	if (value === '' || !value.includes('@') || [...value].length > MAX_EMAIL_LENGTH) {
		return false;
	}

	const at = value.lastIndexOf('@');
	const user = value.slice(0, at);
	const domain = value.slice(at + 1);
	if (!USER_DOT_ATOM.test(user) && !USER_QUOTED.test(user)) {
		return false;
	}

	if (domain === 'localhost' || validDomain(domain)) {
		return true;
	}

	// An internationalised domain, tried again as punycode; an ASCII one would come back unchanged.
	if (!NON_ASCII.test(domain)) {
		return false;
	}

	const ascii = domainToASCII(domain);
	return ascii !== '' && validDomain(ascii);
}

// What Python's str.strip() takes as whitespace (str.isspace), which a DRF CharField trims from both
// ends: JavaScript's \s without U+FEFF, and the separators U+001C–U+001F and U+0085.
const PYTHON_SPACE = String.raw`[\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]`;
const EDGE_WHITESPACE = new RegExp(`^${PYTHON_SPACE}+|${PYTHON_SPACE}+$`, 'g');
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What a DRF CharField keeps of a string (an address, a list name): whitespace trimmed from both ends. */
export function drfTrimmed(value: string): string {
	return value.replace(EDGE_WHITESPACE, '');
}

/**
 * Why the API would refuse this address, in DRF's words, or undefined when it takes it. The value is
 * checked trimmed, as the API checks it.
 */
export function emailProblem(value: string): string | undefined {
	const text = drfTrimmed(value);
	if (text === '') {
		return 'This field may not be blank.';
	}

	if (text.includes('\u0000')) {
		return 'Null characters are not allowed.';
	}

	if (LONE_SURROGATE.test(text)) {
		return 'Surrogate characters are not allowed.';
	}

	return isDjangoEmail(text) ? undefined : 'Enter a valid email address.';
}

/**
 * The address as the API keeps it (upload-emails.md: "stripped, lowercased, and deduplicated"): two
 * addresses with the same key are one email, sent and charged once.
 */
export function normalisedEmail(value: string): string {
	return drfTrimmed(value).toLowerCase();
}
