import { App } from '@rocket.chat/apps-engine/definition/App';
import type {
	IAppAccessors,
	IConfigurationExtend,
	IConfigurationModify,
	IEnvironmentRead,
	IHttp,
	ILogger,
	IModify,
	IPersistence,
	IRead,
	IRoomBuilder,
	IRoomExtender,
} from '@rocket.chat/apps-engine/definition/accessors';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type {
	IPostRoomCreate,
	IPostRoomDeleted,
	IPostRoomUserJoined,
	IPostRoomUserLeave,
	IPreRoomCreateExtend,
	IPreRoomCreateModify,
	IPreRoomCreatePrevent,
	IPreRoomDeletePrevent,
	IPreRoomUserJoined,
	IPreRoomUserLeave,
	IRoom,
	IRoomUserJoinedContext,
	IRoomUserLeaveContext,
} from '@rocket.chat/apps-engine/definition/rooms';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ISettingUpdateContext } from '@rocket.chat/apps-engine/definition/settings/ISettingUpdateContext';

import { AuditTrail } from './audit/auditTrail';
import type { AppContext } from './handlers/appContext';
import { RoomEventsCommand } from './handlers/command/roomEventsCommand';
import { ExportEndpoint } from './handlers/exportEndpoint';
import { onPreSettingUpdate } from './handlers/onPreSettingUpdate';
import { onSettingUpdated } from './handlers/onSettingUpdated';
import { postRoomCreate } from './handlers/postRoomCreate';
import { postRoomDeleted } from './handlers/postRoomDeleted';
import { postRoomUserJoined } from './handlers/postRoomUserJoined';
import { postRoomUserLeave } from './handlers/postRoomUserLeave';
import { preRoomCreateExtend } from './handlers/preRoomCreateExtend';
import { preRoomCreateModify } from './handlers/preRoomCreateModify';
import { preRoomCreatePrevent } from './handlers/preRoomCreatePrevent';
import { preRoomDeletePrevent } from './handlers/preRoomDeletePrevent';
import { preRoomUserJoined } from './handlers/preRoomUserJoined';
import { preRoomUserLeave } from './handlers/preRoomUserLeave';
import { scheduledJobs } from './handlers/scheduledJobs';
import { settingsJournal } from './handlers/settingsJournal';
import { WorkspaceLanguage } from './handlers/workspaceLanguage';
import { errorText } from './lib/errorText';
import { ConfigCache } from './settings/configCache';
import { settingDefinitions } from './settings/settings';

export class RoomEventsApp
	extends App
	implements
		IPreRoomCreatePrevent,
		IPreRoomCreateExtend,
		IPreRoomCreateModify,
		IPostRoomCreate,
		IPreRoomDeletePrevent,
		IPostRoomDeleted,
		IPreRoomUserJoined,
		IPostRoomUserJoined,
		IPreRoomUserLeave,
		IPostRoomUserLeave
{
	private readonly configCache = new ConfigCache();

	private readonly audit = new AuditTrail();

	private readonly workspaceLanguage = new WorkspaceLanguage();

	constructor(info: IAppInfo, logger: ILogger, accessors: IAppAccessors) {
		super(info, logger, accessors);
	}

	public async executePreRoomCreatePrevent(room: IRoom, read: IRead, http: IHttp, persistence: IPersistence): Promise<boolean> {
		return preRoomCreatePrevent(await this.handlerContext(read), room, read, persistence);
	}

	public async executePreRoomCreateExtend(room: IRoom, extend: IRoomExtender, read: IRead, http: IHttp, persistence: IPersistence): Promise<IRoom> {
		return preRoomCreateExtend(await this.handlerContext(read), room, extend, read, persistence);
	}

	public async executePreRoomCreateModify(room: IRoom, builder: IRoomBuilder, read: IRead, http: IHttp, persistence: IPersistence): Promise<IRoom> {
		return preRoomCreateModify(await this.handlerContext(read), room, builder, read, persistence);
	}

	public async executePostRoomCreate(room: IRoom, read: IRead, http: IHttp, persistence: IPersistence, modify: IModify): Promise<void> {
		return postRoomCreate(await this.handlerContext(read), room, read, persistence, modify);
	}

	public async executePreRoomDeletePrevent(room: IRoom, read: IRead, http: IHttp, persistence: IPersistence): Promise<boolean> {
		return preRoomDeletePrevent(await this.handlerContext(read), room, read, persistence);
	}

	// Four parameters, as the interface declares: the vm2 runtime passes four and refuses a method
	// that declares more (the Deno runtime passes a modifier as a fifth, which the app needs not).
	public async executePostRoomDeleted(room: IRoom, read: IRead, http: IHttp, persistence: IPersistence): Promise<void> {
		return postRoomDeleted(await this.handlerContext(read), room, read, persistence);
	}

	public async executePreRoomUserJoined(context: IRoomUserJoinedContext, read: IRead, http: IHttp, persistence: IPersistence): Promise<void> {
		return preRoomUserJoined(await this.handlerContext(read), context, read, persistence);
	}

	public async executePostRoomUserJoined(
		context: IRoomUserJoinedContext,
		read: IRead,
		http: IHttp,
		persistence: IPersistence,
		modify: IModify,
	): Promise<void> {
		return postRoomUserJoined(await this.handlerContext(read), context, persistence);
	}

	public async executePreRoomUserLeave(context: IRoomUserLeaveContext, read: IRead, http: IHttp, persistence: IPersistence): Promise<void> {
		return preRoomUserLeave(await this.handlerContext(read), context, read, persistence);
	}

	public async executePostRoomUserLeave(context: IRoomUserLeaveContext, read: IRead, http: IHttp, persistence: IPersistence, modify: IModify): Promise<void> {
		return postRoomUserLeave(await this.handlerContext(read), context, persistence);
	}

	public async onEnable(environment: IEnvironmentRead, configurationModify: IConfigurationModify): Promise<boolean> {
		await this.configCache.load(environment.getSettings(), this.getLogger());
		return true;
	}

	public async onPreSettingUpdate(context: ISettingUpdateContext, configurationModify: IConfigurationModify, read: IRead, http: IHttp): Promise<ISetting> {
		return onPreSettingUpdate(context, configurationModify, read, this.getID(), this.getLogger());
	}

	public async onSettingUpdated(setting: ISetting, configurationModify: IConfigurationModify, read: IRead, http: IHttp): Promise<void> {
		return onSettingUpdated(setting, configurationModify, read, this.configCache, this.audit, this.getLogger());
	}

	protected async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
		await Promise.all(settingDefinitions().map((setting) => configuration.settings.provideSetting(setting)));
		await configuration.scheduler.registerProcessors(
			scheduledJobs((read, caller, options) => this.handlerContext(read, caller?.getLogger(), options?.compareStored)),
		);
		await configuration.slashCommands.provideSlashCommand(new RoomEventsCommand(this, (read, logger) => this.handlerContext(read, logger)));
		await configuration.api.provideApi({
			visibility: ApiVisibility.PUBLIC,
			security: ApiSecurity.UNSECURE,
			endpoints: [new ExportEndpoint(() => this.getLogger())],
		});
	}

	/**
	 * What a handler gets. A subprocess the runtime restarted may take calls before onEnable runs
	 * again: the config is then read from the settings first, instead of deciding on defaults. Every
	 * five minutes one call also compares it with the settings the cluster stored, so that an
	 * instance that missed a change catches up (one read, then none for five minutes); the delivery
	 * job compares each time it runs (`compareStored`).
	 */
	private async handlerContext(read: IRead, callLogger?: ILogger, compareStored = false): Promise<AppContext> {
		const logger = callLogger ?? this.getLogger();
		await this.configCache.ensureLoaded(read.getEnvironmentReader().getSettings(), logger);
		if (compareStored || this.configCache.comparisonDue()) {
			const stored = await settingsJournal.read(read.getPersistenceReader()).catch((error: unknown) => {
				logger.warn(`Room Events could not compare its settings with the stored ones, and tries again within five minutes: ${errorText(error)}`);
				return [];
			});
			for (const id of this.configCache.applyStored(stored, logger)) {
				logger.warn(`Room Events took the stored value of "${id}", which this instance had missed.`);
			}
		}
		return { config: this.configCache.current, logger, audit: this.audit, workspaceLanguage: this.workspaceLanguage };
	}
}
