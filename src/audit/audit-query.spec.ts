import { AuditQueryError, parseAuditFilter } from './audit-query';

describe('parseAuditFilter', () => {
  it('reads epoch seconds, ISO dates, the entity and its id, and echoes them for `next`', () => {
    expect(parseAuditFilter({ since: '1700000000', until: '2026-01-01T00:00:00Z', entity: 'services', entity_id: 'abc' })).toEqual({
      filter: { since: 1700000000, until: 1767225600, entity: 'services', entityId: 'abc' },
      echo: { since: '1700000000', until: '2026-01-01T00:00:00Z', entity: 'services', entity_id: 'abc' },
    });
  });

  it('takes no filter at all', () => {
    expect(parseAuditFilter({})).toEqual({ filter: {}, echo: {} });
  });

  it.each([
    [{ since: 'yesterday' }, 'since must be epoch seconds or an ISO 8601 date-time'],
    [{ until: '' }, 'until must be epoch seconds or an ISO 8601 date-time'],
    [{ since: ['1', '2'] }, 'since must be epoch seconds or an ISO 8601 date-time'],
    [{ entity: 'settings' }, expect.stringContaining('entity must be one of services, routes')],
    [{ entity_id: 'x'.repeat(37) }, 'entity_id must be an entity id'],
  ])('refuses %p', (query, message) => {
    expect(() => parseAuditFilter(query)).toThrow(AuditQueryError);
    try {
      parseAuditFilter(query);
    } catch (err) {
      expect((err as Error).message).toEqual(message);
    }
  });
});
