// `npm run package -- --essentials IPreRoomUserJoined,IPreRoomCreatePrevent`: the events app.json's
// `essentials` (IAppInfo.essentials) lists. While an app is installed and disabled, the Apps-Engine's
// listener manager (1.42.1 and 1.62.0 alike) locks each event its essentials name, and throws
// EssentialAppDisabledException for it whatever app listens: Rocket.Chat answers the user
// `error-essential-app-disabled`. Only Room Events' pre-events are accepted: a post event runs once
// the room is created, deleted, joined or left, so locking it could prevent nothing (at most an
// awaited one, IPostRoomUserLeave, would answer an error for a leave that happened).

/** What package-app.mjs takes on its command line. */
export function parsePackageArgs(argv, implemented) {
	const essentials = [];
	let given = false;
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s);
		if (flag !== '--essentials') throw new Error(`unknown option "${argv[i]}": npm run package takes --essentials <interface,interface…> alone`);
		const list = inline ?? argv[++i];
		if (list === undefined || list.trim() === '')
			throw new Error('--essentials needs a comma-separated list of interfaces, e.g. --essentials IPreRoomUserJoined');
		given = true;
		essentials.push(...list.split(',').map((name) => name.trim()));
	}
	const accepted = implemented.filter((name) => name.startsWith('IPre'));
	for (const name of essentials) {
		if (accepted.includes(name)) continue;
		const why = implemented.includes(name)
			? 'runs once the action is done, so locking it could prevent nothing'
			: 'is not an interface Room Events implements';
		throw new Error(`--essentials: "${name}" ${why}; essentials may be ${accepted.join(', ')}`);
	}
	return { essentials: given ? [...new Set(essentials)] : undefined };
}
