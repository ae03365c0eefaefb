import { Type } from '@sinclair/typebox';
import { PorticoError } from './http-errors';
import { requestObject, validateBody } from './request-body';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (err) {
    return { status: (err as PorticoError).status, body: (err as PorticoError).body };
  }
  return null;
};

describe('requestObject', () => {
  it.each([undefined, null, ''])('takes no body (%p) as an empty object', (body) => {
    expect(requestObject(body)).toEqual({});
  });

  it('returns an object as it is', () => {
    const body = { a: 1 };
    expect(requestObject(body)).toBe(body);
  });

  it.each([[[1, 2]], ['text'], [42], [true]])('refuses %p with a 400 naming what is expected', (body) => {
    expect(refusal(() => requestObject(body, 'a JSON object or a form'))).toEqual({
      status: 400,
      body: { message: 'Cannot parse request body: expected a JSON object or a form' },
    });
    expect(refusal(() => requestObject(body))?.body).toEqual({ message: 'Cannot parse request body: expected a JSON object' });
  });
});

describe('validateBody', () => {
  const Schema = Type.Object({ name: Type.String(), size: Type.Integer({ default: 3 }) }, { additionalProperties: false });

  it('fills in defaults and coerces form strings', () => {
    expect(validateBody(Schema, { name: 'x' })).toEqual({ name: 'x', size: 3 });
    expect(validateBody(Schema, { name: 'x', size: '5' }, true)).toEqual({ name: 'x', size: 5 });
  });

  it('checks a missing body against the schema, and refuses a body that is not an object', () => {
    expect(refusal(() => validateBody(Schema, undefined))?.body).toMatchObject({ name: 'schema violation', fields: { name: 'required field missing' } });
    expect(refusal(() => validateBody(Schema, ['x']))).toEqual({ status: 400, body: { message: 'Cannot parse request body: expected a JSON object' } });
  });
});
