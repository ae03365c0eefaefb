import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['refused connection', withCode('ECONNREFUSED')],
    ['reset socket', withCode('ECONNRESET')],
    ['admin shutdown (pg_terminate_backend, pg_ctl stop)', withCode('57P01')],
    ['cannot connect now (starting up)', withCode('57P03')],
    ['connection failure class 08', withCode('08006')],
    ['statement timeout', withCode('57014')],
    ['too many connections', withCode('53300')],
    ['pool wait exceeded', new Error('timeout exceeded when trying to connect')],
    ['socket closed under a query', new Error('Connection terminated unexpectedly')],
    ['wrapped by TypeORM', new QueryFailedError('SELECT 1', [], withCode('57P01'))],
    ['as a cause', Object.assign(new Error('outer'), { cause: withCode('ECONNREFUSED') })],
  ])('%s: unavailable', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['unique violation', new QueryFailedError('INSERT', [], withCode('23505'))],
    ['syntax error (a bug)', new QueryFailedError('SELEC', [], withCode('42601'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a message that merely mentions connections', new Error('Connection terminated unexpectedly, said the upstream')],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('%s: not unavailable', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
