// Imported first by cli.tsx, before anything can load Ink.
import process from 'node:process';

// Ink reads CI when it is loaded and then draws nothing but the last frame. A person at a terminal (an
// SSH session into a CI box, say) wants the screen, or the token prompt of `login` (drawn on stderr when
// stdout is redirected), so there CI goes, here, before anything can load Ink.
if (process.stdin.isTTY && (process.stdout.isTTY || process.stderr.isTTY)) {
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
}
