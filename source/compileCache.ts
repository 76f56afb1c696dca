// Node's compile cache (Node 22.1 and later): V8 keeps the compiled code of every module loaded after it is
// enabled in the user's cache directory, so a second start skips compiling the bundle. Older Nodes have no
// such thing and go on without; a directory that cannot be made or written leaves the start as it was.
import fs from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** Where the compiled code goes: the platform's cache directory for this program. */
export function compileCacheDirectory(
	env: NodeJS.ProcessEnv,
	home = os.homedir(),
	platform = process.platform,
): string {
	const xdg = env['XDG_CACHE_HOME'];
	const base =
		xdg && path.isAbsolute(xdg)
			? xdg
			: platform === 'darwin'
				? path.join(home, 'Library', 'Caches')
				: platform === 'win32'
					? (env['LOCALAPPDATA'] ?? path.join(home, 'AppData', 'Local'))
					: path.join(home, '.cache');
	return path.join(base, 'ecore-records', 'compile');
}

/**
 * Makes `directory` one level at a time. Node's recursive mkdir (which enableCompileCache uses) never
 * returns for some paths that cannot exist (under /proc, say); one level at a time fails at once there.
 */
function makeDirectory(directory: string): boolean {
	const missing: string[] = [];
	let current = directory;
	while (!fs.existsSync(current)) {
		missing.unshift(current);
		const parent = path.dirname(current);
		if (parent === current) {
			return false;
		}

		current = parent;
	}

	if (!fs.statSync(current).isDirectory()) {
		return false;
	}

	for (const each of missing) {
		fs.mkdirSync(each, {mode: 0o700});
	}

	return true;
}

type Enable = (directory: string) => unknown;

/** Turns the compile cache on where Node has one; whatever goes wrong, the program starts as before. */
export function enableCompileCache(
	env: NodeJS.ProcessEnv,
	enable = (module as {enableCompileCache?: Enable}).enableCompileCache,
): void {
	if (typeof enable !== 'function') {
		return;
	}

	try {
		const directory = compileCacheDirectory(env);
		if (makeDirectory(directory)) {
			enable(directory);
		}
	} catch {
		// An unwritable cache costs the next start its head start, nothing more.
	}
}
