import prettier from 'eslint-config-prettier';
import path from 'node:path';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, includeIgnoreFile } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';

const gitignorePath = path.resolve(import.meta.dirname, '.gitignore');

/** Folders under src/lib/server that are domains: each owns its queries, services and rules. */
const DOMAINS = ['accounts', 'courses', 'groups', 'savings', 'services'];
/** Shared parts every domain may use: db/, access/, realtime/, forms/, i18n/ and the files beside them. */
const INFRASTRUCTURE = ['db', 'access', 'realtime', 'forms', 'i18n'];

/**
 * The server's layers. Services never reach into pages or components. A domain uses another only
 * through its public entry (its index.ts), never its files. The shared parts know no domain, and
 * nothing but the composition root (src/lib/server/app/) wires socket events and background jobs.
 * Tests may reach anywhere to set up their rows.
 */
function serverLayers() {
	const restrict = (files, patterns) => ({
		files,
		ignores: ['**/*.test.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns }] }
	});
	const anyOf = (names) => names.join('|');
	const uiAndRoutes = {
		regex: '^(\\$lib/components/|\\$app/)|/routes/|\\.svelte$',
		message: 'Server code never imports pages, components or browser modules.'
	};
	return [
		restrict(['src/lib/server/**/*.ts'], [uiAndRoutes]),
		...DOMAINS.map((domain) =>
			restrict(
				[`src/lib/server/${domain}/**/*.ts`],
				[
					uiAndRoutes,
					{
						regex: `^(\\.\\./|\\$lib/server/)(${anyOf(DOMAINS.filter((d) => d !== domain))})/`,
						message: "Use another domain through its public entry ('../<domain>'), not its files."
					},
					{
						regex: '^(\\.\\./|\\$lib/server/)app(/|$)',
						message: 'The composition root uses domains, never the other way round.'
					}
				]
			)
		),
		restrict(
			INFRASTRUCTURE.map((folder) => `src/lib/server/${folder}/**/*.ts`),
			[
				uiAndRoutes,
				{
					regex: `^(\\.\\./|\\$lib/server/)(${anyOf([...DOMAINS, 'app'])})(/|$)`,
					message: 'Shared parts know no domain: wire them together in src/lib/server/app/.'
				}
			]
		),
		restrict(
			['src/lib/server/*.ts'],
			[
				uiAndRoutes,
				{
					regex: `^(\\./|\\$lib/server/)(${anyOf([...DOMAINS, 'app'])})(/|$)`,
					message: 'Shared parts know no domain: wire them together in src/lib/server/app/.'
				}
			]
		)
	];
}

export default defineConfig(
	includeIgnoreFile(gitignorePath),
	js.configs.recommended,
	ts.configs.recommended,
	svelte.configs.recommended,
	prettier,
	svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// typescript-eslint strongly recommend that you do not use the no-undef lint rule on TypeScript projects.
			// see: https://typescript-eslint.io/troubleshooting/faqs/eslint/#i-get-errors-from-the-no-undef-rule-about-global-variables-not-being-defined-even-though-there-are-no-typescript-errors
			'no-undef': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser
			}
		}
	},
	...serverLayers(),
	{
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	}
);
