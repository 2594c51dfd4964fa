import rocketChat from '@rocket.chat/eslint-config';
import { defineConfig } from 'eslint/config';
import globals from 'globals';

import { APP_CODE } from './scripts/stage-app.mjs';

/** The app's own code (tsconfig.app.json), which ships in the zip and runs inside Rocket.Chat's app runtimes. */
const APP_FILES = APP_CODE.map((entry) => (entry.endsWith('.ts') ? entry : `${entry}/**/*.ts`));

/**
 * The app's layers, from the leaf up: each may import from the layers before it, never from one
 * after it. i18n (the locale files) → lib (name patterns, room names, translation, error text)
 * → settings (ids, parsing, validation, the typed config) → policy (pure decisions) → audit
 * (records, messages, the outbox and its poster) → handlers (every event, lifecycle, command and
 * job entry point) → the App class.
 */
const APP_LAYERS = ['i18n', 'lib', 'settings', 'policy', 'audit', 'handlers', 'RoomEventsApp.ts'];
const layerZones = APP_LAYERS.slice(0, -1).map((layer, index) => ({
	target: `./${layer}`,
	from: APP_LAYERS.slice(index + 1).map((above) => `./${above}`),
	message: `App layers depend one way (${APP_LAYERS.join(' → ')}): ${layer}/ may not import from a layer above it.`,
}));

const USERNAMES_REASON =
	'No property may be named "usernames" in app code: the subprocess runtime of Rocket.Chat 6.10+ rewrites every `.usernames` access into an awaited call (for the deprecated room.usernames), so such code receives Promises and fails (facts §5). Name it otherwise; read room members through the room reader.';

export default defineConfig(
	{ ignores: ['build/**', 'dist/**', 'node_modules/**', 'coverage/**', 'workspace-data/**', 'jest.config.js'] },
	rocketChat,
	{
		// The console's scripts run in the browser as ES modules, loaded by workspace/console/index.html.
		files: ['workspace/console/js/**/*.js'],
		languageOptions: { sourceType: 'module', globals: globals.browser },
	},
	{
		// The project's scripts and the Deno runtime's stand-ins are ES modules for Node and Deno.
		files: ['scripts/**/*.mjs', 'workspace/engine/deno-stand-ins/**/*.js', 'eslint.config.mjs'],
		languageOptions: { sourceType: 'module', globals: { ...globals.node, Deno: 'readonly' } },
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		// Helpers follow the code that calls them, as in the TypeScript (declarations are hoisted, and
		// the page's panels are used by handlers that run after the module has loaded).
		rules: { 'no-use-before-define': ['error', { functions: false, variables: false }] },
	},
	{
		rules: {
			// Types are named for what they are (RoomFacts, AuditRecord); the I prefix stays with Apps-Engine's own types.
			'@typescript-eslint/naming-convention': 'off',
			// Interface methods take the Apps-Engine's full parameter list even where a handler needs fewer.
			'@typescript-eslint/no-unused-vars': ['error', { args: 'none' }],
		},
	},
	{
		files: APP_FILES,
		rules: {
			'import/no-restricted-paths': ['error', { zones: layerZones }],
			'no-restricted-syntax': [
				'error',
				{ selector: "MemberExpression[property.name='usernames']", message: USERNAMES_REASON },
				{ selector: "Property[key.name='usernames']", message: USERNAMES_REASON },
				{ selector: "TSPropertySignature[key.name='usernames']", message: USERNAMES_REASON },
				{ selector: "PropertyDefinition[key.name='usernames']", message: USERNAMES_REASON },
			],
		},
	},
);
