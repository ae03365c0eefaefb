/**
 * Whether an error means "the database cannot be reached or did not answer in time" (a 503 for the
 * client) rather than a bug (a 500). Decided on error codes: node's socket codes, PostgreSQL's
 * SQLSTATE classes for connection failures and shutdowns, and our own statement timeout.
 */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// 08: connection exception; 57P01-03: admin/crash shutdown, cannot connect now; 57014: statement timeout; 53300: too many connections.
const SQLSTATES = /^(08...|57P0[123]|57014|53300)$/;

/**
 * node-postgres raises these without any code (pool wait exceeded, socket closed under a query,
 * client-side query timeout), so they are recognised by their fixed text. Kept to exactly these.
 */
const UNCODED_PG_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated unexpectedly',
  'Connection terminated',
  'Connection terminated due to connection timeout',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
];

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 3) return false;
  const { code, message, driverError, cause } = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATES.test(code))) return true;
  if (typeof message === 'string' && UNCODED_PG_MESSAGES.includes(message)) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}
