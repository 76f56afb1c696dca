// A captured terminal screen (text with SGR colour sequences, as `tmux capture-pane -e -p` gives it)
// drawn as an SVG: one cell per character column, backgrounds as rectangles, each run of text
// stretched to exactly its cells so box drawing lines up whatever monospace font the viewer has.
// anser parses the sequences (16, 256 and true colours, bold, dim, italic, underline, inverse).
import Anser from 'anser';
import stringWidth from 'string-width';

export interface SvgOptions {
	/** Cells across and down; the capture is padded or cut to it. */
	readonly columns: number;
	readonly rows: number;
	readonly cellWidth?: number;
	readonly lineHeight?: number;
	readonly fontSize?: number;
	readonly foreground?: string;
	readonly background?: string;
	/** Announced to screen readers and shown by viewers as the picture's title. */
	readonly title?: string;
}

interface Cell {
	readonly text: string;
	readonly cells: number;
	readonly fg: string | undefined;
	readonly bg: string | undefined;
	readonly bold: boolean;
	readonly dim: boolean;
	readonly italic: boolean;
	readonly underline: boolean;
}

const escapeXml = (text: string) =>
	text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const rgb = (value: string | null): string | undefined =>
	value === null ? undefined : `rgb(${value.replaceAll(' ', '')})`;

/** The runs of one line of the capture, each with its width in cells. */
function runs(line: string): Cell[] {
	return Anser.ansiToJson(line, {json: true, remove_empty: true}).map(entry => {
		const decorations = new Set(entry.decorations);
		return {
			text: entry.content,
			cells: stringWidth(entry.content),
			fg: rgb(entry.fg_truecolor ?? entry.fg),
			bg: rgb(entry.bg_truecolor ?? entry.bg),
			bold: decorations.has('bold'),
			dim: decorations.has('dim'),
			italic: decorations.has('italic'),
			underline: decorations.has('underline'),
		};
	});
}

export function ansiToSvg(capture: string, options: SvgOptions): string {
	const cellWidth = options.cellWidth ?? 8.4;
	const fontSize = options.fontSize ?? 14;
	// As tall as a monospace font's box-drawing glyphs, so vertical lines join from row to row.
	const lineHeight = options.lineHeight ?? Math.round(fontSize * 1.17 * 10) / 10;
	const foreground = options.foreground ?? '#d4d4d4';
	const background = options.background ?? '#1e1e1e';
	const padding = 12;
	const width = Math.ceil(options.columns * cellWidth + padding * 2);
	const height = Math.ceil(options.rows * lineHeight + padding * 2);
	const lines = capture.replace(/\n$/, '').split('\n').slice(0, options.rows);
	const backgrounds: string[] = [];
	const texts: string[] = [];
	for (const [row, line] of lines.entries()) {
		let column = 0;
		const y = padding + row * lineHeight;
		for (const run of runs(line)) {
			const cells = Math.min(run.cells, options.columns - column);
			if (cells <= 0) {
				break;
			}

			const x = padding + column * cellWidth;
			if (run.bg !== undefined) {
				backgrounds.push(
					`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(cells * cellWidth).toFixed(1)}" height="${lineHeight}" fill="${run.bg}"/>`,
				);
			}

			if (run.text.trim() !== '') {
				const attributes = [
					`x="${x.toFixed(1)}"`,
					`y="${(y + lineHeight * 0.78).toFixed(1)}"`,
					`textLength="${(cells * cellWidth).toFixed(1)}"`,
					'lengthAdjust="spacingAndGlyphs"',
					...(run.fg === undefined ? [] : [`fill="${run.fg}"`]),
					...(run.bold ? ['font-weight="bold"'] : []),
					...(run.dim ? ['opacity="0.6"'] : []),
					...(run.italic ? ['font-style="italic"'] : []),
					...(run.underline ? ['text-decoration="underline"'] : []),
				];
				texts.push(`<text ${attributes.join(' ')}>${escapeXml(run.text)}</text>`);
			}

			column += run.cells;
		}
	}

	const title = options.title === undefined ? '' : `<title>${escapeXml(options.title)}</title>`;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img">`,
		title,
		`<rect width="100%" height="100%" rx="6" fill="${background}"/>`,
		...backgrounds,
		`<g font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace" font-size="${fontSize}" fill="${foreground}" xml:space="preserve">`,
		...texts,
		'</g>',
		'</svg>',
	]
		.filter(line => line !== '')
		.join('\n')
		.concat('\n');
}
