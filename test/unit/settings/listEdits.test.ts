import { withListItem, withoutListItem } from '../../../settings/listEdits';

describe('editing a list setting item by item', () => {
	it.each([
		['', 'town', 'town'],
		['vault', 'town', 'vault\ntown'],
		['vault, ops-*\n\n  ', 'town', 'vault, ops-*\ntown'],
	])('adds to %j', (raw, item, expected) => {
		expect(withListItem(raw, item)).toBe(expected);
	});

	it.each([
		['town', 'town', '', 1],
		['vault\ntown\nlegal-*', 'town', 'vault\nlegal-*', 1],
		['vault, #Town,ops-*', 'town', 'vault, ops-*', 1],
		['town\nvault, town', 'TOWN', 'vault', 2],
		['vault,  legal-*\ntown-square', 'town', 'vault,  legal-*\ntown-square', 0],
	])('takes %j out of %j', (raw, item, text, removed) => {
		expect(withoutListItem(raw, item)).toEqual({ text, removed });
	});
});
