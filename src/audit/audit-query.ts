import type { AuditFilter } from './audit.repository';

export class AuditQueryError extends Error {}

const ENTITIES = new Set(['services', 'routes', 'plugins', 'consumers', 'acls', 'developers', 'applications', 'application_instances']);

/**
 * `since` / `until` (epoch seconds or an ISO 8601 date-time), `entity` (a table name as the Admin API
 * spells its collection) and `entity_id`. Returns the filter and the query to repeat in `next`.
 */
export function parseAuditFilter(query: Record<string, unknown>): { filter: AuditFilter; echo: Record<string, string> } {
  const filter: AuditFilter = {};
  const echo: Record<string, string> = {};
  for (const bound of ['since', 'until'] as const) {
    const raw = query[bound];
    if (raw === undefined) continue;
    const seconds = parseTime(raw);
    if (seconds === null) throw new AuditQueryError(`${bound} must be epoch seconds or an ISO 8601 date-time`);
    filter[bound] = seconds;
    echo[bound] = String(raw);
  }
  if (query.entity !== undefined) {
    if (typeof query.entity !== 'string' || !ENTITIES.has(query.entity)) {
      throw new AuditQueryError(`entity must be one of ${[...ENTITIES].join(', ')}`);
    }
    filter.entity = echo.entity = query.entity;
  }
  if (query.entity_id !== undefined) {
    if (typeof query.entity_id !== 'string' || query.entity_id.length === 0 || query.entity_id.length > 36) {
      throw new AuditQueryError('entity_id must be an entity id');
    }
    filter.entityId = echo.entity_id = query.entity_id;
  }
  return { filter, echo };
}

function parseTime(raw: unknown): number | null {
  if (typeof raw !== 'string' || raw === '') return null;
  if (/^\d{1,12}$/.test(raw)) return Number(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw)) return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}
