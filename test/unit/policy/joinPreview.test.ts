import { previewJoinRule, withEditedJoinRule } from '../../../policy/joinPreview';
import { SETTINGS } from '../../../settings/settings';
import { configFor, room, user } from '../../fakes/configFor';

const ruleOf = (line: string) => {
	const parsed = SETTINGS.joinRules.parse(line);
	if (!parsed.ok) throw new Error(parsed.error);
	return parsed.value[0];
};

describe('previewing an edited join rule', () => {
	const members = [user('alice'), user('lee', ['lawyer']), user('root', ['admin']), user('bob')];

	it('refuses the members without the role, keeps exempt ones, and skips rooms the pattern does not match', () => {
		const config = configFor({ join_exempt_users: 'bob' });
		const preview = previewJoinRule(config, ruleOf('legal-*: lawyer'), [
			{ room: room('legal-team', 'private-group'), members },
			{ room: room('town'), members },
		]);
		expect(preview).toEqual({ roomsChecked: 1, membersChecked: 4, refused: [{ room: 'legal-team', username: 'alice' }] });
	});

	it('judges by the edited rule alone: locks, invite-only and capacity say nothing of current members', () => {
		const config = configFor({
			join_locked_rooms: 'legal-*',
			join_invite_only_names: 'legal-*',
			join_capacity: 'legal-*: 1',
			join_keep_guests_out_of_channels: true,
		});
		expect(previewJoinRule(config, ruleOf('legal-*: user, lawyer'), [{ room: room('legal-team'), members }]).refused).toEqual([]);
	});

	it('replaces the rule of the same pattern, or goes first', () => {
		const config = configFor({ join_rules: 'legal-*: admin\nops-*: admin' });
		const replaced = withEditedJoinRule(config, ruleOf('LEGAL-*: lawyer')).joinRules.map((rule) => rule.source);
		expect(replaced).toEqual(['LEGAL-*: lawyer', 'ops-*: admin']);
		expect(withEditedJoinRule(config, ruleOf('legal-team: user')).joinRules.map((rule) => rule.source)).toEqual([
			'legal-team: user',
			'legal-*: admin',
			'ops-*: admin',
		]);
	});
});
