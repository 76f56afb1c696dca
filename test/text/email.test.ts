// The API's address rules, on Django's own test cases for EmailValidator (tests/validators/tests.py)
// and DRF's EmailField around it: what the app leaves out before an upload is what the API would refuse.
import {describe, expect, it} from 'vitest';
import {emailProblem, isDjangoEmail, normalisedEmail, drfTrimmed} from '../../source/text/email.js';

const a63 = 'a'.repeat(63);

const VALID = [
	'email@here.com',
	'weirder-email@here.and.there.com',
	'email@[127.0.0.1]',
	'email@[2001:dB8::1]',
	'email@[2001:dB8:0:0:0:0:0:1]',
	'email@[::fffF:127.0.0.1]',
	'example@valid-----hyphens.com',
	'example@valid-with-hyphens.com',
	'test@domain.with.idn.tld.उदाहरण.परीक्षा',
	'email@localhost',
	'"test@test"@example.com',
	`example@atm.${a63}`,
	`example@${a63}.atm`,
	`example@${a63}.${'b'.repeat(10)}.atm`,
	'"\\\u0009"@here.com',
	`a@${a63}.us`,
	'first.last+tag@sub.example.co.uk',
	"o'brien@example.ie",
];

const INVALID = [
	'',
	'abc',
	'abc@',
	'abc@bar',
	'a @x.cz',
	'abc@.com',
	'something@@somewhere.com',
	'email@127.0.0.1',
	'email@[127.0.0.256]',
	'email@[2001:db8::12345]',
	'email@[2001:db8:0:0:0:0:1]',
	'email@[::ffff:127.0.0.256]',
	'email@[2001:dg8::1]',
	'email@[2001:dG8:0:0:0:0:0:1]',
	'email@[::fTzF:127.0.0.1]',
	'example@invalid-.com',
	'example@-invalid.com',
	'example@invalid.com-',
	'example@inv-.alid-.com',
	'example@inv-.-alid.com',
	'test@example.com\n\n<script src="x.js">',
	'"\\\u000A"@here.com',
	'trailingdot@shouldfail.com.',
	'a@b.com\n',
	'a\n@b.com',
	'"test@test"\n@example.com',
	'a@[127.0.0.1]\n',
	`example@atm.${'a'.repeat(64)}`,
	`example@${'b'.repeat(64)}.atm.${a63}`,
	`example@${`${a63}.`.repeat(100)}com`,
	'no.at.sign.example.com',
	'two@@example.com',
	'ends-with-dot.@example.com',
];

describe('isDjangoEmail: Django’s EmailValidator', () => {
	it.each(VALID)('takes %j', email => {
		expect(isDjangoEmail(email)).toBe(true);
	});

	it.each(INVALID)('refuses %j', email => {
		expect(isDjangoEmail(email)).toBe(false);
	});

	it('refuses anything longer than 320 characters, as Django does', () => {
		const address = (length: number, last = 'com') => {
			const domain = `${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.${last}`;
			return `${'a'.repeat(length - domain.length - 1)}@${domain}`;
		};

		expect(address(320)).toHaveLength(320);
		expect(isDjangoEmail(address(320))).toBe(true);
		expect(isDjangoEmail(address(321))).toBe(false);
	});
});

describe('emailProblem: DRF’s EmailField (trimmed, then checked), in its words', () => {
	it('takes a valid address with whitespace around it, as the field trims it', () => {
		expect(emailProblem('  John@Acme.com\t')).toBeUndefined();
		expect(emailProblem('\u00a0john@acme.com\u3000')).toBeUndefined();
	});

	it('says why it refuses the others', () => {
		expect(emailProblem('   ')).toBe('This field may not be blank.');
		expect(emailProblem('a\u0000b@example.com')).toBe('Null characters are not allowed.');
		expect(emailProblem('a\ud800@example.com')).toBe('Surrogate characters are not allowed.');
		expect(emailProblem('not-an-email')).toBe('Enter a valid email address.');
		// A zero-width or escape character inside is no whitespace to trim: refused, as the API would.
		expect(emailProblem('john\u200b@acme.com')).toBe('Enter a valid email address.');
		expect(emailProblem('\u001b[31mjohn@acme.com')).toBe('Enter a valid email address.');
	});

	it('trims what Python’s str.strip() trims, and not a byte-order mark', () => {
		expect(drfTrimmed('\u001c\u0085 a@b.co \u2028')).toBe('a@b.co');
		expect(drfTrimmed('\ufeffa@b.co')).toBe('\ufeffa@b.co');
	});
});

describe('normalisedEmail: as the API keeps it', () => {
	it('strips and lowercases, so addresses that differ only so are one email', () => {
		expect(normalisedEmail(' John.Smith@ACME.com ')).toBe('john.smith@acme.com');
		expect(normalisedEmail('john.smith@acme.com')).toBe(normalisedEmail('JOHN.SMITH@Acme.Com\n'));
	});
});
