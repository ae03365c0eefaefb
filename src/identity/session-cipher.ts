import { Injectable, OnModuleInit } from '@nestjs/common';
import { SessionSecret } from '../database/session-secret';
import { SessionSealer } from '../common/session-sealer';

/** The openid-connect session cookie's HKDF label (changing it would log every session out). */
const PURPOSE = 'session cookie v1';

/**
 * Seals and opens the openid-connect plugin's session cookies with the cluster's session secret. The
 * key is ready before the first request, so the proxy path seals and opens without waiting.
 */
@Injectable()
export class SessionCipher implements OnModuleInit {
  private sealer: SessionSealer | null = null;

  constructor(private readonly secret: SessionSecret) {}

  async onModuleInit(): Promise<void> {
    this.sealer = new SessionSealer(await this.secret.get(), PURPOSE);
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
