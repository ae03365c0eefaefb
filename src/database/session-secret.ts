import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../config/config.token';
import { SettingsRepository } from './settings.repository';
import { Cache } from '../common/cache';

const SETTING = 'session_secret';

/**
 * The cluster's session secret: PORTICO_SESSION_SECRET or, when unset, one generated once and stored
 * in the database, so every node on one database opens every node's cookies and a restart logs
 * nobody out. Each cookie derives a key of its own from it (SessionSealer's purpose).
 */
@Injectable()
export class SessionSecret {
  readonly get: () => Promise<string>;

  constructor(@Inject(PORTICO_CONFIG) config: PorticoConfig, settings: SettingsRepository) {
    // Read once and kept (a failed read is retried by the next caller, not remembered).
    const cache = new Cache<string>({ name: 'session-secret', max: 1 });
    const load = async () => config.sessionSecret || settings.getOrCreate(SETTING, () => randomBytes(32).toString('base64url'));
    this.get = () => cache.load(SETTING, load);
  }
}
