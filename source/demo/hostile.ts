// Hostile text served by the demo's hostile job and used by the sanitiser and reliability tests.
// Every entry would change the terminal (title, clipboard, screen, cursor, links, direction) or break
// column alignment if it reached the screen unsanitised.

const ESC = '\u001b';
const BEL = '\u0007';
const ST = `${ESC}\\`;

export interface HostilePayload {
	readonly name: string;
	readonly text: string;
}

export const HOSTILE_PAYLOADS: readonly HostilePayload[] = [
	{name: 'csi clear screen', text: `${ESC}[2J${ESC}[H`},
	{name: 'csi colour', text: `${ESC}[31mred${ESC}[0m`},
	{name: 'csi cursor up and erase line', text: `ok${ESC}[1A${ESC}[2K`},
	{name: 'csi hide cursor', text: `${ESC}[?25l`},
	{name: 'csi alternate screen', text: `${ESC}[?1049h`},
	{name: 'csi mouse tracking', text: `${ESC}[?1000h`},
	{name: 'csi device status report', text: `${ESC}[6n`},
	{name: 'osc window title (BEL)', text: `${ESC}]0;pwned${BEL}`},
	{name: 'osc window title (ST)', text: `${ESC}]2;pwned${ST}`},
	{name: 'osc 52 clipboard write', text: `${ESC}]52;c;ZWNobyBwd25lZA==${BEL}`},
	{name: 'osc 8 hyperlink', text: `${ESC}]8;;https://evil.example/${ST}click${ESC}]8;;${ST}`},
	{name: 'osc colour change', text: `${ESC}]4;1;rgb:ff/00/00${BEL}`},
	{name: 'dcs sequence', text: `${ESC}P1$r0m${ST}`},
	{name: 'apc sequence', text: `${ESC}_Gf=100;AAAA${ST}`},
	{name: 'pm sequence', text: `${ESC}^private${ST}`},
	{name: 'sos sequence', text: `${ESC}Xstart-of-string${ST}`},
	{name: 'c1 csi (0x9b)', text: '\u009b2J'},
	{name: 'c1 osc (0x9d)', text: '\u009d0;title\u009c'},
	{name: 'c1 nel and ind', text: 'a\u0085b\u0084c'},
	{name: 'esc reset (RIS)', text: `${ESC}c`},
	{name: 'esc save cursor', text: `${ESC}7x${ESC}8`},
	{name: 'lone esc at end', text: `tail${ESC}`},
	{name: 'carriage return overwrite', text: 'harmless\rEVIL'},
	{name: 'backspace overwrite', text: 'good\b\b\b\bbad!'},
	{name: 'bell', text: `ding${BEL}${BEL}`},
	{name: 'delete char', text: 'del\u007fete'},
	{name: 'nul and other c0', text: 'a\u0000b\u0001c\u001fd'},
	{name: 'tab and vertical tab', text: 'a\tb\u000bc\u000cd'},
	{name: 'newline injection', text: 'line one\nline two\r\nline three'},
	{name: 'bidi override rlo', text: 'user\u202eexe.txt@evil.com'},
	{name: 'bidi isolates', text: '\u2066abc\u2069\u2067def\u2069\u2068ghi\u2069'},
	{name: 'bidi embeddings', text: '\u202aleft\u202c\u202bright\u202c\u202dltr\u202c'},
	{name: 'zero-width characters', text: 'ze\u200bro\u200cwi\u200ddth\ufeff'},
	{name: 'lone surrogates', text: 'bad\ud800pair\udfffend'},
	{name: 'emoji', text: '👩‍💻🎉📧 team@例え.jp'},
	{name: 'cjk wide', text: '山田太郎@例え.日本'},
	{name: 'combining marks', text: 'Z̷̢̛a̸l̶g̴o̵'},
	{name: 'very long (10,000 chars)', text: 'x'.repeat(10_000)},
	{name: 'long with escapes', text: `${`${ESC}[41m!`.repeat(500)}${ESC}[0m`},
];
