import rocketChat from '@rocket.chat/eslint-config';
import { defineConfig } from 'eslint/config';

import { APP_SOURCES } from './scripts/stage-app.mjs';

/** The app's own code, which ships in the zip and runs inside Rocket.Chat's app runtimes. */
const APP_CODE = APP_SOURCES.filter((entry) => !entry.includes('.') || entry.endsWith('.ts')).map((entry) => (entry.endsWith('.ts') ? entry : `${entry}/**/*.ts`));

const USERNAMES_REASON =
	'No property may be named "usernames" in app code: the subprocess runtime of Rocket.Chat 6.10+ rewrites every `.usernames` access into an awaited call (for the deprecated room.usernames), so such code receives Promises and fails (facts §5). Name it otherwise; read room members through the room reader.';

export default defineConfig(
	{ ignores: ['build/**', 'dist/**', 'node_modules/**', 'coverage/**', 'workspace-data/**', '**/*.js', '**/*.mjs'] },
	rocketChat,
	{
		rules: {
			// Types are named for what they are (RoomFacts, AuditRecord); the I prefix stays with Apps-Engine's own types.
			'@typescript-eslint/naming-convention': 'off',
			// Interface methods take the Apps-Engine's full parameter list even where a handler needs fewer.
			'@typescript-eslint/no-unused-vars': ['error', { args: 'none' }],
		},
	},
	{
		files: APP_CODE,
		rules: {
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
