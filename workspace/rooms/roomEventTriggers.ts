// The Apps-Engine room events as Rocket.Chat fires them around its room operations: which ones
// the server waits for, and how an app's refusal becomes the error the user gets
// (docs/rocketchat-fidelity.md §0–§3).
import { AppInterface } from 'apps-engine-deno/definition/metadata';
import type { IRoom } from 'apps-engine-deno/definition/rooms';
import type { IUser } from 'apps-engine-deno/definition/users';

import type { EngineEvent } from '../engine/engineHost';
import { MeteorError, isAppsEngineException, isEssentialAppDisabled } from '../errors';

/** What fires events at the installed apps: the engine host. */
export interface EventEngine {
	fire<T = unknown>(event: EngineEvent, payload: unknown): Promise<T>;
}

export interface JoinContext {
	room: IRoom;
	joiningUser: IUser;
	/** The user who added the joining user; absent when they joined on their own. */
	inviter?: IUser;
}

export interface LeaveContext {
	room: IRoom;
	leavingUser: IUser;
	/** The user who removed the leaving user; absent when they left on their own. */
	removedBy?: IUser;
}

const CREATION_PREVENTED = 'A Rocket.Chat App prevented the room creation.';
const DELETION_PREVENTED = 'A Rocket.Chat App prevented the room erasing.';

/** Fires the Apps-Engine room events at the installed apps, around the room service's operations, as Rocket.Chat triggers them. */
export class RoomEventTriggers {
	/**
	 * @param reportUnawaited where failures of the events nobody waits for go (they would otherwise be
	 * unhandled rejections): an essential app disabled meanwhile, or an engine failure.
	 */
	constructor(
		private readonly engine: EventEngine,
		private readonly reportUnawaited: (event: string, error: unknown) => void = (event, error) => console.error(`The ${event} event failed:`, error),
	) {}

	/** IPreRoomCreatePrevent: `true` or an AppsEngineException refuses the creation (error-app-prevented, with the app's message). */
	async preventCreation(room: IRoom): Promise<void> {
		const prevented = await this.refusable(AppInterface.IPreRoomCreatePrevent, room);
		if (prevented) throw new MeteorError('error-app-prevented', CREATION_PREVENTED);
	}

	/**
	 * IPreRoomCreateExtend, then IPreRoomCreateModify given Extend's result: the room as the apps
	 * left it. An AppsEngineException from either blocks the creation unmapped, as in Rocket.Chat.
	 */
	async shapeCreation(room: IRoom): Promise<IRoom | undefined> {
		const extended = await this.trigger<IRoom>(AppInterface.IPreRoomCreateExtend, room);
		return this.trigger<IRoom>(AppInterface.IPreRoomCreateModify, extended);
	}

	/** IPostRoomCreate, not waited for. */
	created(room: IRoom): void {
		this.unawaited(AppInterface.IPostRoomCreate, room);
	}

	/**
	 * IPreRoomDeletePrevent: `true` refuses the deletion (error-app-prevented-deleting); an
	 * AppsEngineException refuses it too, unmapped, so the user sees the bare message.
	 */
	async preventDeletion(room: IRoom): Promise<void> {
		const prevented = await this.trigger(AppInterface.IPreRoomDeletePrevent, room);
		if (prevented) throw new MeteorError('error-app-prevented-deleting', DELETION_PREVENTED, { method: 'eraseRoom' });
	}

	/** IPostRoomDeleted with the room as read before the deletion, not waited for. */
	deleted(room: IRoom): void {
		this.unawaited(AppInterface.IPostRoomDeleted, room);
	}

	/** IPreRoomUserJoined: an AppsEngineException keeps the user out (error-app-prevented, with the app's message). */
	async beforeJoin(context: JoinContext): Promise<void> {
		await this.refusable(AppInterface.IPreRoomUserJoined, context);
	}

	/** IPostRoomUserJoined: Rocket.Chat starts it on the next tick, after the join, and does not wait for it. */
	joined(context: JoinContext): void {
		process.nextTick(() => this.unawaited(AppInterface.IPostRoomUserJoined, context));
	}

	/** IPreRoomUserLeave: an AppsEngineException keeps the user in (error-app-prevented, with the app's message). */
	async beforeLeave(context: LeaveContext): Promise<void> {
		await this.refusable(AppInterface.IPreRoomUserLeave, context);
	}

	/** IPostRoomUserLeave, waited for: an AppsEngineException reaches the user unmapped, after the user has left. */
	async left(context: LeaveContext): Promise<void> {
		await this.trigger(AppInterface.IPostRoomUserLeave, context);
	}

	/** Fires an event whose AppsEngineException Rocket.Chat turns into error-app-prevented. */
	private async refusable<T>(event: EngineEvent, payload: unknown): Promise<T> {
		try {
			return await this.trigger<T>(event, payload);
		} catch (error) {
			if (isAppsEngineException(error)) throw new MeteorError('error-app-prevented', error.message);
			throw error;
		}
	}

	/** Fires an event; an essential app that is disabled blocks it, as Rocket.Chat's orchestrator reports it. */
	private async trigger<T>(event: EngineEvent, payload: unknown): Promise<T> {
		try {
			return await this.engine.fire<T>(event, payload);
		} catch (error) {
			if (isEssentialAppDisabled(error)) throw new MeteorError('error-essential-app-disabled');
			throw error;
		}
	}

	private unawaited(event: EngineEvent, payload: unknown): void {
		this.trigger(event, payload).catch((error) => this.reportUnawaited(event, error));
	}
}
