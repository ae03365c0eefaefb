import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { Portico } from '../support/portico';

const ADMIN_TOKEN = 'docs-admin-token';
type Json = Record<string, any>;

function operations(document: Json): { key: string; operation: Json }[] {
  return Object.entries(document.paths as Json).flatMap(([path, ops]) => Object.entries(ops as Json).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })));
}

/**
 * SPEC §6.3: /docs must be readable — OpenAPI 3.1 (the version whose type lists the schemas use,
 * so Swagger UI shows no "Unknown Type"), every body a named schema with an example, examples
 * that the API itself would accept, and no internal references in descriptions.
 */
describe.each(['admin', 'portal'] as const)('the %s listener’s OpenAPI document', (listener) => {
  let portico: Portico;
  let document: Json;

  beforeAll(async () => {
    portico = await Portico.start({ env: { PORTICO_ADMIN_TOKEN: ADMIN_TOKEN } });
    const res = await portico[listener]('GET', '/docs-json', undefined, { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(res.status).toBe(200);
    document = res.body;
  });

  afterAll(() => portico?.stop());

  it('declares OpenAPI 3.1.0', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('names every request and response body, and every named schema has an example', () => {
    const anonymous: string[] = [];
    for (const { key, operation } of operations(document)) {
      for (const media of Object.values((operation.requestBody?.content ?? {}) as Json)) if (!media.schema?.$ref) anonymous.push(`${key} request`);
      for (const [status, response] of Object.entries(operation.responses as Json)) {
        if (status === '204') continue;
        const content = Object.values((response.content ?? {}) as Json);
        if (!content.length || content.some((media) => !media.schema?.$ref)) anonymous.push(`${key} ${status}`);
      }
    }
    expect(anonymous).toEqual([]);
    const withoutExample = Object.entries(document.components.schemas as Json).filter(([name, schema]) => !name.startsWith('PluginConfig-') && schema.example === undefined);
    expect(withoutExample.map(([name]) => name)).toEqual([]);
  });

  it('gives request bodies examples their own schema accepts', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('url', /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]/i);
    const requestSchemas = new Set(
      operations(document).flatMap(({ operation }) => Object.values((operation.requestBody?.content ?? {}) as Json).map((media) => media.schema.$ref.split('/').pop())),
    );
    expect(requestSchemas.size).toBeGreaterThan(listener === 'admin' ? 10 : 3);
    const rejected: string[] = [];
    for (const name of requestSchemas) {
      const { example, ...schema } = document.components.schemas[name];
      const validate = ajv.compile(schema);
      if (!validate(example)) rejected.push(`${name}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(rejected).toEqual([]);
  });

  it('has no internal references in its text', () => {
    expect(JSON.stringify(document)).not.toMatch(/SPEC|§/);
  });

  if (listener === 'portal') {
    it("shows /register's own schema violation, about one of its fields", () => {
      const example = document.paths['/register'].post.responses['400'].content['application/json'].example;
      const fields = Object.keys(document.components.schemas.DeveloperRegistration.properties);
      expect(fields).toContain(Object.keys(example.fields)[0]);
      expect(example).toEqual({ code: 2, name: 'schema violation', message: 'schema violation (email: required field missing)', fields: { email: 'required field missing' } });
    });
  }
});
