import { randomBytes } from 'node:crypto';

const ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz';

/** A 17-character id in the alphabet Rocket.Chat's `Random.id()` uses. */
export function newId(): string {
	const bytes = randomBytes(17);
	let id = '';
	for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
	return id;
}

/** Persistence records get Mongo ObjectId-like ids (24 hex digits), as in Rocket.Chat. */
export function newObjectId(): string {
	return randomBytes(12).toString('hex');
}
