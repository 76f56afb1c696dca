// `npm run picture`: the README's picture from a real run. The built CLI runs the demo's job 7001 with
// the Error filter in a real terminal (a tmux pane on a private socket), the screen is captured with
// its colours (`capture-pane -e`) and drawn as docs/screen.svg. Run it again whenever the screen changes.
import fs from 'node:fs';
import path from 'node:path';
import {openPane} from '../test/helpers/tmux.js';
import {ansiToSvg} from './ansiToSvg.js';

const root = path.resolve(import.meta.dirname, '..');
const output = path.join(root, 'docs', 'screen.svg');
const COLUMNS = 120;
const ROWS = 34;

const pane = openPane(`node ${path.join(root, 'dist', 'cli.js')} --demo 7001 --status Error`, {
	columns: COLUMNS,
	rows: ROWS,
	// Colours as a person's terminal has them: 256 colours at least.
	env: {TERM: 'xterm-256color', COLORTERM: 'truecolor', LANG: 'C.UTF-8'},
	config: ['set -g default-terminal screen-256color'],
});
try {
	// The header has the job's name once its summary has arrived, the table its first page.
	const first = await pane.waitFor(
		screen => screen.startsWith('Job 7001 “') && /Error · page 1 of/.test(screen) && /Record \d+/.test(screen),
		20_000,
	);
	const firstRecord = /Record (\d+)/.exec(first)?.[1];
	// The next record: its message shows what the error breakdown is for.
	pane.send('j');

	await pane.waitFor(screen => /Record (\d+)/.exec(screen)?.[1] !== firstRecord && screen.includes('error'));
	const capture = pane.tmux('capture-pane', '-e', '-p', '-t', 'e2e');
	fs.mkdirSync(path.dirname(output), {recursive: true});
	fs.writeFileSync(
		output,
		ansiToSvg(capture, {
			columns: COLUMNS,
			rows: ROWS,
			title: "ecore-records: the demo's job 7001, its Error records and the detail pane of one",
		}),
	);
	process.stdout.write(`wrote ${path.relative(root, output)} (${COLUMNS}×${ROWS})\n`);
	pane.send('q');
	await pane.waitForExit();
} finally {
	pane.kill();
}
