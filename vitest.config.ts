import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
		// Builds dist/ first when the sources changed since it was built: tests spawn dist/cli.js.
		globalSetup: ['test/helpers/build.ts'],
		setupFiles: ['test/helpers/setup.ts'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// Tests start real servers and child processes; two cores on CI.
		maxWorkers: 2,
		// Ink renders nothing but the last frame when it believes it runs in CI (is-in-ci reads CI at
		// import); the tests drive terminals, so they must see every frame even when CI=true.
		// Messages on stderr follow the locale (ASCII where it is not UTF-8): the tests' own lines are UTF-8
		// wherever they run; a test that wants another locale gives it to the program it starts.
		env: {CI: 'false', CONTINUOUS_INTEGRATION: 'false', LC_ALL: '', LC_CTYPE: '', LANG: 'C.UTF-8'},
	},
});
