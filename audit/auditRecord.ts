import { AUDIT_LANGUAGE, translate } from '../lib/translate';
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
	/** A decision the app could not make (a read failed): the action went ahead, or was refused when failing closed. */
	| 'decision-failed'
	| 'setting-refused'
	/** An admin locked or unlocked a room with `/room-events lock` or `unlock`. */
	| 'room-locked'
	| 'room-unlocked'
	/** Something happened to the audit room itself: its creation, a join, a leave. */
	| 'audit-room-activity'
	/** What the app has to tell the admins about the trail itself (records that waited, a public audit room). */
	| 'audit-notice'
	/** Records folded into one: a digest of a burst, or what waited past the outbox's bound. */
	| 'summary';

export interface RoomRef {
	readonly id?: string;
	readonly name: string;
	readonly kind: RoomKind;
}

export interface UserRef {
	readonly id?: string;
	readonly username: string;
}

/** How many records of one kind a summary holds: event, outcome, rule and room. */
export interface SummaryCount {
	readonly event: AuditEvent;
	readonly outcome?: Outcome;
	readonly setting?: string;
	readonly room?: string;
	readonly count: number;
}

export interface AuditSummary {
	/** A digest of a burst (posted because many records waited), or an overflow (the outbox was full while the room was unreachable). */
	readonly kind: 'digest' | 'overflow';
	readonly count: number;
	readonly first: string;
	readonly last: string;
	readonly counts: readonly SummaryCount[];
	/** Every room and user involved, each once (messages name the first few and count the rest). */
	readonly rooms: readonly string[];
	readonly users: readonly string[];
	/** The records folded in: an interrupted fold is finished from these, never counted twice. */
	readonly memberIds: readonly string[];
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
	/** Room fields a policy changed, in words ("name", "read-only"); for a new room, with its former name. */
	readonly updated?: readonly string[];
	readonly renamedFrom?: string;
	/** Members the app added. */
	readonly members?: readonly string[];
	/** The room's members after a join or leave; 'unknown' when the server did not say. */
	readonly memberCount?: number | 'unknown';
	/** For a refused setting value: the setting and what was refused (empty for a secret). */
	readonly setting?: { readonly id: string; readonly value: string };
	/** For the audit room's own activity: what happened to it. */
	readonly activity?: AuditEvent;
	/** For a decision that could not be made: the decision it was ('join-decided', …). */
	readonly failedDecision?: AuditEvent;
	readonly summary?: AuditSummary;
	readonly dryRun?: boolean;
}

export type NewAuditRecord = Omit<AuditRecord, 'id' | 'at'>;

type AuditSwitch = 'auditRoomCreated' | 'auditRoomDeleted' | 'auditUserJoined' | 'auditUserLeft';

/** The event family: which switch turns a record's event off, if any. */
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
	// What follows is news for every admin whatever events they follow.
	'decision-failed': undefined,
	'setting-refused': undefined,
	'room-locked': undefined,
	'room-unlocked': undefined,
	'audit-room-activity': undefined,
	'audit-notice': undefined,
	'summary': undefined,
};

/** Plain room events, which report that something happened, as against what a policy decided. */
const ROOM_EVENTS: readonly AuditEvent[] = ['room-created', 'room-deleted', 'user-joined', 'user-left'];

/** Kept at every level: the admins must hear of these whatever they follow. */
const ALWAYS: readonly AuditEvent[] = ['decision-failed', 'setting-refused', 'room-locked', 'room-unlocked', 'audit-room-activity', 'audit-notice', 'summary'];

/**
 * Whether the admin wants this record: audit on, its event's switch on, and its kind within the
 * audit level (everything; decisions only; denials only).
 */
export function isAudited(config: RoomEventsConfig, record: NewAuditRecord): boolean {
	if (!config.auditEnabled) {
		return false;
	}
	const eventSwitch = SWITCH_OF[record.event];
	if (eventSwitch && !config[eventSwitch]) {
		return false;
	}
	if (ALWAYS.includes(record.event) || config.auditLevel === 'everything') {
		return true;
	}
	if (config.auditLevel === 'decisions') {
		return !ROOM_EVENTS.includes(record.event) || record.updated !== undefined;
	}
	return record.outcome === 'denied' || record.outcome === 'would-deny';
}

/**
 * A post event about the audit room itself becomes the room's own activity: audited whatever the
 * switches say, since whoever joins the audit room reads the trail.
 */
export function asAuditRoomActivity(config: RoomEventsConfig, record: NewAuditRecord, auditRoomId?: string): NewAuditRecord {
	const { room } = record;
	const isAuditRoom =
		room !== undefined && (room.id !== undefined && room.id === auditRoomId ? true : room.name.toLowerCase() === config.auditRoom.toLowerCase());
	return isAuditRoom && ROOM_EVENTS.includes(record.event) ? { ...record, event: 'audit-room-activity', activity: record.event } : record;
}

/** Never reset, so ids made in one process increase even when the clock steps back. */
let sequence = 0;

export function stampRecord(record: NewAuditRecord, now: Date): AuditRecord {
	const stamp = now.getTime().toString(36).padStart(9, '0');
	sequence += 1;
	const id = `${stamp}-${sequence.toString(36).padStart(8, '0')}-${Math.random().toString(36).slice(2, 8)}`;
	return { id, at: now.toISOString(), ...record };
}

/** Oldest first; a summary sorts by its first record, and before the records of the same instant. */
export function compareRecords(a: AuditRecord, b: AuditRecord): number {
	if (a.at !== b.at) {
		return a.at < b.at ? -1 : 1;
	}
	if ((a.event === 'summary') !== (b.event === 'summary')) {
		return a.event === 'summary' ? -1 : 1;
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
	return [{ event, ...refs, outcome: outcomeOf(decision, dryRun), reason: translate(AUDIT_LANGUAGE, decision.reason), rule: decision.rule, dryRun }];
}
