import pino, { Logger } from 'pino';
import type { LoggerService } from '@nestjs/common';

/**
 * Paths that could carry a credential are censored by pino itself, so a careless `log.info({req})`
 * still cannot leak a token, a password or a cookie.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.client_secret',
  '*.token',
  '*.access_token',
  '*.secret',
];

let root: Logger = pino({ level: 'info', base: undefined, redact: { paths: REDACT, censor: '[redacted]' } });

export function configureLogger(level: string): Logger {
  root = pino({ level, base: undefined, redact: { paths: REDACT, censor: '[redacted]' } });
  return root;
}

export function logger(): Logger {
  return root;
}

/**
 * Routes Nest's own messages into the same JSON lines. Its `log` level is start-up chatter (a line per
 * module and per mapped route, ~100 of them): debug, so a normal start prints only Portico's lines.
 */
export class NestPinoLogger implements LoggerService {
  log(message: unknown, context?: string) {
    root.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    root.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    root.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    root.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    root.trace({ context }, String(message));
  }
}
