import { commandBox } from './commandBox.js';
import { byId, h, replaceChildren, splitNames, whileBusy } from './dom.js';

// Rooms as the acting user sees them, with their members, and every room action sent with
// the acting user's token: what the app allows or refuses depends on who asks.

const LIST_COUNT = 100;

const KIND_LABEL = {
	'channel': 'public channel',
	'private-group': 'private group',
	'team': 'team',
	'discussion': 'discussion',
	'direct': 'direct message',
};

export class RoomsPanel {
	/**
	 * `callAsActing(method, path, options)` sends a request as the acting user; `acting()` is
	 * `{username, isAdmin}`; `users()` the workspace's users; `act(action, work)` runs an action
	 * and reports its result.
	 */
	constructor({ callAsActing, acting, users, act }) {
		this.callAsActing = callAsActing;
		this.acting = acting;
		this.users = users;
		this.act = act;
		this.rooms = [];
		this.generation = 0;
		byId('create-kind').addEventListener('change', () => this.showCreateFields());
		byId('create-form').addEventListener('submit', (event) => {
			event.preventDefault();
			whileBusy(byId('create-submit'), () => this.create());
		});
		byId('rooms-refresh').addEventListener('click', () => whileBusy(byId('rooms-refresh'), () => this.refresh()));
		this.showCreateFields();
	}

	/** Reads the room list again; a slower, older read never overwrites a newer one. */
	async refresh() {
		const generation = ++this.generation;
		let rooms;
		try {
			rooms = await this.listRooms();
		} catch (error) {
			if (generation === this.generation) {
				replaceChildren(byId('room-list'), h('p', { class: 'problem' }, `The rooms cannot be listed: ${error.message}`));
			}
			return;
		}
		if (generation === this.generation) {
			this.rooms = rooms;
			this.render();
		}
	}

	async listRooms() {
		const rooms = await listVisibleRooms(this.callAsActing, this.acting().isAdmin);
		const members = await Promise.allSettled(
			rooms.map((room) => this.callAsActing('GET', `/api/v1/${room.api}.members`, { query: { roomId: room._id, count: LIST_COUNT } })),
		);
		return rooms
			.map((room, index) => ({
				...room,
				members: members[index].status === 'fulfilled' ? (members[index].value.members ?? []) : undefined,
				membersProblem: members[index].status === 'rejected' ? members[index].reason.message : undefined,
			}))
			.sort((a, b) => Number(a.t === 'd') - Number(b.t === 'd') || displayName(a).localeCompare(displayName(b)));
	}

	render() {
		const me = this.acting().username;
		byId('rooms-heading').textContent = `Rooms @${me} sees`;
		byId('create-submit').textContent = `Create as @${me}`;
		replaceChildren(
			byId('room-list'),
			this.rooms.length === 0 ? h('p', { class: 'empty' }, 'No rooms yet.') : this.rooms.map((room) => this.roomCard(room, me)),
		);
		this.renderParentChoices();
	}

	roomCard(room, me) {
		const kind = kindOf(room);
		const name = displayName(room);
		const isMember = room.members?.some((member) => member.username === me);
		const parent = room.prid && this.rooms.find((candidate) => candidate._id === room.prid);
		const direct = kind === 'direct';
		const actionButton = (label, action, work, className = 'secondary') => {
			const button = h('button', { type: 'button', class: className }, label);
			button.addEventListener('click', () => whileBusy(button, () => this.act(`${action} as @${me}`, work)));
			return button;
		};
		return h(
			'article',
			{ class: `room ${kind}`, dataset: { roomName: name } },
			h(
				'div',
				{ class: 'room-head' },
				h('h3', { class: 'room-name' }, h('span', { class: 'sigil' }, kind === 'discussion' || direct ? '' : '#'), name),
				h('span', { class: `badge kind-${kind}` }, KIND_LABEL[kind]),
				room.ro && h('span', { class: 'badge' }, 'read-only'),
				room.default && h('span', { class: 'badge' }, 'default'),
				room.teamId && !room.teamMain && h('span', { class: 'badge' }, 'in a team'),
				!direct &&
					h(
						'div',
						{ class: 'room-actions' },
						room.api === 'channels' && !isMember && actionButton('Join', `Join “${name}”`, () => this.post('channels.join', { roomId: room._id })),
						isMember && actionButton('Leave', `Leave “${name}”`, () => this.post(`${room.api}.leave`, { roomId: room._id })),
						room.teamMain
							? actionButton('Delete team', `Delete team “${name}”`, () => this.post('teams.delete', { teamName: room.name }), 'danger')
							: actionButton('Delete', `Delete “${name}”`, () => this.post(`${room.api}.delete`, { roomId: room._id }), 'danger'),
					),
			),
			h(
				'p',
				{ class: 'room-sub' },
				[
					room.u?.username && `created by @${room.u.username}`,
					parent && `discussion in #${displayName(parent)}`,
					room.members && `${room.members.length} member${room.members.length === 1 ? '' : 's'}`,
				]
					.filter(Boolean)
					.join(' · '),
			),
			room.members
				? h(
						'ul',
						{ 'class': 'members', 'aria-label': `Members of ${name}` },
						room.members.map((member) =>
							h(
								'li',
								{ class: `member ${member.username === me ? 'me' : ''}` },
								`@${member.username}`,
								member.username !== me &&
									!direct &&
									h(
										'button',
										{
											'type': 'button',
											'class': 'kick',
											'title': `Kick @${member.username}`,
											'aria-label': `Kick @${member.username} from ${name}`,
											'onclick': (event) =>
												whileBusy(event.currentTarget, () =>
													this.act(`Kick @${member.username} from “${name}” as @${me}`, () =>
														this.post(`${room.api}.kick`, { roomId: room._id, userId: member._id }),
													),
												),
										},
										'×',
									),
							),
						),
					)
				: h('p', { class: 'problem' }, `Members hidden: ${room.membersProblem}`),
			!direct && this.inviteForm(room, name, me),
			// Commands run where the user may be: a room they are in, or any public channel.
			(isMember || room.t === 'c') && commandBox({ room, roomName: name, acting: this.acting(), callAsActing: this.callAsActing }),
		);
	}

	inviteForm(room, name, me) {
		const memberIds = new Set((room.members ?? []).map((member) => member._id));
		const candidates = this.users().filter((user) => !memberIds.has(user._id));
		if (candidates.length === 0) {
			return undefined;
		}
		const select = h(
			'select',
			{ 'aria-label': `User to invite to ${name}` },
			candidates.map((user) => h('option', { value: user._id }, `@${user.username}`)),
		);
		const button = h('button', { type: 'submit', class: 'secondary' }, 'Invite');
		return h(
			'form',
			{
				class: 'invite',
				onsubmit: (event) => {
					event.preventDefault();
					const user = candidates.find((candidate) => candidate._id === select.value);
					whileBusy(button, () =>
						this.act(`Invite @${user.username} to “${name}” as @${me}`, () =>
							this.post(`${room.api}.invite`, { roomId: room._id, userId: user._id }),
						),
					);
				},
			},
			select,
			button,
		);
	}

	post(endpoint, body) {
		return this.callAsActing('POST', `/api/v1/${endpoint}`, { body });
	}

	/** Shows the fields the chosen kind of room needs. */
	showCreateFields() {
		const kind = byId('create-kind').value;
		byId('create-name-field').hidden = kind === 'direct';
		byId('create-name-label').textContent = kind === 'discussion' ? 'Title' : 'Name';
		byId('create-parent-field').hidden = kind !== 'discussion';
		byId('create-private-team-field').hidden = kind !== 'team';
		byId('create-members-label').textContent = kind === 'direct' ? 'With (usernames)' : 'Members (usernames, optional)';
		byId('create-name').required = kind !== 'direct';
	}

	renderParentChoices() {
		const select = byId('create-parent');
		const chosen = select.value;
		replaceChildren(
			select,
			this.rooms.filter((room) => !room.prid).map((room) => h('option', { value: room._id, selected: room._id === chosen }, `#${displayName(room)}`)),
		);
	}

	async create() {
		const kind = byId('create-kind').value;
		const name = byId('create-name').value.trim();
		const members = splitNames(byId('create-members').value);
		const me = this.acting().username;
		const what = kind === 'direct' ? `direct message with ${members.map((member) => `@${member}`).join(', ')}` : `${KIND_LABEL[kind]} “${name}”`;
		const created = await this.act(`Create ${what} as @${me}`, () => this.createRoom(kind, name, members));
		if (created) {
			byId('create-name').value = '';
		}
	}

	createRoom(kind, name, members) {
		switch (kind) {
			case 'channel':
				return this.post('channels.create', { name, members });
			case 'private-group':
				return this.post('groups.create', { name, members });
			case 'team':
				// teams.create takes user ids, not usernames.
				return this.post('teams.create', { name, type: byId('create-private-team').checked ? 1 : 0, members: this.userIdsOf(members) });
			case 'discussion':
				return this.post('rooms.createDiscussion', { prid: byId('create-parent').value, t_name: name, users: members });
			default:
				return this.post('im.create', members.length === 1 ? { username: members[0] } : { usernames: members.join(',') });
		}
	}

	userIdsOf(usernames) {
		return usernames.map((username) => this.users().find((user) => user.username === username)?._id ?? username);
	}
}

/**
 * The rooms a user sees, each marked with the API family that acts on it. An admin sees every
 * private group and direct message (groups.listAll, im.list.everyone); anyone else, or a
 * workspace without those lists, the joined ones. Direct messages have no actions here, so a
 * workspace that cannot list them only leaves them out.
 */
export async function listVisibleRooms(call, isAdmin) {
	const query = { count: LIST_COUNT };
	const firstList = async (endpoints, key) => {
		for (const endpoint of endpoints) {
			try {
				return (await call('GET', `/api/v1/${endpoint}`, { query }))[key] ?? [];
			} catch (error) {
				if (endpoint === endpoints[endpoints.length - 1]) {
					throw error;
				}
			}
		}
		return [];
	};
	const [channels, groups, directs] = await Promise.all([
		firstList(['channels.list'], 'channels'),
		firstList(isAdmin ? ['groups.listAll', 'groups.list'] : ['groups.list'], 'groups'),
		firstList(isAdmin ? ['im.list.everyone', 'im.list'] : ['im.list'], 'ims').catch(() => []),
	]);
	return [
		...channels.map((room) => ({ ...room, api: 'channels' })),
		...groups.map((room) => ({ ...room, api: 'groups' })),
		...directs.map((room) => ({ ...room, api: 'im' })),
	];
}

function displayName(room) {
	if (room.t === 'd') {
		return (room.usernames ?? []).map((username) => `@${username}`).join(', ') || room._id;
	}
	return room.fname || room.name || room._id;
}

function kindOf(room) {
	if (room.t === 'd') {
		return 'direct';
	}
	if (room.teamMain) {
		return 'team';
	}
	if (room.prid) {
		return 'discussion';
	}
	return room.t === 'p' ? 'private-group' : 'channel';
}
