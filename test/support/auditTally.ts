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

export interface Tally {
	/** Keys with more than one message, with how many. */
	duplicates: Array<{ key: string; messages: number }>;
	/** Expected keys without a message. */
	missing: string[];
	/** Keys with a message that no expected event explains. */
	unexpected: string[];
	/** Messages whose `At:` line is not the time their record id carries. */
	wrongTimes: string[];
	/** How many messages stood for one record each. */
	records: number;
}

/** Counts each expected record's messages in the audit room: each should have exactly one. */
export function tallyAuditMessages(messages: readonly PostedMessage[], expectedKeys: readonly string[]): Tally {
	const posted = messages.map(postedRecord).filter((record): record is PostedRecord => record !== undefined);
	const counts = new Map<string, number>();
	for (const record of posted) counts.set(record.key, (counts.get(record.key) ?? 0) + 1);
	const expected = new Set(expectedKeys);
	if (expected.size !== expectedKeys.length) throw new Error('The expected records must be told apart by their keys.');
	return {
		duplicates: [...counts].filter(([, count]) => count > 1).map(([key, count]) => ({ key, messages: count })),
		missing: expectedKeys.filter((key) => !counts.has(key)),
		unexpected: [...counts.keys()].filter((key) => !expected.has(key)),
		wrongTimes: posted.filter((record) => record.atLine !== formatTime(new Date(record.at).toISOString())).map((record) => record.messageId),
		records: posted.length,
	};
}

/** A tally with nothing wrong, for comparing in one assertion. */
export function cleanTally(records: number): Tally {
	return { duplicates: [], missing: [], unexpected: [], wrongTimes: [], records };
}
