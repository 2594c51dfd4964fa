/**
 * Edits of a list setting's text (items one per line or comma-separated, as parseList reads
 * them) that keep the admin's lines as written: the command's lock and unlock change one item.
 */

/** The text with `item` added on a line of its own at the end. */
export function withListItem(raw: string, item: string): string {
	const kept = raw.replace(/\s+$/, '');
	return kept === '' ? item : `${kept}\n${item}`;
}

/**
 * The text without every item equal to `item` (case-insensitively, `#` before a room name
 * ignored), and how many went; a line left empty goes too, other lines stay as written.
 */
export function withoutListItem(raw: string, item: string): { text: string; removed: number } {
	const wanted = comparable(item);
	let removed = 0;
	const lines: string[] = [];
	for (const line of raw.split('\n')) {
		const parts = line.split(',');
		const kept = parts.filter((part) => comparable(part) !== wanted);
		removed += parts.length - kept.length;
		if (kept.length === parts.length) {
			lines.push(line);
		} else if (kept.some((part) => part.trim() !== '')) {
			lines.push(kept.map((part) => part.trim()).join(', '));
		}
	}
	return { text: lines.join('\n'), removed };
}

function comparable(part: string): string {
	return part.trim().replace(/^#/, '').toLowerCase();
}
