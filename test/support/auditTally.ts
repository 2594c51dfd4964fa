import { formatTime } from '../../audit/auditMessage';

/** An audit message as the audit room holds it: its id (the app's, made from the record's) and its text. */
export interface PostedMessage {
	readonly id: string;
	readonly text: string;
}

/** What one audit message tells of its record. */
export interface PostedRecord {
	readonly messageId: string;
	/** The event, room and user as the message names them, without ids: "User joined · #town · @bob". */
	readonly key: string;
	/** The record's time, to the millisecond, from the record id the message id carries. */
	readonly at: number;
	/** The message's `At:` line. */
	readonly atLine: string;
}

/** The message ids the delivery gives records: `RE` and the record id's letters and digits (audit/auditDelivery.ts messageIdOf). */
const RECORD_MESSAGE_ID = /^RE([0-9a-z]{9})[0-9a-z]+$/;

/**
 * The record behind an audit message. Its id is the record's own (audit/auditRecord.ts stampRecord:
 * the time in milliseconds, base 36, nine digits, then a sequence number and a random part), so the
 * message names its record and when it happened; `undefined` for a message that is not one record's
 * (a notice of the trail itself, a digest, or something else).
 */
export function postedRecord(message: PostedMessage): PostedRecord | undefined {
	const id = RECORD_MESSAGE_ID.exec(message.id);
	const [title, ...lines] = message.text.split('\n');
	if (!id || title.startsWith('*Audit trail notice*') || title.startsWith('*Digest')) return undefined;
	const what = title.replace(/\*/g, '').replace(/ \([^()]*\)$/, '');
	const user = lines.find((line) => line.startsWith('User: '))?.slice('User: '.length);
	return {
		messageId: message.id,
		key: user ? `${what} · ${user}` : what,
		at: parseInt(id[1], 36),
		atLine: lines.find((line) => line.startsWith('At: '))?.slice('At: '.length) ?? '',
	};
}

/** A record an event should leave, by its key. */
export interface ExpectedKey {
	readonly key: string;
	/** The same record told with a field that could not be read (marked unknown). */
	readonly withUnknown?: readonly string[];
	/** The records that stand for it when its decision could not be made (the action went ahead). */
	readonly failedOpen?: readonly string[];
}

export interface Tally {
	/** Expected keys told by more than one message (or partly as a decision that failed open), with how many. */
	duplicates: Array<{ key: string; messages: number }>;
	/** Expected keys without a message (or with some of the records that stand for a decision that failed open missing). */
	missing: string[];
	/** Keys with a message that no expected event explains. */
	unexpected: string[];
	/** Messages whose `At:` line is not the time their record id carries. */
	wrongTimes: string[];
	/** Expected keys told with a field marked unknown. */
	withUnknown: string[];
	/** Expected keys accounted for by the records of a decision that failed open. */
	failedOpen: string[];
	/** How many messages stood for one record each. */
	records: number;
}

/**
 * Counts each expected record's messages in the audit room: each event should be told once, by its
 * own record or, when its decision failed open, by the records that stand for that.
 */
export function tallyAuditMessages(messages: readonly PostedMessage[], expected: readonly ExpectedKey[]): Tally {
	const posted = messages.map(postedRecord).filter((record): record is PostedRecord => record !== undefined);
	const counts = new Map<string, number>();
	for (const record of posted) counts.set(record.key, (counts.get(record.key) ?? 0) + 1);
	const count = (key: string) => counts.get(key) ?? 0;
	const explained = new Set(expected.flatMap(({ key, withUnknown = [], failedOpen = [] }) => [key, ...withUnknown, ...failedOpen]));
	if (explained.size !== expected.reduce((sum, { withUnknown = [], failedOpen = [] }) => sum + 1 + withUnknown.length + failedOpen.length, 0)) {
		throw new Error('The expected records must be told apart by their keys.');
	}
	const tally: Tally = { duplicates: [], missing: [], unexpected: [], wrongTimes: [], withUnknown: [], failedOpen: [], records: posted.length };
	for (const { key, withUnknown = [], failedOpen = [] } of expected) {
		const own = count(key) + withUnknown.reduce((sum, variant) => sum + count(variant), 0);
		const standIns = failedOpen.map(count);
		const told = own + standIns.reduce((sum, messages) => sum + messages, 0);
		if (own === 1 && told === 1) {
			if (count(key) === 0) tally.withUnknown.push(key);
		} else if (own === 0 && failedOpen.length > 0 && standIns.every((messages) => messages === 1)) {
			tally.failedOpen.push(key);
		} else if (own === 0 && standIns.every((messages) => messages <= 1)) {
			tally.missing.push(key);
		} else {
			tally.duplicates.push({ key, messages: told });
		}
	}
	tally.unexpected.push(...[...counts.keys()].filter((key) => !explained.has(key)));
	tally.wrongTimes.push(...posted.filter((record) => record.atLine !== formatTime(new Date(record.at).toISOString())).map((record) => record.messageId));
	return tally;
}

/** A tally with nothing wrong, for comparing in one assertion. */
export function cleanTally(records: number, exceptions: { withUnknown?: string[]; failedOpen?: string[] } = {}): Tally {
	return {
		duplicates: [],
		missing: [],
		unexpected: [],
		wrongTimes: [],
		withUnknown: exceptions.withUnknown ?? [],
		failedOpen: exceptions.failedOpen ?? [],
		records,
	};
}
