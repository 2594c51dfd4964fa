import rocketChat from '@rocket.chat/eslint-config';
import { defineConfig } from 'eslint/config';

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
);
