import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../core/config.token';
import { SettingsRepository } from '../database/settings.repository';
import { SessionSealer } from './session-sealer';

/**
 * Seals and opens session cookies with the cluster's session secret: PORTICO_SESSION_SECRET or, when
 * unset, a secret generated once and stored in the database, so every node on one database opens
 * every node's cookies and a restart logs nobody out.
 */
@Injectable()
export class SessionCipher implements OnModuleInit {
  private sealer: SessionSealer | null = null;

  constructor(
    @Inject(PORTICO_CONFIG) private readonly config: PorticoConfig,
    private readonly settings: SettingsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const secret = this.config.sessionSecret ?? (await this.settings.getOrCreate('session_secret', () => randomBytes(32).toString('base64url')));
    this.sealer = new SessionSealer(secret);
  }

  seal(binding: string, payload: unknown): string {
    return this.ready().seal(binding, payload);
  }

  open(binding: string, sealed: string): unknown {
    return this.ready().open(binding, sealed);
  }

  private ready(): SessionSealer {
    if (!this.sealer) throw new Error('session cipher used before its secret was loaded');
    return this.sealer;
  }
}
