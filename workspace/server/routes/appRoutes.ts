// The apps endpoints of Rocket.Chat's admin UI and of rc-apps deploy, under /api/apps
// (apps/meteor/ee/server/apps/communication/rest.ts).
import { AppStatus } from 'apps-engine-deno/definition/AppStatus';
import type { ISetting } from 'apps-engine-deno/definition/settings';
import type { IAppStorageItem } from 'apps-engine-deno/server/storage';

import { errorMessage } from '../../errors';
import { failure, notFound, success } from '../apiResponse';
import type { ApiResponse } from '../apiResponse';
import { isMultipart, readUpload } from '../httpMessages';
import { restApp } from '../restShapes';
import type { ApiContext, ApiRequest, Route } from '../router';
import { appLogsPage } from './appLogs';

const NO_LICENSE_PROBLEMS = { errors: {}, warnings: {} };

export function appRoutes({ store, engine, cluster }: ApiContext): Route[] {
	const appNotFound = (appId: string) => notFound(`No App found by the id of: ${appId}`);
	const isInstalled = (appId: string) => engine.isInstalled(appId);
	const describeApp = async (appId: string) => restApp(store.getInstalledApp(appId) as IAppStorageItem, await engine.getAppStatus(appId));
	const installedApps = async () => success({ apps: await Promise.all((await engine.listApps()).map((app) => describeApp(app.id))) });

	/** What an install or update answers: the app with its status, the interfaces it implements, no licence problems. */
	const deployed = async (appId: string) =>
		success({ app: await describeApp(appId), implemented: store.getInstalledApp(appId)?.implemented ?? {}, licenseValidation: NO_LICENSE_PROBLEMS });

	/** The zip of a deploy: the multipart field `app`, as rc-apps and the admin UI send it. */
	async function uploadedZip(request: ApiRequest): Promise<Buffer | ApiResponse> {
		if (!isMultipart(request.raw)) return failure('Installing from a URL or the Marketplace is not supported by the local workspace: upload the zip.');
		const { file } = await readUpload(request.raw, 'app');
		return file && file.length > 0 ? file : failure('app_file_error', undefined, { message: 'Failed to get a file to install for the App. ' });
	}

	/** Installs or updates the uploaded zip; an error of the engine (a zip that is no app) answers a failure. */
	async function deploy(request: ApiRequest, action: (zip: Buffer) => Promise<string | ApiResponse>): Promise<ApiResponse> {
		const zip = await uploadedZip(request);
		if (!Buffer.isBuffer(zip)) return zip;
		try {
			const appId = await action(zip);
			return typeof appId === 'string' ? deployed(appId) : appId;
		} catch (error) {
			return failure(errorMessage(error));
		}
	}

	return [
		{
			method: 'GET',
			path: '/api/apps/installed',
			handle: installedApps,
		},
		{
			method: 'GET',
			path: '/api/apps/languages',
			public: true,
			handle: async () =>
				success({ apps: (await engine.listApps()).map((app) => ({ id: app.id, languages: store.getInstalledApp(app.id)?.languageContent ?? {} })) }),
		},
		{
			method: 'GET',
			path: '/api/apps',
			permission: 'manage-apps',
			handle: installedApps,
		},
		{
			method: 'POST',
			path: '/api/apps',
			permission: 'manage-apps',
			handle: (request) =>
				deploy(request, async (zip) => {
					const info = await engine.readPackage(zip);
					if (isInstalled(info.id)) return failure('app_storage_error', undefined, { status: 'storage_error', messages: ['App already exists.'] });
					return engine.install(zip, { installedBy: request.user.id });
				}),
		},
		{
			method: 'GET',
			path: '/api/apps/:id',
			permission: 'manage-apps',
			handle: async ({ params }) => (isInstalled(params.id) ? success({ app: await describeApp(params.id) }) : appNotFound(params.id)),
		},
		{
			// Like Rocket.Chat, this updates the app the zip holds, whatever the id in the path.
			method: 'POST',
			path: '/api/apps/:id',
			permission: 'manage-apps',
			handle: (request) => deploy(request, (zip) => engine.update(zip)),
		},
		{
			method: 'DELETE',
			path: '/api/apps/:id',
			permission: 'manage-apps',
			async handle({ params, user }) {
				if (!isInstalled(params.id)) return appNotFound(params.id);
				const { info } = store.getInstalledApp(params.id) ?? {};
				await engine.uninstall(params.id, { uninstalledBy: user.id });
				return success({ app: { ...info, status: AppStatus.DISABLED } });
			},
		},
		{
			method: 'GET',
			path: '/api/apps/:id/apis',
			permission: 'manage-apps',
			handle: ({ params }) => (isInstalled(params.id) ? success({ apis: engine.listAppApis(params.id) }) : appNotFound(params.id)),
		},
		{
			method: 'GET',
			path: '/api/apps/:id/status',
			permission: 'manage-apps',
			handle: async ({ params }) => (isInstalled(params.id) ? success({ status: await engine.getAppStatus(params.id) }) : appNotFound(params.id)),
		},
		{
			method: 'POST',
			path: '/api/apps/:id/status',
			permission: 'manage-apps',
			async handle({ params, body }) {
				const { status } = body;
				if (!status || typeof status !== 'string') return failure('Invalid status provided, it must be "status" field and a string.');
				if (!isInstalled(params.id)) return appNotFound(params.id);
				switch (status as AppStatus) {
					case AppStatus.MANUALLY_ENABLED:
						await engine.enable(params.id);
						break;
					case AppStatus.MANUALLY_DISABLED:
						await engine.disable(params.id);
						break;
					default:
						return failure('Invalid status to change an App to, must be manually disabled or enabled.');
				}
				return success({ status: await engine.getAppStatus(params.id) });
			},
		},
		{
			method: 'GET',
			path: '/api/apps/:id/settings',
			permission: 'manage-apps',
			handle({ params }) {
				if (!isInstalled(params.id)) return appNotFound(params.id);
				const settings: Record<string, ISetting> = {};
				Object.values(engine.getAppSettings(params.id))
					.filter((setting) => !setting.hidden)
					.forEach((setting) => {
						settings[setting.id] = setting;
					});
				return success({ settings });
			},
		},
		{
			method: 'POST',
			path: '/api/apps/:id/settings',
			permission: 'manage-apps',
			async handle({ params, body }) {
				if (!Array.isArray(body.settings)) return failure('The settings to update must be present.');
				if (!isInstalled(params.id)) return appNotFound(params.id);
				const stored = engine.getAppSettings(params.id);
				const updated: ISetting[] = [];
				// As the admin UI does, every setting is posted; the ones whose value changed are updated, in order.
				for (const setting of body.settings as ISetting[]) {
					if (stored[setting?.id] && stored[setting.id].value !== setting.value) {
						await engine.updateSetting(params.id, setting.id, setting.value);
						updated.push(setting);
					}
				}
				return success({ updated });
			},
		},
		{
			method: 'GET',
			path: '/api/apps/:id/settings/:settingId',
			permission: 'manage-apps',
			handle({ params }) {
				if (!isInstalled(params.id)) return appNotFound(params.id);
				const setting = engine.getAppSettings(params.id)[params.settingId];
				return setting ? success({ setting }) : notFound(`No Setting found on the App by the id of: "${params.settingId}"`);
			},
		},
		{
			method: 'POST',
			path: '/api/apps/:id/settings/:settingId',
			permission: 'manage-apps',
			async handle({ params, body }) {
				const setting = body.setting as ISetting | undefined;
				if (!setting || typeof setting !== 'object') return failure('Setting to update to must be present on the posted body.');
				if (!isInstalled(params.id)) return appNotFound(params.id);
				if (!engine.getAppSettings(params.id)[params.settingId]) return notFound(`No Setting found on the App by the id of: "${params.settingId}"`);
				await engine.updateSetting(params.id, params.settingId, setting.value);
				return success();
			},
		},
		{
			method: 'GET',
			path: '/api/apps/:id/logs',
			permission: 'manage-apps',
			handle({ params, query }) {
				if (!isInstalled(params.id)) return appNotFound(params.id);
				if (query.appId !== undefined && query.appId !== params.id) return notFound(`Invalid query parameter "appId": ${query.appId}`);
				const page = appLogsPage(
					cluster.instances.flatMap((instance) => instance.getLogRecords(params.id)),
					query,
				);
				return success({ offset: page.offset, logs: page.items, count: page.count, total: page.total });
			},
		},
		{
			method: 'GET',
			path: '/api/apps/:id/languages',
			public: true,
			handle({ params }) {
				if (!isInstalled(params.id)) return appNotFound(params.id);
				return success({ languages: store.getInstalledApp(params.id)?.languageContent ?? {} });
			},
		},
	];
}
