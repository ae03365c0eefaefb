import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { ChangeTopic, ConfigChanges } from '../common/config-changes';
import { logger } from '../common/logger';
import { runInTransaction, type ChangeRecorder } from '../database/transactions';
import type { PorticoConfig } from '../config/portico-config';
import { PORTICO_CONFIG } from '../config/config.token';
import { PluginRegistry } from '../plugins/plugin-registry';
import { exportDeclarative } from './declarative-exporter';
import { parseDeclarativeText, planDeclarative } from './declarative-file';
import { DeclarativeImporter } from './declarative-importer';

const EVERY_TOPIC: ChangeTopic[] = ['services', 'routes', 'plugins', 'consumers', 'acls', 'applications', 'developers'];

export interface ImportOptions {
  /** Empty the configuration first (DB-less: the file is the whole configuration). */
  replace: boolean;
  /** The importing request's audit scope (none at start-up or from the CLI). */
  audit?: ChangeRecorder | null;
}

/**
 * Declarative configuration on a running node or from the CLI: a file is planned, written in one
 * transaction (all or nothing, every problem reported), then announced on the change feed like an
 * Admin API write, so every node's caches catch up. In DB-less mode it loads the file at start-up.
 */
@Injectable()
export class DeclarativeConfigService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: PluginRegistry,
    private readonly changes: ConfigChanges,
    @Inject(PORTICO_CONFIG) private readonly config: PorticoConfig,
  ) {}

  private loaded: Promise<void> | null = null;

  onModuleInit(): Promise<void> {
    // Once: the admin listener re-provides this instance and Nest calls its hooks again.
    return (this.loaded ??= this.loadFile());
  }

  private async loadFile(): Promise<void> {
    if (!this.config.declarativeConfig) return;
    await this.importText(await readFile(this.config.declarativeConfig, 'utf8'), { replace: true });
    logger().info({ file: this.config.declarativeConfig }, 'DB-less: declarative configuration loaded');
  }

  get dbless(): boolean {
    return this.config.declarativeConfig !== null;
  }

  /** Throws DeclarativeError (every problem, nothing changed) or resolves once caches have caught up. */
  async importText(text: string, options: ImportOptions): Promise<void> {
    await this.importDocument(parseDeclarativeText(text), options);
  }

  async importDocument(doc: unknown, options: ImportOptions): Promise<void> {
    const { plan, problems } = planDeclarative(doc);
    await runInTransaction(this.dataSource, options.audit ?? null, async (em) => {
      const importer = new DeclarativeImporter(em, this.registry, this.config);
      if (options.replace) await importer.clear();
      await importer.run(plan, problems);
    });
    await this.changes.publish(...EVERY_TOPIC);
  }

  exportDocument(): Promise<Record<string, unknown>> {
    return exportDeclarative(this.dataSource.manager);
  }
}
