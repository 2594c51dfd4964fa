/**
 * Room-name patterns of the shapes admins write, and the names that test them: the pattern index
 * bench and the rule-scaling bench decide the same rules on the same names.
 */

/**
 * Rules of the shapes admins write, in the proportions of a large workspace: 40% exact names,
 * 40% project prefixes, 15% archive suffixes, 5% inner words, one in 25 with a `?`; ten rules
 * hold four, four, one and one. Every rule has its own number, so a name made for one matches
 * that one alone.
 */
export function realisticRules(count: number): string[] {
	const shapes = ['exact', 'prefix', 'exact', 'prefix', 'exact', 'prefix', 'exact', 'prefix', 'suffix', 'inner'];
	const shapesOfTwenty = [...shapes, ...shapes.slice(0, 8), 'suffix', 'suffix'];
	return Array.from({ length: count }, (_, i) => {
		const id = 1000 + i;
		const shape = shapesOfTwenty[i % 20];
		const wild = i % 25 === 12;
		if (shape === 'exact') return wild ? `team-?${id}` : `team-${id}`;
		if (shape === 'prefix') return wild ? `proj-${id}-??-*` : `proj-${id}-*`;
		if (shape === 'suffix') return `*-${id}-archive`;
		return `*-ops-${id}-*`;
	});
}

/** A name that the rule matches (and, rules being numbered, no other). */
export function nameFor(rule: string): string {
	return rule.replace(/^\*/, 'sales').replace(/\*$/, 'room').replace(/\?/g, 'x');
}

/** Names no realistic rule matches: the same shapes, numbers no rule has. */
export const NONE_MATCHING = [
	'team-99001',
	'proj-99002-design',
	'sales-99003-archive',
	'big-ops-99004-room',
	'general',
	'random',
	'support-tier-2',
	'proj-x-kickoff',
	'team-1000x',
	'q3-planning-archive',
	'incident-2024-07-31',
	'sales-emea',
];

/** For each shape, a name matched by the list's last rule of that shape (a scan's worst case). */
export function lastMatching(rules: readonly string[]): string[] {
	const lastOf = (test: (rule: string) => boolean) => [...rules].reverse().find(test) as string;
	return [
		lastOf((rule) => rule.startsWith('team-')),
		lastOf((rule) => rule.startsWith('proj-')),
		lastOf((rule) => rule.endsWith('-archive')),
		lastOf((rule) => rule.startsWith('*-ops-')),
	].map(nameFor);
}
