import { exampleForSchema, nameBodies, schemaFromExample, violationExample } from './openapi-bodies';

const THING = { id: 't1', name: 'a thing', size: 3, tags: ['x'], meta: null };
const naming = { entities: { things: 'Thing' }, examples: { Thing: THING } };
const inlineBody = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, size: { type: 'integer' } } };

function document() {
  return {
    paths: {
      '/things': {
        get: { responses: { 200: { description: 'ok' } } },
        post: {
          requestBody: { content: { 'application/json': { schema: inlineBody } } },
          responses: { 201: { description: 'ok' }, 400: { description: 'bad', content: { 'application/json': { schema: { type: 'object', example: violationExample(inlineBody) } } } } },
        },
      },
      '/things/{id}': { get: { responses: { 200: { description: 'ok' }, 404: { content: { 'application/json': { schema: { type: 'object', example: { message: 'Not found' } } } } } } }, delete: { responses: { 204: { description: 'gone' } } } },
      '/parents/{id}/things': { post: { requestBody: { content: { 'application/json': { schema: { ...inlineBody, required: ['size'] } } } }, responses: { 201: { description: 'ok' } } } },
    },
  } as Record<string, any>;
}

describe('nameBodies', () => {
  const doc = nameBodies(document(), { ...naming, entities: { ...naming.entities, parents: 'Parent' } });
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

  it('names request bodies after their entity and method, with an example read off the entity', () => {
    expect(doc.paths['/things'].post.requestBody.content['application/json'].schema).toEqual(ref('ThingCreate'));
    expect(doc.components.schemas.ThingCreate.example).toEqual({ name: 'a thing', size: 3 });
  });

  it('a nested body that differs gets its parent in its name', () => {
    expect(doc.paths['/parents/{id}/things'].post.requestBody.content['application/json'].schema).toEqual(ref('ParentThingCreate'));
  });

  it('answers: a page for a collection, the entity for an item, nothing for 204', () => {
    expect(doc.paths['/things'].get.responses[200].content['application/json'].schema).toEqual(ref('ThingPage'));
    expect(doc.paths['/things/{id}'].get.responses[200].content['application/json'].schema).toEqual(ref('Thing'));
    expect(doc.paths['/things/{id}'].delete.responses[204].content).toBeUndefined();
    expect(doc.components.schemas.Thing.example).toEqual(THING);
    expect(doc.components.schemas.ThingPage.example).toEqual({ data: [THING], next: null });
  });

  it('errors refer to the shared error schemas and keep their own example', () => {
    const violation = doc.paths['/things'].post.responses[400].content['application/json'];
    expect(violation).toEqual({ schema: ref('SchemaViolation'), example: violationExample(inlineBody) });
    expect(violation.example.fields).toEqual({ name: 'required field missing' });
    expect(doc.paths['/things/{id}'].get.responses[404].content['application/json']).toEqual({ schema: ref('Error'), example: { message: 'Not found' } });
  });

  it('refuses an entity without an example', () => {
    expect(() => nameBodies(document(), { entities: { things: 'Thing' }, examples: {} })).toThrow('no example for Thing');
  });
});

describe('schemaFromExample and exampleForSchema', () => {
  it('reads types off an example', () => {
    expect(schemaFromExample({ a: 1, b: 1.5, c: 'x', d: [true], e: null })).toEqual({
      type: 'object',
      properties: { a: { type: 'integer' }, b: { type: 'number' }, c: { type: 'string' }, d: { type: 'array', items: { type: 'boolean' } }, e: {} },
    });
  });

  it('fills required fields the source lacks with placeholders by format and type', () => {
    const schema = { type: 'object', required: ['email', 'on', 'n'], properties: { email: { type: 'string', format: 'email' }, on: { type: 'boolean', default: true }, n: { type: ['null', 'integer'] }, extra: { type: 'string' } } };
    expect(exampleForSchema(schema, {})).toEqual({ email: 'developer@example.com', on: true, n: 0 });
  });
});
