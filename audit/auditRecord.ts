import type { Decision, Outcome, RuleMatch } from '../policy/decision';
import { outcomeOf } from '../policy/decision';
import type { RoomKind } from '../policy/eventFacts';
import type { RoomEventsConfig } from '../settings/settings';

/** What an audit record is about. Post events report what happened; the others report decisions. */
export type AuditEvent =
	| 'room-created'
	| 'room-deleted'
	| 'user-joined'
	| 'user-left'
	| 'creation-decided'
	| 'room-shaped'
	| 'members-added'
	| 'deletion-decided'
	| 'join-decided'
	| 'leave-decided'
	| 'setting-refused';

export interface RoomRef {
	readonly id?: string;
	readonly name: string;
	readonly kind: RoomKind;
}

export interface UserRef {
	readonly id?: string;
	readonly username: string;
}

export interface AuditRecord {
	/** Unique and, within one millisecond, increasing: with `at` it orders the outbox. */
	readonly id: string;
	/** When it happened (ISO 8601), shown in the message however late it is posted. */
	readonly at: string;
	readonly event: AuditEvent;
	readonly room?: RoomRef;
	/** Who acted: creator, inviter, remover. */
	readonly actor?: UserRef;
	/** Who was affected: the joining or leaving user. */
	readonly subject?: UserRef;
	readonly outcome?: Outcome;
	readonly reason?: string;
	readonly rule?: RuleMatch;
	/** Room fields a policy changed (IRoom property names). */
	readonly updated?: readonly string[];
	/** Members the app added, or the room's member count after a join or leave. */
	readonly members?: readonly string[];
	readonly memberCount?: number;
	/** For a refused setting value: the setting and what was refused. */
	readonly setting?: { readonly id: string; readonly value: string };
	readonly dryRun?: boolean;
}

export type NewAuditRecord = Omit<AuditRecord, 'id' | 'at'>;

type AuditSwitch = 'auditRoomCreated' | 'auditRoomDeleted' | 'auditUserJoined' | 'auditUserLeft';

const SWITCH_OF: Record<AuditEvent, AuditSwitch | undefined> = {
	'room-created': 'auditRoomCreated',
	'creation-decided': 'auditRoomCreated',
	'room-shaped': 'auditRoomCreated',
	'members-added': 'auditRoomCreated',
	'room-deleted': 'auditRoomDeleted',
	'deletion-decided': 'auditRoomDeleted',
	'user-joined': 'auditUserJoined',
	'join-decided': 'auditUserJoined',
	'user-left': 'auditUserLeft',
	'leave-decided': 'auditUserLeft',
	// A refused setting is news for every admin whatever events they follow.
	'setting-refused': undefined,
};

/**
 * Whether the admin wants this record: audit on, its event's switch on, and not about the
 * audit room itself (whose own joins and leaves would only be noise, or a loop).
 */
export function isAudited(config: RoomEventsConfig, record: NewAuditRecord): boolean {
	if (!config.auditEnabled) {
		return false;
	}
	const eventSwitch = SWITCH_OF[record.event];
	if (eventSwitch && !config[eventSwitch]) {
		return false;
	}
	return record.room?.name.toLowerCase() !== config.auditRoom.toLowerCase();
}

/** Never reset, so ids made in one process increase even when the clock steps back. */
let sequence = 0;

export function stampRecord(record: NewAuditRecord, now: Date): AuditRecord {
	const stamp = now.getTime().toString(36).padStart(9, '0');
	sequence += 1;
	const id = `${stamp}-${sequence.toString(36).padStart(8, '0')}-${Math.random().toString(36).slice(2, 8)}`;
	return { id, at: now.toISOString(), ...record };
}

export function compareRecords(a: AuditRecord, b: AuditRecord): number {
	if (a.at !== b.at) {
		return a.at < b.at ? -1 : 1;
	}
	return a.id.localeCompare(b.id);
}

/**
 * The audit record of a policy decision, dry-run mode applied: none when no rule matched,
 * since the post event reports that the action happened.
 */
export function decisionRecords(
	event: AuditEvent,
	decision: Decision,
	dryRun: boolean,
	refs: { room: RoomRef; actor?: UserRef; subject?: UserRef },
): NewAuditRecord[] {
	if (!decision.rule) {
		return [];
	}
	return [{ event, ...refs, outcome: outcomeOf(decision, dryRun), reason: decision.reason, rule: decision.rule, dryRun }];
}
