import {describe, expect, it} from 'vitest';
import {editField, typedText} from '../../source/store/field.js';

describe('editField', () => {
	it('types at the end, and a paste whole', () => {
		expect(editField('ab', {type: 'type', text: 'c'})).toBe('abc');
		expect(editField('', {type: 'type', text: 'jane@acme.com'})).toBe('jane@acme.com');
	});

	it('drops the control characters of a paste (escape bytes, DEL, C1)', () => {
		expect(typedText('c\u001b[2Jd\u007f\u0085\u0007')).toBe('c[2Jd');
		expect(editField('x', {type: 'type', text: '\u0015\u0017'})).toBe('x');
	});

	it('keeps a pasted line one line: breaks at the ends dropped, inside each run of them one space', () => {
		expect(typedText('jane@acme.com\n')).toBe('jane@acme.com');
		expect(typedText('\r\njane@acme.com\r\n')).toBe('jane@acme.com');
		expect(typedText('a\tb\r\nc\n\nd')).toBe('a b c d');
	});

	it('Backspace deletes the last character as a person sees it', () => {
		expect(editField('abc', {type: 'deleteChar'})).toBe('ab');
		expect(editField('a👩‍💻', {type: 'deleteChar'})).toBe('a');
		expect(editField('e\u0301', {type: 'deleteChar'})).toBe('');
		expect(editField('', {type: 'deleteChar'})).toBe('');
	});

	it('Ctrl+W deletes the last word and the spaces after it, as a shell does', () => {
		expect(editField('foo bar', {type: 'deleteWord'})).toBe('foo ');
		expect(editField('foo bar  ', {type: 'deleteWord'})).toBe('foo ');
		expect(editField('foo', {type: 'deleteWord'})).toBe('');
		expect(editField('', {type: 'deleteWord'})).toBe('');
	});

	it('Ctrl+U clears', () => {
		expect(editField('secret token', {type: 'clear'})).toBe('');
	});

	it('stops at the longest value allowed, never inside a surrogate pair', () => {
		expect(editField('abc', {type: 'type', text: 'defg'}, 5)).toBe('abcde');
		expect(editField('abcde', {type: 'type', text: 'f'}, 5)).toBe('abcde');
		expect(editField('abcd', {type: 'type', text: '😀😀'}, 5)).toBe('abcd😀');
	});
});
