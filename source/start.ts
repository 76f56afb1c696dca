// Imported first by cli.tsx, so it runs before meow and the API client are even evaluated. When the
// arguments ask for the interactive browser, the screen's modules (Ink, React, the app) start loading
// here: part of that load is Yoga's WebAssembly, compiled off the main thread, and it then overlaps
// the parsing of the arguments, reading the settings and the first request instead of following them.
import process from 'node:process';
import {COMMAND_WORDS} from './args.js';

/** The screen's modules. */
export function loadScreen() {
	return Promise.all([
		import('ink'),
		import('./app.js'),
		import('./terminal/screen.js'),
		import('./terminal/theme.js'),
		import('./terminal/inkStdout.js'),
		import('./store/size.js'),
		import('./terminal/inkStdin.js'),
	]);
}

export type ScreenModules = ReturnType<typeof loadScreen>;

// Ink reads CI when it is loaded and then draws nothing but the last frame. A person at a terminal (an
// SSH session into a CI box, say) wants the screen, or the token prompt of `login` (drawn on stderr when
// stdout is redirected), so there CI goes, here, before anything can load Ink.
if (process.stdin.isTTY && (process.stdout.isTTY || process.stderr.isTTY)) {
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
}

/** A person at a terminal, and no command, help or version asked for: the browser is what comes. */
function browsing(args: readonly string[]): boolean {
	const words: readonly string[] = COMMAND_WORDS;
	return (
		Boolean(process.stdin.isTTY && process.stdout.isTTY) &&
		!args.some(arg => words.includes(arg) || arg === '--help' || arg === '-h' || arg === '--version')
	);
}

let early: ScreenModules | undefined;
if (browsing(process.argv.slice(2))) {
	early = loadScreen();
	// A run that turns out not to browse (bad arguments) never awaits it.
	early.catch(() => undefined);
}

/** The screen's modules, loading since start-up when the arguments asked for the browser. */
export function screenModules(): ScreenModules {
	early ??= loadScreen();
	return early;
}
