/**
 * `npm run bench` (`-- --quick` for fewer rounds and smaller bursts): every benchmark the project
 * owns, in one process, one section after the other. Each prints ratios of things measured side
 * by side in the same run, with the machine's load; none passes or fails on an absolute time. A
 * section stops the run only when what it times gives a wrong answer (the index and the scan
 * disagree, a decision is not what its rules say, a refusal burst lets someone in).
 */
import { benchAuditBursts } from './auditBursts';
import { benchOptions, fmt, load, machine, now } from './benchSupport';
import { benchEventCost } from './eventCost';
import { benchPatternIndex } from './patternIndex';
import { benchPatternMatching } from './patternMatching';
import { benchRuleScaling } from './ruleScaling';
import { benchSettingSaves } from './settingSaves';

async function main(): Promise<void> {
	const options = benchOptions(process.argv.slice(2));
	const started = now();
	console.log(`Room Events benchmarks${options.quick ? ' (--quick)' : ''}, node ${process.version}, ${machine()}`);
	const sections: Array<[string, () => unknown]> = [
		['Pattern matcher against a naive regex', () => benchPatternMatching()],
		['Pattern index (with the hostile-pattern check)', () => benchPatternIndex(options)],
		['Rule scaling per family', () => benchRuleScaling()],
		['Saving 10,000 rule lines', () => benchSettingSaves(options)],
		['Per-event cost and host round trips', () => benchEventCost(options)],
		['Audit bursts', () => benchAuditBursts(options)],
	];
	for (const [index, [title, run]] of sections.entries()) {
		const sectionStarted = now();
		console.log(`\n=== ${index + 1}. ${title} (load ${load()}) ===\n`);
		await run();
		console.log(`(section ${index + 1}: ${fmt((now() - sectionStarted) / 1000)} s)`);
	}
	console.log(`\nAll sections in ${fmt((now() - started) / 1000)} s; ${machine()}`);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
