// When scheduled jobs run, read as Agenda (Rocket.Chat's scheduler) reads intervals and times.
const DURATION_UNITS: Array<[RegExp, number]> = [
	[/^(ms|milliseconds?)$/, 1],
	[/^(s|secs?|seconds?)$/, 1000],
	[/^(m|mins?|minutes?)$/, 60 * 1000],
	[/^(h|hrs?|hours?)$/, 60 * 60 * 1000],
	[/^(d|days?)$/, 24 * 60 * 60 * 1000],
	[/^(w|weeks?)$/, 7 * 24 * 60 * 60 * 1000],
];

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };

/**
 * Milliseconds in an interval as Agenda reads it (human-interval): a number of milliseconds, or
 * text such as '30 seconds', '1 minute', 'one hour and 30 minutes'. Cron patterns are refused.
 */
export function parseInterval(interval: string | number): number {
	if (typeof interval === 'number') {
		if (!(interval > 0)) throw new Error(`Invalid job interval: ${interval}.`);
		return interval;
	}
	const text = interval
		.toLowerCase()
		.replace(/,|\band\b/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return parseInterval(Number(text));
	const term = /(\d+(?:\.\d+)?|[a-z]+) ?([a-z]+) ?/y;
	let total = 0;
	while (term.lastIndex < text.length) {
		const match = term.exec(text);
		const amount = match && (NUMBER_WORDS[match[1]] ?? Number(match[1]));
		const unit = match && DURATION_UNITS.find(([pattern]) => pattern.test(match[2]));
		if (!unit || !amount || !Number.isFinite(amount)) {
			throw new Error(
				`Unsupported job interval "${interval}": use milliseconds or text like '30 seconds', '5 minutes', '1 hour' (cron patterns are not supported by the local workspace).`,
			);
		}
		total += amount * unit[1];
	}
	if (total === 0) throw new Error(`Invalid job interval "${interval}".`);
	return total;
}

/** When a one-off job runs: a Date, 'now', a delay such as 'in 5 minutes' (as Agenda reads it), or a date string. */
export function parseWhen(when: string | Date, now: Date): Date {
	if (typeof when !== 'string') return new Date(when.getTime());
	const text = when.trim().toLowerCase();
	if (text === 'now') return now;
	const delay = text.replace(/^in /, '');
	if (!/^\d{4}-/.test(delay)) {
		try {
			return new Date(now.getTime() + parseInterval(delay));
		} catch {
			// Not a delay: read it as a date.
		}
	}
	const date = new Date(when);
	if (Number.isNaN(date.getTime())) throw new Error(`Unsupported job time "${when}": use a Date, a date string, 'now' or a delay like 'in 5 minutes'.`);
	return date;
}
