import { startAppWorkspace, waitFor } from './workspaceHarness';
import type { Answer, RestClient } from './workspaceHarness';
import { RUNTIME_NAMES } from '../../workspace/engine/engineRuntime';
import type { LocalWorkspace } from '../../workspace/localWorkspace';
import { CLUSTER_PROBE_ID, clusterProbeZip, probeLines } from '../engine/clusterProbe';

/** The instance that served a request, from the workspace's own header. */
function servedBy(answer: Answer): number {
	if (answer.instance === undefined) throw new Error('The answer does not say which instance served it.');
	return answer.instance;
}

/** A cluster of two instances over HTTP, with the cluster probe installed, as a load balancer's clients see it. */
describe.each(RUNTIME_NAMES)('a workspace of two instances, %s runtime', (runtime) => {
	let zip: Buffer;
	let workspace: LocalWorkspace;
	let admin: RestClient;
	let bob: RestClient;

	beforeAll(async () => {
		zip = await clusterProbeZip();
	}, 60_000);

	beforeEach(async () => {
		({ workspace, admin, bob } = await startAppWorkspace(zip, { runtime, instances: 2 }));
	}, 30_000);

	afterEach(async () => {
		await workspace?.close();
	});

	const lines = (instanceIndex: number) => probeLines(workspace.cluster.instance(instanceIndex));
	const createChannel = async (name: string) => (await admin.post('/api/v1/channels.create', { name })).body.channel as { _id: string };

	it('reports both instances and serves requests on each in turn', async () => {
		const answers = [await admin.get('/api/info'), await admin.get('/api/info'), await admin.get('/api/info')];

		expect(answers[0].body.appsEngine).toEqual(expect.objectContaining({ runtime, instances: 2 }));
		expect(answers.map(servedBy)).toEqual([servedBy(answers[0]), 1 - servedBy(answers[0]), servedBy(answers[0])]);
		await expect(workspace.cluster.instance(1).listApps()).resolves.toEqual([expect.objectContaining({ id: CLUSTER_PROBE_ID, enabled: true })]);
	});

	it('fires the room events on the instance serving the request, with the member count from before the change', async () => {
		const town = await createChannel('town');

		const joined = await bob.post('/api/v1/channels.join', { roomId: town._id });
		const joinedOn = servedBy(joined);
		await waitFor(async () => expect(lines(joinedOn)).toContain('bob joined town, usersCount 1'));
		expect(lines(1 - joinedOn).filter((line) => line.includes('joined'))).toEqual([]);
		// The count the app reads again is the current one.
		expect(joined.body.channel.usersCount).toBe(2);

		// Nothing else talks to the workspace: the next request goes to the other instance.
		const left = await bob.post('/api/v1/channels.leave', { roomId: town._id });
		expect(servedBy(left)).toBe(1 - joinedOn);
		expect(lines(1 - joinedOn)).toContain('bob left town, usersCount 2');
	});

	it('replays a setting change made through one instance on the other, unless the other misses the broadcast', async () => {
		const change = (value: string) => admin.post(`/api/apps/${CLUSTER_PROBE_ID}/settings/label`, { setting: { id: 'label', value } });
		const settingLines = (instanceIndex: number) => lines(instanceIndex).filter((line) => line.startsWith('setting'));

		expect((await change('second')).status).toBe(200);
		expect([settingLines(0), settingLines(1)]).toEqual([['setting label is second'], ['setting label is second']]);
		// Rocket.Chat keeps every instance's app logs in one collection: either instance lists both, each record naming its own.
		const instancesLogging = async () => {
			const { body } = await admin.get(`/api/apps/${CLUSTER_PROBE_ID}/logs`, { count: 0 });
			const records = body.logs as Array<{ method: string; instanceId: string; entries: Array<{ args: unknown[] }> }>;
			return new Set(records.filter((record) => JSON.stringify(record.entries).includes('setting label is second')).map((record) => record.instanceId));
		};
		const bothInstances = new Set(workspace.cluster.instances.map((host) => host.instanceId));
		expect(bothInstances.size).toBe(2);
		expect([await instancesLogging(), await instancesLogging()]).toEqual([bothInstances, bothInstances]);

		const servedNext = 1 - servedBy(await admin.get('/api/info'));
		workspace.cluster.missNextBroadcast(1 - servedNext, 'apps.settingUpdated');
		const changed = await change('third');
		expect(servedBy(changed)).toBe(servedNext);
		expect(settingLines(servedNext)).toEqual(['setting label is second', 'setting label is third']);
		expect(settingLines(1 - servedNext)).toEqual(['setting label is second']);
		// Each instance answers with its own copy of the app's settings.
		const values = [await admin.get(`/api/apps/${CLUSTER_PROBE_ID}/settings/label`), await admin.get(`/api/apps/${CLUSTER_PROBE_ID}/settings/label`)];
		expect(Object.fromEntries(values.map((answer) => [servedBy(answer), answer.body.setting.value]))).toEqual({
			[servedNext]: 'third',
			[1 - servedNext]: 'second',
		});
	});

	it('keeps the message id an app chose and refuses a second message with that id, whichever instance posts it', async () => {
		const town = await createChannel('town');
		const messageId = `welcome-${town._id}-${bob.userId}`;

		await bob.post('/api/v1/channels.join', { roomId: town._id });
		await waitFor(async () => expect([...lines(0), ...lines(1)]).toContain(`posted ${messageId}`));
		await bob.post('/api/v1/channels.leave', { roomId: town._id });
		await bob.post('/api/v1/channels.join', { roomId: town._id });
		await waitFor(async () =>
			expect([...lines(0), ...lines(1)]).toContain(`posting ${messageId} failed: Cannot read properties of undefined (reading '_id')`),
		);

		const { body } = await admin.get('/api/v1/channels.messages', { roomId: town._id });
		expect((body.messages as Array<{ _id: string; msg: string }>).map(({ _id, msg }) => ({ _id, msg }))).toEqual([{ _id: messageId, msg: 'Welcome, bob' }]);
	});
});
