// What people read in: a user's language (users.setPreferences, users.getPreferences) and the
// workspace's default one, the server setting Language (settings/:_id), with the parameters,
// answers and errors of Rocket.Chat's v1 endpoints (apps/meteor/app/api/server/v1/users.ts and
// settings.ts). Apps read both: the language through the user converter, the setting through the
// environment reader.
import { text } from './params';
import { SERVER_SETTING_DEFAULTS } from '../../engine/bridges/serverBridges';
import { MeteorError } from '../../errors';
import { hasPermission } from '../../permissions';
import type { UserRecord } from '../../store/workspaceStore';
import { ApiResponse, invalidParams, success } from '../apiResponse';
import type { ApiContext, Route } from '../router';

/** The preferences Rocket.Chat answers with: what the user set, and their language beside (it keeps it apart, as `language`). */
function preferencesOf(user: UserRecord): Record<string, unknown> {
	return user.language === undefined ? {} : { language: user.language };
}

/** API.v1.failure() with nothing to say: what settings/:_id answers for a setting it does not have. */
const NO_SUCH_SETTING = new ApiResponse(400, { success: false });

export function preferenceRoutes({ store }: ApiContext): Route[] {
	const serverSettingValue = (id: string): { found: boolean; value?: unknown } => {
		const stored = store.listServerSettings();
		if (id in stored) return { found: true, value: stored[id] };
		return id in SERVER_SETTING_DEFAULTS ? { found: true, value: SERVER_SETTING_DEFAULTS[id] } : { found: false };
	};

	return [
		{
			method: 'POST',
			path: '/api/v1/users.setPreferences',
			handle({ user, body }) {
				const { data } = body;
				if (typeof data !== 'object' || data === null || Array.isArray(data)) return invalidParams("must have required property 'data'");
				// The workspace keeps the one preference apps read; Rocket.Chat takes some forty more.
				const extra = Object.keys(data).find((key) => key !== 'language');
				if (extra !== undefined)
					return invalidParams(`must NOT have additional properties (the local workspace keeps "language" only, not "${extra}")`);
				const { language } = data as { language?: unknown };
				if (language !== undefined && typeof language !== 'string') return invalidParams('must be string');
				const userId = text(body, 'userId') ?? user.id;
				if (userId !== user.id && !hasPermission(store, user.id, 'edit-other-user-info')) {
					throw new MeteorError('error-action-not-allowed', 'Editing user is not allowed');
				}
				if (!store.getUser(userId)) throw new MeteorError('error-invalid-user', 'The optional "userId" param provided does not match any users');
				const updated = language === undefined ? (store.getUser(userId) as UserRecord) : store.updateUser(userId, { language });
				return success({ user: { _id: updated.id, settings: { preferences: preferencesOf(updated) } } });
			},
		},
		{
			method: 'GET',
			path: '/api/v1/users.getPreferences',
			handle: ({ user }) => success({ preferences: preferencesOf(user) }),
		},
		{
			method: 'GET',
			path: '/api/v1/settings/:id',
			permission: 'view-privileged-setting',
			handle({ params }) {
				const { found, value } = serverSettingValue(params.id);
				return found ? success({ _id: params.id, value }) : NO_SUCH_SETTING;
			},
		},
		{
			method: 'POST',
			path: '/api/v1/settings/:id',
			permission: 'edit-privileged-setting',
			handle({ params, body }) {
				if (!serverSettingValue(params.id).found) return NO_SUCH_SETTING;
				if (!('value' in body)) return invalidParams("must have required property 'value'");
				if (params.id === 'Language' && typeof body.value !== 'string') return invalidParams('must be string');
				store.setServerSetting(params.id, body.value);
				return success();
			},
		},
	];
}
