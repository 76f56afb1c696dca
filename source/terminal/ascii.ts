// The ASCII look-alike of each character the app writes, and whether the locale needs them. No width
// tables here: the lines on stderr (say.ts) use this without loading string-width and its Unicode
// regexes (~20 ms), which only the screen, measured by columns, needs (charset.ts).

/**
 * Whether the locale is UTF-8: the first of LC_ALL, LC_CTYPE and LANG that is set decides (the order the C
 * library reads them in). None set: UTF-8, as nearly every terminal today is (and as the app always assumed).
 */
export function localeIsUtf8(env: NodeJS.ProcessEnv): boolean {
	const locale = env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'];
	return locale === undefined || locale === '' || /utf-?8/i.test(locale);
}

// Every character the app draws itself, and the box-drawing and block characters of borders and bars, as
// one ASCII character each (each is one column wide, as they are).
export const GLYPHS: Readonly<Record<string, string>> = {
	'─': '-',
	'━': '-',
	'│': '|',
	'┃': '|',
	'┌': '+',
	'┐': '+',
	'└': '+',
	'┘': '+',
	'├': '+',
	'┤': '+',
	'┬': '+',
	'┴': '+',
	'┼': '+',
	'╭': '+',
	'╮': '+',
	'╯': '+',
	'╰': '+',
	'═': '=',
	'║': '|',
	'╔': '+',
	'╗': '+',
	'╚': '+',
	'╝': '+',
	'›': '>',
	'‹': '<',
	'❯': '>',
	'✖': 'x',
	'✓': 'v',
	'✔': 'v',
	'⟳': '*',
	'•': '*',
	'…': '~',
	'—': '-',
	'–': '-',
	'·': '.',
	'“': '"',
	'”': '"',
	'‘': "'",
	'’': "'",
	'×': 'x',
	'↑': '^',
	'↓': 'v',
	'←': '<',
	'→': '>',
	'⌫': '<',
	'░': '.',
	'█': '#',
	'▉': '#',
	'▊': '#',
	'▋': '#',
	'▌': '#',
	'▍': '#',
	'▎': '#',
	'▏': '|',
	'▕': '|',
	µ: 'u',
};

const NOT_ASCII_CHARACTER = /[^\u0000-\u007F]/gu;

/**
 * A line as ASCII: ours by their look-alike, anything else by one `?` per character. For a line that is
 * read, not laid out in columns: the screen keeps each character's width (charset.ts's toAscii).
 */
export function asciiLine(text: string): string {
	return text.replaceAll(NOT_ASCII_CHARACTER, character => GLYPHS[character] ?? '?');
}
