import { Errors } from '../common/http-errors';
import { problemsOf } from './declarative-problems';

describe('problemsOf', () => {
  it("places field errors under the entity's place, Kong's 1-based array keys as 0-based indexes", () => {
    const err = Errors.schemaViolation({ paths: { '2': 'should start with: /' }, config: { allow: 'bad' }, '@entity': ['one of'] } as never, 'x');
    expect(problemsOf('services[2].routes[0]', err)).toEqual([
      { place: 'services[2].routes[0].paths[1]', message: 'should start with: /' },
      { place: 'services[2].routes[0].config.allow', message: 'bad' },
      { place: 'services[2].routes[0]', message: 'one of' },
    ]);
  });

  it.each([
    ['a unique violation', Errors.uniqueViolation({ name: 'x' }), `UNIQUE violation detected on '{name="x"}'`],
    ['a foreign key violation', Errors.foreignKeyViolation('no such service', { service: { id: 'i' } }), 'no such service'],
    ['an error without fields', Errors.badRequest('application consumers are managed through /applications'), 'application consumers are managed through /applications'],
  ])('uses the message of %s', (_name, err, message) => {
    expect(problemsOf('consumers[0]', err)).toEqual([{ place: 'consumers[0]', message }]);
  });
});
