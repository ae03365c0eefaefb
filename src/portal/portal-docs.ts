import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';
import { APPLICATION_EXAMPLE, CATALOG_ENTRY_EXAMPLE, DEVELOPER_EXAMPLE, INSTANCE_EXAMPLE, REQUEST_ONLY_EXAMPLE } from '../applications/application-examples';
import { violationExample, type BodyNaming } from '../common/openapi-bodies';

const example = (body: Record<string, unknown>) => ({ schema: { type: 'object' as const, example: body } });

export const NOT_LOGGED_IN = ApiResponse({ status: 401, description: 'No valid portal session.', ...example({ message: 'Unauthorized' }) });
export const NOT_FOUND = ApiResponse({ status: 404, description: "No such entity among the caller's own.", ...example({ message: 'Not found' }) });
const NOT_JSON = ApiResponse({ status: 415, description: 'The body must be application/json.', ...example({ message: 'Content-Type must be application/json' }) });
const schemaViolation = (body: TSchema) =>
  ApiResponse({ status: 400, description: 'Invalid body: schema violation with per-field messages (unknown fields are refused).', ...example(violationExample(body)) });

/** One portal operation's OpenAPI: summary, the JSON body's schema (the one that validates it) and its answers. */
export function DocPortal(summary: string, opts: { body?: TSchema; status?: number; description?: string } = {}) {
  const decorators = [ApiOperation({ summary, description: opts.description }), ApiResponse({ status: opts.status ?? 200, description: 'Success.' })];
  if (opts.body) decorators.push(ApiConsumes('application/json'), ApiBody({ schema: opts.body as never }), schemaViolation(opts.body), NOT_JSON);
  return applyDecorators(...decorators);
}

export const DocApplicationId = ApiParam({ name: 'id', description: 'Application id (one of your own).' });
export const DocInstanceKey = ApiParam({ name: 'instance', description: 'Application instance id, or the id of its service.' });
export const DocError = (status: number, description: string, body: Record<string, unknown>) => ApiResponse({ status, description, ...example(body) });

/** How /docs names the portal's bodies (see nameBodies). */
export const PORTAL_BODY_NAMING: BodyNaming = {
  entities: { register: 'Developer', auth: 'Developer', developer: 'Developer', applications: 'Application', application_instances: 'ApplicationInstance', application_services: 'CatalogEntry' },
  examples: { Developer: DEVELOPER_EXAMPLE, Application: APPLICATION_EXAMPLE, ApplicationInstance: INSTANCE_EXAMPLE, CatalogEntry: CATALOG_ENTRY_EXAMPLE },
  requestOnly: REQUEST_ONLY_EXAMPLE,
  requestExamples: {
    DeveloperRegistration: { email: DEVELOPER_EXAMPLE.email, password: REQUEST_ONLY_EXAMPLE.password, meta: DEVELOPER_EXAMPLE.meta },
    AccessRequest: { service: { id: CATALOG_ENTRY_EXAMPLE.id } },
  },
  names: {
    'POST /register': { request: 'DeveloperRegistration', response: 'Developer', example: DEVELOPER_EXAMPLE },
    'GET /auth': { response: 'Developer', example: DEVELOPER_EXAMPLE },
    'GET /developer': { response: 'Developer', example: DEVELOPER_EXAMPLE },
    'POST /applications/{id}/application_instances': { request: 'AccessRequest' },
  },
};
