/**
 * Rocket.Chat's default rule for room names (setting UTF8_Channel_Names_Validation). The
 * server applies a Modify result without validating it again, so a rename is only made when its
 * result passes this, and a prefix setting must pass it too.
 */
const VALID_ROOM_NAME = /^[0-9a-zA-Z\-_.]+$/;

export function isValidRoomName(name: string): boolean {
	return VALID_ROOM_NAME.test(name);
}
