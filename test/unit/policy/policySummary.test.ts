import { ruleCounts } from '../../../policy/policySummary';
import { configFor } from '../../fakes/configFor';

describe('rule counts per policy family', () => {
	it('counts nothing with every setting at its default', () => {
		expect(ruleCounts(configFor())).toEqual({ creation: 0, naming: 0, deletion: 0, joining: 0, leaving: 0 });
	});

	it('counts each switch that is on and each pattern or rule line', () => {
		const config = configFor({
			creation_block_channels: true,
			creation_blocked_names: 'a-*, b-*',
			naming_prefix_channel: 'pub-',
			naming_auto_members: 'x-*: bob',
			deletion_protected_member_count: 5,
			join_rules: 'a: admin\nb: admin',
			join_locked_rooms: 'vault',
			leave_mandatory_names: 'onboarding',
		});
		expect(ruleCounts(config)).toEqual({ creation: 3, naming: 2, deletion: 1, joining: 3, leaving: 1 });
	});
});
