import type { IHttp, ILogger, IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { RocketChatAssociationModel, RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';

import type { AuditRecord } from './auditRecord';
import { compareRecords } from './auditRecord';
import { exportRecord } from './exportRecord';
import { errorText } from '../lib/errorText';
import { hmacSha256, toHex } from '../lib/sha256';
import type { RoomEventsConfig } from '../settings/settings';

const association = (id: string) => new RocketChatAssociationRecord(RocketChatAssociationModel.MISC, id);
const WEBHOOK_OUTBOX = association('room-events:webhook-outbox');
const recordKey = (id: string) => association(`room-events:webhook-record:${id}`);
const WEBHOOK_STATE = association('room-events:webhook-state');

/** The headers of a delivery: which record (receivers de-duplicate on it), when it was signed, the signature. */
export const DELIVERY_HEADER = 'X-Room-Events-Delivery';
export const TIMESTAMP_HEADER = 'X-Room-Events-Timestamp';
export const SIGNATURE_HEADER = 'X-Room-Events-Signature';

/** At most this many deliveries a run, so that one run of the job stays short. */
export const WEBHOOK_BATCH = 100;
/** How long a receiver has to answer one delivery. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
const FIRST_RETRY_MS = 5_000;
const LONGEST_RETRY_MS = 10 * 60_000;

/** What the job remembers between runs, whichever instance runs it: the failing delivery's retries. */
export interface WebhookState {
	readonly attempts?: number;
	readonly nextAttemptAt?: string;
	readonly lastProblem?: string;
	/** Why deliveries wait without being tried (no secret), said once in the logs. */
	readonly paused?: string;
}

export interface WebhookReport {
	readonly delivered: number;
	readonly waiting: number;
	readonly problem?: string;
}

/**
 * Records waiting for the webhook, one document each (as the audit outbox), written as they
 * enter the history; keeping one again (a delivery run retried after a crash) replaces it.
 */
export const webhookOutbox = {
	async add(persistence: IPersistence, record: AuditRecord): Promise<void> {
		await persistence.updateByAssociations([WEBHOOK_OUTBOX, recordKey(record.id)], record, true);
	},

	async list(reader: IPersistenceRead): Promise<AuditRecord[]> {
		const documents = (await reader.readByAssociation(WEBHOOK_OUTBOX)) as Array<AuditRecord | null>;
		return documents.filter((record): record is AuditRecord => typeof record?.id === 'string' && typeof record.at === 'string').sort(compareRecords);
	},

	async remove(persistence: IPersistence, record: AuditRecord): Promise<void> {
		await persistence.removeByAssociations([WEBHOOK_OUTBOX, recordKey(record.id)]);
	},

	async clear(persistence: IPersistence): Promise<void> {
		await persistence.removeByAssociation(WEBHOOK_OUTBOX);
	},

	async readState(reader: IPersistenceRead): Promise<WebhookState> {
		const [state] = (await reader.readByAssociation(WEBHOOK_STATE)) as Array<WebhookState | null>;
		// Fields stored as undefined come back as null from the subprocess runtime: absent again.
		return Object.fromEntries(Object.entries(state ?? {}).filter(([, value]) => value !== null)) as WebhookState;
	},

	async writeState(persistence: IPersistence, state: WebhookState): Promise<void> {
		await persistence.updateByAssociations([WEBHOOK_STATE], state, true);
	},
};

/**
 * The signature of a delivery: HMAC-SHA256 under the secret over `<timestamp>.<body>`, in hex,
 * as `sha256=<hex>`. Signing the timestamp with the body lets a receiver refuse a replayed delivery.
 */
export function signatureOf(secret: string, timestamp: string, body: string): string {
	return `sha256=${toHex(hmacSha256(secret, `${timestamp}.${body}`))}`;
}

export interface WebhookAccess {
	readonly read: { getPersistenceReader(): IPersistenceRead };
	readonly persistence: IPersistence;
	readonly http: IHttp;
}

/**
 * One run of the webhook job: the waiting records oldest first, each POSTed as its exported
 * JSON, signed, until one fails; that one is retried with a growing wait (5 s, 10 s, … up to
 * 10 minutes) and nothing after it is sent before it, so a receiver gets the trail in order.
 * A record is removed once the receiver answered 2xx: a process that dies in between sends it
 * again with the same delivery id, which is what receivers de-duplicate on. Runs in a job of
 * its own, so a slow or failing receiver never delays the audit room.
 */
export async function deliverWebhooks(config: RoomEventsConfig, logger: ILogger, access: WebhookAccess, now: Date): Promise<WebhookReport> {
	const reader = access.read.getPersistenceReader();
	if (config.webhookUrl === '') {
		const left = await webhookOutbox.list(reader);
		if (left.length > 0) {
			await webhookOutbox.clear(access.persistence);
			logger.info(`Room Events dropped ${left.length} webhook delivery(ies) waiting when the webhook URL was emptied; the records stay in the history.`);
		}
		return { delivered: 0, waiting: 0 };
	}
	const state = await webhookOutbox.readState(reader);
	const waiting = await webhookOutbox.list(reader);
	if (config.webhookSecret === '') {
		const paused = 'the webhook secret is empty: deliveries are signed, so none is sent until a secret is set';
		if (state.paused !== paused) {
			logger.warn(`Room Events holds ${waiting.length} webhook delivery(ies): ${paused}.`);
			await webhookOutbox.writeState(access.persistence, { ...state, paused });
		}
		return { delivered: 0, waiting: waiting.length, problem: paused };
	}
	if (state.paused) {
		await webhookOutbox.writeState(access.persistence, { attempts: state.attempts, nextAttemptAt: state.nextAttemptAt, lastProblem: state.lastProblem });
	}
	if (waiting.length === 0 || (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > now.getTime())) {
		return { delivered: 0, waiting: waiting.length, ...(state.lastProblem && { problem: state.lastProblem }) };
	}
	let delivered = 0;
	// The attempts of the record at the head of the queue: a delivery that goes through starts the count again.
	let failedBefore = state.attempts ?? 0;
	for (const record of waiting.slice(0, WEBHOOK_BATCH)) {
		const problem = await send(config, access.http, record, now);
		if (problem !== undefined) {
			const attempts = failedBefore + 1;
			const wait = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LONGEST_RETRY_MS);
			const nextAttemptAt = new Date(now.getTime() + wait).toISOString();
			logger.warn(
				`Room Events could not deliver record ${record.id} to the webhook (attempt ${attempts}): ${problem}. ${waiting.length - delivered} delivery(ies) wait; next attempt at ${nextAttemptAt}.`,
			);
			await webhookOutbox.writeState(access.persistence, { attempts, nextAttemptAt, lastProblem: problem });
			return { delivered, waiting: waiting.length - delivered, problem };
		}
		await webhookOutbox.remove(access.persistence, record);
		delivered++;
		failedBefore = 0;
	}
	if (state.attempts) {
		logger.info(`Room Events delivers to the webhook again, after ${state.attempts} failed attempt(s).`);
		await webhookOutbox.writeState(access.persistence, {});
	}
	return { delivered, waiting: waiting.length - delivered };
}

/** POSTs one record; answers what went wrong, or undefined when the receiver took it. */
async function send(config: RoomEventsConfig, http: IHttp, record: AuditRecord, now: Date): Promise<string | undefined> {
	const body = JSON.stringify(exportRecord(record));
	const timestamp = String(Math.floor(now.getTime() / 1000));
	try {
		const response = await http.post(config.webhookUrl, {
			content: body,
			headers: {
				'Content-Type': 'application/json',
				[DELIVERY_HEADER]: record.id,
				[TIMESTAMP_HEADER]: timestamp,
				[SIGNATURE_HEADER]: signatureOf(config.webhookSecret, timestamp, body),
			},
			timeout: WEBHOOK_TIMEOUT_MS,
		});
		// Rocket.Chat 6.3–6.9 answer a failed request with no response rather than an error.
		if (!response) {
			return 'no answer from the receiver (refused, unreachable or timed out)';
		}
		return response.statusCode >= 200 && response.statusCode < 300 ? undefined : `the receiver answered ${response.statusCode}`;
	} catch (error) {
		return errorText(error);
	}
}
