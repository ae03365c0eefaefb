import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { TSchema } from '@sinclair/typebox';
import { APPLICATION_EXAMPLE, DEVELOPER_EXAMPLE, EXAMPLE_SERVICE_ID, INSTANCE_EXAMPLE, REQUEST_ONLY_EXAMPLE } from '../applications/application-examples';
import { violationExample, type BodyNaming } from '../common/openapi-bodies';
import { ABSENT_KINDS, VALIDATION_PASSED } from './kong-compat-answers';

const ERROR = (example: Record<string, unknown>) => ({ schema: { type: 'object' as const, example } });
const NOT_FOUND = ApiResponse({ status: 404, description: 'No such entity.', ...ERROR({ message: 'Not found' }) });
const schemaViolation = (body: TSchema) =>
  ApiResponse({ status: 400, description: 'Invalid body: Kong schema violation with per-field messages.', ...ERROR(violationExample(body)) });
const CONFLICT = ApiResponse({
  status: 409,
  description: 'A unique field is taken.',
  ...ERROR({ code: 5, name: 'unique constraint violation', message: `UNIQUE violation detected on '{name="x"}'`, fields: { name: 'x' } }),
});

/** OpenAPI for one Admin API operation, generated from the same schema that validates the body. */
export const DocList = (summary: string) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiQuery({ name: 'size', required: false, description: 'Page size (default 100, max 1000).' }),
    ApiQuery({ name: 'offset', required: false, description: 'Opaque cursor from the previous page.' }),
    ApiQuery({ name: 'tags', required: false, description: 'Only entities with all these tags (comma-separated).' }),
    ApiResponse({ status: 200, description: '`{data: [...], offset?, next}`; `next` is null on the last page.' }),
  );

export const DocWrite = (summary: string, schema: TSchema, status = 201) =>
  applyDecorators(
    ApiOperation({ summary }),
    ApiConsumes('application/json', 'application/x-www-form-urlencoded'),
    ApiBody({ schema: schema as never }),
    ApiResponse({ status, description: 'The entity as stored, defaults filled in.' }),
    schemaViolation(schema),
    CONFLICT,
    NOT_FOUND,
  );

export const DocRead = (summary: string) => applyDecorators(ApiOperation({ summary }), NOT_FOUND);

export const DocDelete = (summary: string) =>
  applyDecorators(ApiOperation({ summary }), ApiResponse({ status: 204, description: 'Deleted (also when it did not exist).' }));

export const DocKey = (name: string, description: string) => ApiParam({ name, description });

const T = 1795900000;
const CONSUMER_ID = 'f2f9cb53-719b-439b-bfa3-c3409c71c20a';
const ROUTE_ID = 'db55dd9f-bbb3-4377-a3c5-8103671b128d';

const AUDIT_REQUEST_EXAMPLE = {
  id: '3b0f1c9e-8f55-4c3e-9a43-1d1b7c2f3a10',
  created_at: T,
  listener: 'admin',
  actor: 'admin-token',
  client_address: '127.0.0.1',
  method: 'PATCH',
  path: `/applications/${APPLICATION_EXAMPLE.id}/application_instances/${INSTANCE_EXAMPLE.id}`,
  status: 200,
};
const AUDIT_OBJECT_EXAMPLE = {
  id: '9d7a3e51-2c4b-4f0e-8b6a-5e2f1c0d4b77',
  request_id: AUDIT_REQUEST_EXAMPLE.id,
  created_at: T,
  entity: 'application_instances',
  entity_id: INSTANCE_EXAMPLE.id,
  operation: 'update',
  before: { status: 1 },
  after: { status: 0 },
};
const TRACE_EXAMPLE = {
  trace_id: 'b1e0c6d2-7f3a-4e59-8c21-0a9d5e4f6b13',
  request: { method: 'GET', url: '/orders/42' },
  summary: "Refused with 403: the application's access to this service is pending approval",
  decision: { allowed: false, status: 403, reason: 'instance_status_1', response: { message: 'You cannot consume this service' }, upstream: null },
  steps: [
    { stage: 'route', verdict: 'passed', detail: 'route orders (service orders)' },
    { stage: 'check_access', plugin: 'application-registration', verdict: 'failed', detail: "the application's access to this service is pending approval" },
  ],
};

/** A decK-format file as GET /config exports it (trimmed). */
const DECLARATIVE_EXAMPLE = {
  _format_version: '3.0',
  services: [{ name: 'orders', host: 'orders.internal', port: 8080, protocol: 'http', routes: [{ name: 'orders', paths: ['/orders'] }] }],
  developers: [{ email: DEVELOPER_EXAMPLE.email, status: 0 }],
  applications: [{ name: APPLICATION_EXAMPLE.name, custom_id: APPLICATION_EXAMPLE.custom_id, developer: DEVELOPER_EXAMPLE.email, instances: [{ service: 'orders', status: 0 }] }],
};

/** How /docs names the Admin API's bodies (see nameBodies), with an example of each entity. */
export const ADMIN_BODY_NAMING: BodyNaming = {
  entities: {
    services: 'Service',
    routes: 'Route',
    consumers: 'Consumer',
    plugins: 'Plugin',
    acls: 'Acl',
    developers: 'Developer',
    applications: 'Application',
    application_instances: 'ApplicationInstance',
  },
  examples: {
    Service: { id: EXAMPLE_SERVICE_ID, name: 'orders', protocol: 'http', host: 'orders.internal', port: 8080, path: '/v1', retries: 5, connect_timeout: 60000, write_timeout: 60000, read_timeout: 60000, enabled: true, tags: ['logistics'], created_at: T, updated_at: T },
    Route: { id: ROUTE_ID, name: 'orders', service: { id: EXAMPLE_SERVICE_ID }, protocols: ['http', 'https'], methods: ['GET', 'POST'], hosts: ['api.example.com'], paths: ['/orders'], strip_path: true, preserve_host: false, regex_priority: 0, tags: ['logistics'], created_at: T, updated_at: T },
    Consumer: { id: CONSUMER_ID, username: 'batch-job', custom_id: 'batch-42', type: 'proxy', tags: ['team-a'], created_at: T, updated_at: T },
    Plugin: { id: '8866dd7c-d1f4-4822-a540-34d514d4d7fc', name: 'application-registration', config: { display_name: 'Orders API', description: 'Place and track orders.', auto_approve: false, show_issuer: true, enable_proxy_with_consumer_credential: false }, enabled: true, service: { id: EXAMPLE_SERVICE_ID }, route: { id: ROUTE_ID }, consumer: { id: CONSUMER_ID }, protocols: ['http', 'https'], tags: ['portal'], created_at: T, updated_at: T },
    Acl: { id: '1f839d38-0e2b-494d-b301-6c557d91bc22', group: 'partners', consumer: { id: CONSUMER_ID }, tags: ['team-a'], created_at: T },
    Developer: DEVELOPER_EXAMPLE,
    Application: APPLICATION_EXAMPLE,
    ApplicationInstance: INSTANCE_EXAMPLE,
  },
  requestOnly: REQUEST_ONLY_EXAMPLE,
  requestExamples: {
    ServiceCreate: { name: 'orders', url: REQUEST_ONLY_EXAMPLE.url, tags: ['logistics'] },
    ApplicationInstanceCreate: { service: { id: EXAMPLE_SERVICE_ID } },
    ServiceApplicationInstanceCreate: { application: { id: APPLICATION_EXAMPLE.id } },
    ApplicationInstanceUpdate: { status: 0 },
  },
  names: {
    'GET /': {
      response: 'NodeInformation',
      example: { version: '0.1.0', tagline: 'Welcome to Portico', plugins: { available_on_server: ['acl', 'application-registration', 'openid-connect'] }, configuration: { database: 'sqlite', portal_app_auth: 'external-oauth2', admin_listen: '127.0.0.1:8001' } },
    },
    'GET /status': { response: 'NodeStatus', example: { database: { reachable: true }, memory: { rss_bytes: 111939584, heap_used_bytes: 41530376 } } },
    ...Object.fromEntries(ABSENT_KINDS.map((kind) => [`GET /${kind}`, { response: 'EmptyList', example: { data: [], next: null } }])),
    'GET /metrics': {
      response: 'PrometheusMetrics',
      mediaType: 'text/plain',
      example: '# HELP portico_requests_total Proxied requests\n# TYPE portico_requests_total counter\nportico_requests_total{service="orders",route="orders",application="",status="200"} 42\n',
    },
    'GET /audit/requests': { response: 'AuditRequestPage', example: { data: [AUDIT_REQUEST_EXAMPLE], next: null } },
    'GET /audit/objects': { response: 'AuditObjectPage', example: { data: [AUDIT_OBJECT_EXAMPLE], next: null } },
    'POST /trace': { response: 'Trace', example: TRACE_EXAMPLE },
    'POST /schemas/plugins/validate': { response: 'ValidationPassed', example: VALIDATION_PASSED },
    'POST /schemas/{entity}/validate': { response: 'ValidationPassed', example: VALIDATION_PASSED },
    'GET /config': { response: 'DeclarativeConfiguration', example: DECLARATIVE_EXAMPLE },
    'POST /config': { response: 'DeclarativeConfiguration', example: DECLARATIVE_EXAMPLE },
    'GET /schemas/plugins/{name}': {
      response: 'KongPluginSchema',
      example: { fields: [{ name: { type: 'string', required: true } }, { config: { type: 'record', fields: [{ display_name: { type: 'string', required: true } }] } }] },
    },
  },
};
