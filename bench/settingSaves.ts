/**
 * Saving long rule lists (a section of `npm run bench`): what a save of 10,000 rule lines costs,
 * against a save of 10, in the app's own code (the validation onPreSettingUpdate runs, the config
 * update onSettingUpdated makes, which compiles the list's index, and the first decision after) and
 * through the real engine in both runtimes; the server reads a save makes, counted (the goal is
 * one role read per save, however long the list); and the heap the parsed, compiled list holds.
 */
import type { ILogger, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { AppInterface } from 'apps-engine-deno/definition/metadata';

import type { BenchOptions } from './benchSupport';
import { fmt, heapOf, load, median, now, row, timed } from './benchSupport';
import { AUDIT_ONLY_SETTINGS, startBenchHost } from './benchWorkspace';
import { NONE_MATCHING, realisticRules } from './ruleShapes';
import { settingValueProblem } from '../handlers/onPreSettingUpdate';
import { decideCreation } from '../policy/creationPolicy';
import type { RoomFacts, UserFacts } from '../policy/eventFacts';
import { decideJoin } from '../policy/membershipPolicy';
import { autoMembersFor } from '../policy/roomShapePolicy';
import { ConfigCache } from '../settings/configCache';
import type { RoomEventsConfig } from '../settings/settings';
import { DEFAULT_CONFIG } from '../settings/settings';
import { roomEventsZip } from '../test/engine/packagedApp';
import { toAppRoom, toAppUser } from '../workspace/engine/converters';
import type { EngineEvent } from '../workspace/engine/engineHost';
import { RUNTIME_NAMES } from '../workspace/engine/engineRuntime';

const MEMBER: UserFacts = { id: 'u1', username: 'member', roles: ['user'] };
const channel = (name: string): RoomFacts => ({ name, kind: 'channel', isPublic: true, isDefault: false, isTeamMain: false });

interface SavedList {
	readonly label: string;
	readonly setting: string;
	readonly line: (pattern: string) => string;
	/** A decision that reads the list. */
	readonly decide: (config: RoomEventsConfig) => unknown;
}

const LISTS: readonly SavedList[] = [
	{
		label: 'join rules (custom role)',
		setting: 'join_rules',
		line: (pattern) => `${pattern}: admin, security`,
		decide: (config) => decideJoin(config, { room: channel(NONE_MATCHING[0]), joiningUser: MEMBER }),
	},
	{
		label: 'blocked creation names',
		setting: 'creation_blocked_names',
		line: (pattern) => pattern,
		decide: (config) => decideCreation(config, channel(NONE_MATCHING[0]), MEMBER),
	},
	{
		label: 'auto-members (a user)',
		setting: 'naming_auto_members',
		line: (pattern) => `${pattern}: compliance.bot`,
		decide: (config) => autoMembersFor(config, channel(NONE_MATCHING[0])),
	},
];

const valueOf = (list: SavedList, count: number) => realisticRules(count).map(list.line).join('\n');

/** The server as a save's validation reads it, counting the reads: the custom role `security` and the user `compliance.bot` exist. */
function countingRead() {
	const reads = { roles: 0, users: 0 };
	const read = {
		getRoleReader: () => ({
			getCustomRoles: async () => {
				reads.roles++;
				return [{ id: 'security', name: 'security' }];
			},
			getOneByIdOrName: async () => {
				reads.roles++;
				return undefined;
			},
		}),
		getUserReader: () => ({
			getByUsername: async (username: string) => {
				reads.users++;
				return username === 'compliance.bot' ? { id: 'bot', username } : undefined;
			},
		}),
	} as unknown as IRead;
	return { read, reads };
}

/** A logger that keeps nothing: a refused value is caught by the check that follows it. */
const SILENT = { debug: () => undefined, info: () => undefined, log: () => undefined, warn: () => undefined, error: () => undefined } as unknown as ILogger;

/** One save in the app's code: validate (onPreSettingUpdate), apply and compile (ConfigCache, from onSettingUpdated), then the first decision. */
async function saveInApp(list: SavedList, value: string) {
	const { read, reads } = countingRead();
	const validate = await timed(() => settingValueProblem({ id: list.setting, value } as ISetting, read, 'app'));
	if (validate.result !== undefined) throw new Error(`${list.setting} was refused: ${validate.result}`);
	const cache = new ConfigCache();
	let started = now();
	cache.apply({ id: list.setting, value } as ISetting, SILENT);
	const applyMs = now() - started;
	if (cache.current === DEFAULT_CONFIG) throw new Error(`${list.setting} does not apply`);
	started = now();
	list.decide(cache.current);
	const firstDecisionMs = now() - started;
	return { validateMs: validate.ms, applyMs, firstDecisionMs, reads };
}

async function inAppSaves(runs: number): Promise<void> {
	console.log(
		`In the app's code: ms per save, median of ${runs} (validation; config update, which compiles the list's index; the first decision after), and the server reads made`,
	);
	const widths = [26, 6, 10, 15, 14, 8, 12, 10, 12];
	console.log(row(['list', 'lines', 'validate', 'apply, compile', 'first decision', 'total', 'role reads', 'user reads', 'vs 10 lines'], widths));
	for (const list of LISTS) {
		const totals = new Map<number, number>();
		for (const count of [10, 10000]) {
			const value = valueOf(list, count);
			const samples: Array<Awaited<ReturnType<typeof saveInApp>>> = [];
			for (let run = 0; run < runs; run++) samples.push(await saveInApp(list, value));
			const pick = (of: (sample: (typeof samples)[number]) => number) => median(samples.map(of));
			const total = pick((sample) => sample.validateMs + sample.applyMs + sample.firstDecisionMs);
			totals.set(count, total);
			const { reads } = samples[0];
			const versus = count === 10 ? '' : `×${fmt(total / (totals.get(10) as number))}`;
			console.log(
				row(
					[
						list.label,
						count,
						fmt(pick((sample) => sample.validateMs)),
						fmt(pick((sample) => sample.applyMs)),
						fmt(pick((sample) => sample.firstDecisionMs)),
						fmt(total),
						reads.roles,
						reads.users,
						versus,
					],
					widths,
				),
			);
		}
	}
	console.log('Heap held by the parsed and compiled list (mean of 10 copies; the rest of the config is shared with the defaults):');
	for (const list of LISTS) {
		const value = valueOf(list, 10000);
		const bytes = heapOf(() => {
			const cache = new ConfigCache();
			cache.apply({ id: list.setting, value } as ISetting, SILENT);
			return cache;
		});
		console.log(`  ${list.label.padEnd(26)} 10,000 lines: ${fmt(bytes / 2 ** 20)} MB (${fmt(bytes / 10000)} bytes a rule)`);
	}
	console.log(`load now ${load()}`);
}

/** Bridge calls of one bridge the app made since `before` (faults.calledMethods counts). */
function callsSince(before: Map<string, number>, after: Map<string, number>, bridge?: string): number {
	let total = 0;
	for (const [key, count] of after) if (bridge === undefined || key.startsWith(`${bridge}.`)) total += count - (before.get(key) ?? 0);
	return total;
}

async function engineSaves(runs: number): Promise<void> {
	console.log(`\nThrough the engine (the packaged app, updateSetting as the admin UI saves): join rules, ms per save, median of ${runs} alternating values`);
	const widths = [7, 6, 8, 10, 12, 16, 22];
	console.log(row(['runtime', 'lines', 'save ms', 'vs 10', 'role reads', 'other bridge calls', 'next join: first / then µs'], widths));
	for (const runtime of RUNTIME_NAMES) {
		const { store, host, appId } = await startBenchHost(runtime, roomEventsZip(), AUDIT_ONLY_SETTINGS);
		try {
			const alice = store.getUserByUsername('alice');
			const bob = store.getUserByUsername('bob');
			if (!alice || !bob) throw new Error('The bench workspace is incomplete.');
			store.createUser({ username: 'sec.lead', roles: ['user', 'security'] });
			const room = store.createRoom({ name: NONE_MATCHING[0], type: 'c', creatorId: alice.id });
			const payload = () => ({ room: toAppRoom(store, room), joiningUser: toAppUser(bob), inviter: { id: alice.id, username: alice.username } });
			const join = () => host.fire(AppInterface.IPreRoomUserJoined as EngineEvent, payload());
			const calls = () => new Map(host.faults.calledMethods(appId).map((call) => [`${call.bridge}.${call.method}`, call.count]));
			const saveMs = new Map<number, number>();
			for (const count of [10, 10000]) {
				const values = [LISTS[0].line, (pattern: string) => `${pattern}: security, admin`].map((line) => realisticRules(count).map(line).join('\n'));
				const samples: number[] = [];
				const roleReads: number[] = [];
				const otherCalls: number[] = [];
				const firstJoins: number[] = [];
				const laterJoins: number[] = [];
				for (let run = 0; run < runs; run++) {
					const before = calls();
					const saved = await timed(() => host.updateSetting(appId, 'join_rules', values[run % 2]));
					const after = calls();
					samples.push(saved.ms);
					roleReads.push(callsSince(before, after, 'role'));
					otherCalls.push(callsSince(before, after) - callsSince(before, after, 'role'));
					firstJoins.push((await timed(join)).ms);
					for (let repeat = 0; repeat < 5; repeat++) laterJoins.push((await timed(join)).ms);
				}
				// The journal entries the saves scheduled, as the scheduler would run them.
				await host.runDueJobs(new Date(Date.now() + 60_000));
				saveMs.set(count, median(samples));
				const versus = count === 10 ? '' : `×${fmt(median(samples) / (saveMs.get(10) as number))}`;
				console.log(
					row(
						[
							runtime,
							count,
							fmt(median(samples)),
							versus,
							`${Math.min(...roleReads)}–${Math.max(...roleReads)}`,
							`${Math.min(...otherCalls)}–${Math.max(...otherCalls)}`,
							`${fmt(median(firstJoins) * 1000)} / ${fmt(median(laterJoins) * 1000)}`,
						],
						widths,
					),
				);
			}
		} finally {
			await host.stop();
		}
	}
	console.log(`load now ${load()}`);
}

export async function benchSettingSaves(options: BenchOptions): Promise<void> {
	const runs = options.quick ? 3 : 7;
	await inAppSaves(runs);
	await engineSaves(options.quick ? 2 : 4);
}
