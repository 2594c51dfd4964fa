// Responses in the shapes of Rocket.Chat's REST API (apps/meteor/app/api/server/ApiClass.ts).
import { MeteorError, errorMessage } from '../errors';

export class ApiResponse {
	constructor(
		readonly status: number,
		readonly body: Record<string, unknown>,
		/** Headers beside Content-Type and Content-Length. */
		readonly headers: Record<string, string> = {},
	) {}

	withHeaders(headers: Record<string, string>): ApiResponse {
		return new ApiResponse(this.status, this.body, { ...this.headers, ...headers });
	}
}

/** An answer written as it is, for app endpoints, which choose their status, headers and body. */
export class RawResponse {
	constructor(
		readonly status: number,
		readonly headers: Record<string, string | string[]>,
		readonly body: Buffer,
	) {}

	withHeaders(headers: Record<string, string>): RawResponse {
		return new RawResponse(this.status, { ...this.headers, ...headers }, this.body);
	}
}

/** What the server writes: a REST answer as JSON, or an app endpoint's answer as the app made it. */
export type HttpAnswer = ApiResponse | RawResponse;

/** Thrown to answer at once from deep inside a handler (a missing parameter, an unknown room). */
export class ApiError extends Error {
	constructor(readonly response: ApiResponse) {
		super(String(response.body.error));
	}
}

/** API.v1.success: the payload's keys at the top level, with `success: true`. */
export function success(body: Record<string, unknown> = {}): ApiResponse {
	return new ApiResponse(200, { ...body, success: true });
}

/** API.v1.failure: HTTP 400 with the message and, when given, the error type. */
export function failure(error: string, errorType?: string, extra: Record<string, unknown> = {}): ApiResponse {
	return new ApiResponse(400, { success: false, error, ...(errorType !== undefined && { errorType }), ...extra });
}

/** API.v1.unauthorized, which many handlers answer for a missing permission. */
export function unauthorized(): ApiResponse {
	return new ApiResponse(401, { success: false, error: 'unauthorized' });
}

/** API.v1.forbidden (its text became "forbidden" only in 8.0). */
export function forbidden(): ApiResponse {
	return new ApiResponse(403, { success: false, error: 'unauthorized' });
}

export function notFound(error: string): ApiResponse {
	return new ApiResponse(404, { success: false, error });
}

/** What an `authRequired` route answers without valid X-User-Id and X-Auth-Token headers. */
export function notLoggedIn(): ApiResponse {
	const text = 'You must be logged in to do this.';
	return new ApiResponse(401, { success: false, error: text, status: 'error', message: text });
}

/** What a route with `permissionsRequired` answers to a user without them. */
export function permissionRequired(): ApiResponse {
	return new ApiResponse(403, { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' });
}

/**
 * How Rocket.Chat's API turns a thrown error into a response: a Meteor.Error gives its message and
 * type (403 for the unauthorized ones), anything else its message alone, both with HTTP 400.
 */
export function responseForError(error: unknown): ApiResponse {
	if (error instanceof ApiError) return error.response;
	if (error instanceof MeteorError) {
		if (error.error === 'error-unauthorized' || error.error === 'unauthorized') return new ApiResponse(403, { success: false, error: error.message });
		return failure(error.message, error.error, error.details ? { details: error.details } : {});
	}
	return failure(errorMessage(error));
}

/** What Rocket.Chat's schema validation (`validateParams`) answers for a bad parameter. */
export function invalidParams(message: string): ApiResponse {
	return failure(`${message} [invalid-params]`, 'invalid-params');
}
