// Stands in for jsr:@std/cli's parseArgs, which cannot be fetched offline. The Deno runtime
// reads only its own flags with it: `--subprocess <app id> --spawnId <n>` and, optionally,
// `--metricsReportFrequencyInMs <n>`. Numbers become numbers, as the real parser's callers expect.
export function parseArgs(args) {
	const parsed = { _: [] };
	for (let i = 0; i < args.length; i += 1) {
		const flag = /^--([^=]+)(?:=(.*))?$/.exec(args[i]);
		if (!flag) {
			parsed._.push(args[i]);
			continue;
		}
		let value = flag[2];
		if (value === undefined && i + 1 < args.length && !args[i + 1].startsWith('--')) {
			i += 1;
			value = args[i];
		}
		parsed[flag[1]] = flagValue(value);
	}
	return parsed;
}

/** A flag without a value is true; numbers become numbers. */
function flagValue(value) {
	if (value === undefined) {
		return true;
	}
	return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}
