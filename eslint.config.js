// ESLint (flat config) with typescript-eslint's type-aware rules, React's hooks rules, and Prettier for
// layout. xo was the other candidate, but xo 5 needs Node 22 and this project's CI and users run Node 20.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', 'coverage/']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx}'],
		languageOptions: {
			globals: {...globals.node},
			parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname},
		},
		plugins: {'react-hooks': reactHooks},
		rules: {
			// React's hooks rules, the React Compiler's included (refs, immutability, purity,
			// set-state-in-effect, …): views read controller stores through useStore and keep no mirrors.
			// What the preset only warns about fails here, since a warning does not fail `npm run lint`.
			...reactHooks.configs['recommended-latest'].rules,
			'react-hooks/exhaustive-deps': 'error',
			'react-hooks/incompatible-library': 'error',
			'react-hooks/unsupported-syntax': 'error',
			// Type-aware rules that guard what this program cares about: API text reaches output only
			// through the sanitiser (a template literal must not turn an Untrusted value into a string),
			// promises are awaited or handled, switches over unions are complete.
			'@typescript-eslint/restrict-template-expressions': ['error', {allowNumber: true, allowBoolean: true}],
			// `'x' + untrusted` compiles (TypeScript lets anything join a string); this rule does not.
			'@typescript-eslint/restrict-plus-operands': [
				'error',
				{allowNumberAndString: true, allowAny: true, allowBoolean: false, allowNullish: false, allowRegExp: false},
			],
			'@typescript-eslint/no-base-to-string': 'error',
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', {checksVoidReturn: {attributes: false}}],
			'@typescript-eslint/switch-exhaustiveness-check': ['error', {considerDefaultExhaustiveForUnions: true}],
			'@typescript-eslint/consistent-type-imports': ['error', {fixStyle: 'inline-type-imports'}],
			'@typescript-eslint/no-unused-vars': [
				'error',
				{argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'},
			],
			'no-await-in-loop': 'error',
			// A terminal program matches control characters on purpose (the sanitiser, key parsing).
			'no-control-regex': 'off',
			'no-empty': ['error', {allowEmptyCatch: true}],
			curly: ['error', 'all'],
			'prefer-const': ['error', {ignoreReadBeforeAssign: true}],
			eqeqeq: ['error', 'always'],
		},
	},
	{
		// Views draw; they never read API text raw. `rawText` (the way back from Untrusted to its bytes)
		// is for logic and export files, so a view that needs a fact of API text asks the store for it.
		files: ['source/ui/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['**/text/untrusted.js'],
							importNames: ['rawText'],
							message: 'Views never read API text raw: sanitize() it, or ask the store for the fact you need.',
						},
					],
				},
			],
		},
	},
	{
		// Every line for stderr goes through terminal/say.ts, which redacts the token and sanitises the
		// line: nothing else in the program writes to stderr itself.
		files: ['source/**'],
		ignores: ['source/terminal/say.ts'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector:
						"CallExpression[callee.property.name='write'][callee.object.name='stderr'], CallExpression[callee.property.name='write'][callee.object.property.name='stderr']",
					message: 'Write stderr lines with writeLine() or complain() from source/terminal/say.ts.',
				},
			],
		},
	},
	{
		// Tests and benchmarks wait for one thing after another on purpose.
		files: ['test/**', 'bench/**'],
		rules: {'no-await-in-loop': 'off', '@typescript-eslint/no-explicit-any': 'off'},
	},
	{
		files: ['**/*.js'],
		languageOptions: {globals: {...globals.node}},
	},
	prettier,
);
