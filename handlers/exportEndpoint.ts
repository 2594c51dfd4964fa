import type { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { HttpStatusCode } from '@rocket.chat/apps-engine/definition/accessors';
import type { IApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';

import { GOVERNING_ROLE, governingUser } from './governingRole';
import { auditHistory } from '../audit/auditHistory';
import { formatExport } from '../audit/exportFormat';
import { isExportQueryProblem, parseExportQuery } from '../audit/exportQuery';
import { errorText } from '../lib/errorText';

/** The path under the app's API: `/api/apps/public/<app id>/audit`. */
export const EXPORT_PATH = 'audit';

/** The header that carries the next page's cursor in every format (JSON has it in the body too). */
export const NEXT_CURSOR_HEADER = 'X-Room-Events-Next';

/**
 * GET the audit history, filtered and paged, as JSON, NDJSON or CSV. Rocket.Chat authenticates
 * the caller (X-User-Id and X-Auth-Token, as its REST API) because `authRequired` is set; the
 * app then reads the caller by id and answers admins only. A bad parameter gets 400 naming it.
 */
export class ExportEndpoint implements IApiEndpoint {
	public readonly path = EXPORT_PATH;

	public readonly authRequired = true;

	public readonly examples = {
		refusalsAsCsv: {
			query: { since: '7d', action: '*_denied', room: 'legal-*', format: 'csv' },
			responseStatus: HttpStatusCode.OK,
			responseContent: 'id,at,action,…',
		},
	};

	constructor(private readonly logger: () => ILogger) {}

	public async get(
		request: IApiRequest,
		_endpoint: IApiEndpointInfo,
		read: IRead,
		_modify: IModify,
		_http: IHttp,
		_persis: IPersistence,
	): Promise<IApiResponse> {
		try {
			return await answer(request, read);
		} catch (error) {
			this.logger().error(`Room Events could not answer an export: ${errorText(error)}`);
			return json(HttpStatusCode.INTERNAL_SERVER_ERROR, { success: false, error: `the export failed: ${errorText(error)}` });
		}
	}
}

async function answer(request: IApiRequest, read: IRead): Promise<IApiResponse> {
	if (!request.user?.id) {
		return json(HttpStatusCode.UNAUTHORIZED, { success: false, error: 'sign in: send X-User-Id and X-Auth-Token' });
	}
	if (!(await governingUser(read, request.user.id))) {
		return json(HttpStatusCode.FORBIDDEN, { success: false, error: `the audit export is for users with the ${GOVERNING_ROLE} role` });
	}
	const query = parseExportQuery(request.query ?? {}, new Date());
	if (isExportQueryProblem(query)) {
		return json(HttpStatusCode.BAD_REQUEST, { success: false, parameter: query.parameter, error: `${query.parameter}: ${query.error}` });
	}
	const page = await auditHistory.exportPage(read.getPersistenceReader(), query);
	const formatted = formatExport(query.format, page);
	return {
		status: HttpStatusCode.OK,
		headers: {
			'Content-Type': formatted.contentType,
			...(page.next !== null && { [NEXT_CURSOR_HEADER]: page.next }),
			...(query.format === 'csv' && { 'Content-Disposition': 'attachment; filename="room-events-audit.csv"' }),
		},
		content: formatted.body,
	};
}

function json(status: HttpStatusCode, content: Record<string, unknown>): IApiResponse {
	return { status, headers: { 'Content-Type': 'application/json' }, content: JSON.stringify(content) };
}
