// Every bridge the engine asks for, built on the running engine's own base classes (they check the
// app's permissions before calling the host): the same bridges serve the Deno and the vm2 runtime.
import type { AppBridges, IInternalFederationBridge, IListenerBridge } from 'apps-engine-deno/server/bridges';

import type { LocalApiBridge } from './apiBridge';
import { createApiBridge } from './apiBridge';
import type { BridgeContext } from './bridgeContext';
import { unsupportedBridge, withFaults } from './bridgeContext';
import { createCommandBridge } from './commandBridge';
import type { LocalCommandBridge } from './commandBridge';
import { createAppActivationBridge, createAppDetailChangesBridge, createFederationBridge, createInternalBridge, listenerBridge } from './engineBridges';
import { createHttpBridge } from './httpBridge';
import { createMessageBridge, createThreadBridge } from './messageBridges';
import { createPersistenceBridge } from './persistenceBridge';
import { createRoomBridge } from './roomBridge';
import type { LocalSchedulerBridge } from './schedulerBridge';
import { createSchedulerBridge } from './schedulerBridge';
import { createEnvironmentalVariableBridge, createRoleBridge, createServerSettingBridge } from './serverBridges';
import { createUserBridge } from './userBridge';
import type { EngineRuntime } from '../engineRuntime';

/** The bridges the host itself reaches into, beside the engine's getters. */
export interface WorkspaceBridges extends AppBridges {
	getSchedulerBridge(): LocalSchedulerBridge;
	getApiBridge(): LocalApiBridge;
	getCommandBridge(): LocalCommandBridge;
}

/** Each bridge behind the faults check (bridgeContext.ts), under the name tests give it ('persistence', 'message'...). */
function checkedBridges<T extends Record<string, object | undefined>>(bridges: T, context: BridgeContext): T {
	const entries = Object.entries(bridges).map(([name, bridge]) => [name, bridge && withFaults(name, bridge, context.faults, context.instanceIndex)]);
	return Object.fromEntries(entries) as T;
}

export function createWorkspaceBridges(runtime: EngineRuntime, context: BridgeContext): WorkspaceBridges {
	const base = runtime.bridges;
	const bridges = checkedBridges(
		{
			command: createCommandBridge(base.CommandBridge),
			api: createApiBridge(base.ApiBridge),
			appDetailChanges: createAppDetailChangesBridge(base.AppDetailChangesBridge, context),
			environmentalVariable: createEnvironmentalVariableBridge(base.EnvironmentalVariableBridge, context),
			http: createHttpBridge(base.HttpBridge, context),
			livechat: unsupportedBridge(base.LivechatBridge, 'Omnichannel'),
			message: createMessageBridge(base.MessageBridge, context),
			persistence: createPersistenceBridge(base.PersistenceBridge, context),
			appActivation: createAppActivationBridge(base.AppActivationBridge, context),
			room: createRoomBridge(base.RoomBridge, context),
			internal: createInternalBridge(base.InternalBridge, context),
			federation: createFederationBridge(context),
			serverSetting: createServerSettingBridge(base.ServerSettingBridge, context),
			upload: unsupportedBridge(base.UploadBridge, 'File uploads'),
			user: createUserBridge(base.UserBridge, context),
			uiInteraction: unsupportedBridge(base.UiInteractionBridge, 'UI Kit interactions'),
			scheduler: createSchedulerBridge(base.SchedulerBridge, context),
			cloudWorkspace: unsupportedBridge(base.CloudWorkspaceBridge, 'Cloud workspace tokens'),
			videoConference: unsupportedBridge(base.VideoConferenceBridge, 'Video conferences'),
			oAuthApps: unsupportedBridge(base.OAuthAppsBridge, 'OAuth apps'),
			moderation: unsupportedBridge(base.ModerationBridge, 'Moderation'),
			thread: createThreadBridge(base.ThreadBridge, context),
			role: createRoleBridge(base.RoleBridge, context),
			// Bridges of 1.62 that 1.42.1 does not have.
			contact: base.ContactBridge && unsupportedBridge(base.ContactBridge, 'Omnichannel contacts'),
			email: base.EmailBridge && unsupportedBridge(base.EmailBridge, 'Email'),
			outboundMessage: base.OutboundMessageBridge && unsupportedBridge(base.OutboundMessageBridge, 'Outbound messages'),
			experimental: base.ExperimentalBridge && unsupportedBridge(base.ExperimentalBridge, 'Experimental features'),
		},
		context,
	);

	class LocalAppBridges extends base.AppBridges implements WorkspaceBridges {
		getCommandBridge() {
			return bridges.command;
		}

		getContactBridge() {
			return bridges.contact;
		}

		getApiBridge() {
			return bridges.api;
		}

		getAppDetailChangesBridge() {
			return bridges.appDetailChanges;
		}

		getEnvironmentalVariableBridge() {
			return bridges.environmentalVariable;
		}

		getHttpBridge() {
			return bridges.http;
		}

		getListenerBridge(): IListenerBridge {
			return listenerBridge;
		}

		getLivechatBridge() {
			return bridges.livechat;
		}

		getMessageBridge() {
			return bridges.message;
		}

		getPersistenceBridge() {
			return bridges.persistence;
		}

		getAppActivationBridge() {
			return bridges.appActivation;
		}

		getRoomBridge() {
			return bridges.room;
		}

		getInternalBridge() {
			return bridges.internal;
		}

		getInternalFederationBridge(): IInternalFederationBridge {
			return bridges.federation;
		}

		getServerSettingBridge() {
			return bridges.serverSetting;
		}

		getUploadBridge() {
			return bridges.upload;
		}

		getEmailBridge() {
			return bridges.email;
		}

		getUserBridge() {
			return bridges.user;
		}

		getUiInteractionBridge() {
			return bridges.uiInteraction;
		}

		getSchedulerBridge() {
			return bridges.scheduler;
		}

		getCloudWorkspaceBridge() {
			return bridges.cloudWorkspace;
		}

		getVideoConferenceBridge() {
			return bridges.videoConference;
		}

		getOAuthAppsBridge() {
			return bridges.oAuthApps;
		}

		getModerationBridge() {
			return bridges.moderation;
		}

		getThreadBridge() {
			return bridges.thread;
		}

		getRoleBridge() {
			return bridges.role;
		}

		getOutboundMessageBridge() {
			return bridges.outboundMessage;
		}

		getExperimentalBridge() {
			return bridges.experimental;
		}
	}
	return new LocalAppBridges();
}
