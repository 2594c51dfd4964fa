// Talks to the workspace's Rocket.Chat REST API with a user's X-Auth-Token / X-User-Id.

/** A failed call, carrying Rocket.Chat's `{success: false, error, errorType}` as sent. */
export class ApiError extends Error {
	constructor(status, body) {
		super(errorText(status, body));
		this.status = status;
		this.errorType = typeof body?.errorType === 'string' ? body.errorType : undefined;
	}
}

function errorText(status, body) {
	const text = [body?.error, body?.message, body?.reason].find((value) => typeof value === 'string' && value !== '');
	return text ?? `The workspace answered HTTP ${status} without an error message.`;
}

/**
 * `session` is `{userId, authToken}` or undefined (login). GET passes `query` in the URL,
 * other methods send `body` as JSON. Resolves to the parsed answer, throws ApiError.
 */
export async function callApi(session, method, path, { query, body } = {}) {
	const url = new URL(path, window.location.origin);
	for (const [key, value] of Object.entries(query ?? {})) {
		url.searchParams.set(key, String(value));
	}
	const headers = { Accept: 'application/json' };
	if (session) {
		headers['X-Auth-Token'] = session.authToken;
		headers['X-User-Id'] = session.userId;
	}
	if (body !== undefined) {
		headers['Content-Type'] = 'application/json';
	}
	let response;
	try {
		response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	} catch {
		throw new ApiError(0, { error: 'The workspace does not answer. Is `npm start` still running?' });
	}
	const text = await response.text();
	let parsed;
	try {
		parsed = text === '' ? {} : JSON.parse(text);
	} catch {
		throw new ApiError(response.status, { error: `HTTP ${response.status}: ${text.slice(0, 200)}` });
	}
	if (!response.ok || parsed.success === false || parsed.status === 'error') {
		throw new ApiError(response.status, parsed);
	}
	return parsed;
}

export function isLoggedOut(error) {
	return error instanceof ApiError && error.status === 401 && /logged in/i.test(error.message);
}
