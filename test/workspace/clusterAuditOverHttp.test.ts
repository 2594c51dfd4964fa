import { startTestWorkspace, waitFor } from './workspaceHarness';
import type { Answer, RestClient, TestWorkspace } from './workspaceHarness';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import { AUDIT_ROOM_NAME } from '../../workspace/workspaceSetup';
import { TRAFFIC_SETTINGS } from '../engine/roomEventsCluster';
import { cleanTally, tallyAuditMessages } from '../support/auditTally';
import type { ExpectedKey } from '../support/auditTally';

const CLIENTS = 6;
const ROUNDS = 3;
const RECORDS_PER_ROUND = 10;

/** Rocket.Chat answers an app's refusal with HTTP 400 and error-app-prevented. */
function refused(answer: Answer): void {
	if (answer.status !== 400 || answer.body.errorType !== 'error-app-prevented') throw new Error(`Not refused by the app: ${JSON.stringify(answer)}`);
}

function succeeded(answer: Answer): Answer {
	if (answer.status !== 200) throw new Error(`Failed: ${JSON.stringify(answer)}`);
	return answer;
}

/**
 * The local workspace as `npm start -- --instances 2` runs it, with its scheduler on its timer:
 * clients send requests at the same time, each served by the next instance, and the audit room
 * is read over the REST API.
 */
describe.each(RUNTIME_NAMES)('the audit trail of a workspace of two instances over HTTP, %s runtime', (runtime) => {
	let ws: TestWorkspace;
	let users: RestClient[];

	beforeAll(async () => {
		ws = await startTestWorkspace({ runtime, instances: 2, schedulerIntervalMs: 1000 });
		users = [];
		for (let index = 0; index < CLIENTS + 3; index += 1) users.push(await ws.userClient(`member${index}`));
		// Set on one instance, replayed on the other.
		for (const [id, value] of Object.entries(TRAFFIC_SETTINGS)) await ws.workspace.engine.updateSetting(ws.appId, id, value);
	}, 60_000);

	afterAll(async () => {
		await ws?.close();
	});

	/** The audit room's messages, oldest first, as the admin reads them. */
	async function auditMessages(): Promise<Array<{ id: string; text: string }>> {
		const { body } = await ws.admin.get('/api/v1/groups.messages', { roomName: AUDIT_ROOM_NAME, count: 0, sort: '{"ts":1}' });
		return (body.messages as Array<{ _id: string; msg: string }>).map((message) => ({ id: message._id, text: message.msg }));
	}

	/** One client's round: a channel created, joined by three, left by one, deleted; a refused creation and join; a direct message. */
	async function round(client: number, roundIndex: number, served: number[]): Promise<ExpectedKey[]> {
		const tag = `${client}-${roundIndex}`;
		const creator = users[client];
		const [joiner, second, third] = [1, 2, 3].map((offset) => users[(client + offset) % users.length]);
		const partner = users[(client + 1 + roundIndex) % users.length];
		const expected: ExpectedKey[] = [];
		const send = async (key: string, request: Promise<Answer>, check: (answer: Answer) => unknown = succeeded) => {
			expected.push({ key });
			const answer = await request;
			served.push(answer.instance ?? -1);
			check(answer);
			return answer;
		};
		const name = `hall-${tag}`;
		const created = await send(`Room created · #${name}`, creator.post('/api/v1/channels.create', { name }));
		const roomId = created.body.channel._id as string;
		for (const member of [joiner, second, third]) {
			await send(`User joined · #${name} · @${await usernameOf(member)}`, member.post('/api/v1/channels.join', { roomId }));
		}
		await send(`User left · #${name} · @${await usernameOf(joiner)}`, joiner.post('/api/v1/channels.leave', { roomId }));
		await send(`Room creation denied · #blocked-${tag}`, creator.post('/api/v1/channels.create', { name: `blocked-${tag}` }), refused);
		const locked = await send(`Room created · #locked-${tag}`, ws.admin.post('/api/v1/channels.create', { name: `locked-${tag}` }));
		await send(
			`Join denied · #locked-${tag} · @${await usernameOf(second)}`,
			second.post('/api/v1/channels.join', { roomId: locked.body.channel._id }),
			refused,
		);
		await send(
			`Room created · @${await usernameOf(creator)}, @${await usernameOf(partner)}`,
			creator.post('/api/v1/im.create', { username: await usernameOf(partner) }),
		);
		await send(`Room deleted · #${name}`, ws.admin.post('/api/v1/channels.delete', { roomId }));
		return expected;
	}

	const usernames = new Map<string, string>();
	async function usernameOf(client: RestClient): Promise<string> {
		const known = usernames.get(client.userId);
		if (known) return known;
		const { body } = await client.get('/api/v1/me');
		usernames.set(client.userId, body.username as string);
		return body.username as string;
	}

	it('posts each record of concurrent requests served by both instances once, none lost, within seconds', async () => {
		const before = (await auditMessages()).length;
		const served: number[] = [];
		const started = Date.now();
		const expected = (
			await Promise.all(
				Array.from({ length: CLIENTS }, async (_unused, client) => {
					const keys: ExpectedKey[] = [];
					for (let roundIndex = 0; roundIndex < ROUNDS; roundIndex += 1) keys.push(...(await round(client, roundIndex, served)));
					return keys;
				}),
			)
		).flat();
		const trafficMs = Date.now() - started;

		expect(expected).toHaveLength(CLIENTS * ROUNDS * RECORDS_PER_ROUND);
		expect(new Set(served)).toEqual(new Set([0, 1]));
		// The scheduler delivers on its own: every record arrives, none twice.
		await waitFor(async () => expect((await auditMessages()).length - before).toBeGreaterThanOrEqual(expected.length), 20_000);
		const deliveredMs = Date.now() - started;
		// A moment more, in which a second copy of any record would arrive.
		await new Promise((resolve) => setTimeout(resolve, 4000));
		expect(tallyAuditMessages((await auditMessages()).slice(before), expected)).toEqual(cleanTally(expected.length));
		// Each instance ran the events of the requests it served.
		for (const host of ws.workspace.cluster.instances) {
			expect(host.getLogs(ws.appId, { method: 'executePostRoomUserJoined' }).length).toBeGreaterThan(0);
		}
		// The last record reached the audit room within a few seconds of the last request.
		expect(deliveredMs - trafficMs).toBeLessThan(10_000);
	}, 60_000);
});
