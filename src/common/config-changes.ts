import { Inject, Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { logger } from './logger';

export type ChangeTopic = 'services' | 'routes' | 'plugins' | 'consumers' | 'acls' | 'applications' | 'developers';
export const ALL_TOPICS: readonly ChangeTopic[] = ['services', 'routes', 'plugins', 'consumers', 'acls', 'applications', 'developers'];

type Listener = () => void | Promise<void>;

/**
 * Carries this node's changes to the other nodes on the same database and theirs to this one. SQLite
 * (one node) has none; PostgreSQL uses LISTEN/NOTIFY (src/database/postgres-change-transport.ts).
 */
export interface ChangeTransport {
  /** Starts receiving: `deliver` applies another node's change, or everything after a possible loss. */
  start(deliver: (topics: readonly ChangeTopic[]) => Promise<void>): Promise<void>;
  broadcast(topics: readonly ChangeTopic[]): Promise<void>;
  stop(): Promise<void>;
}

export const CHANGE_TRANSPORT = Symbol('CHANGE_TRANSPORT');

/**
 * The one change feed. Admin and portal writes publish what kind of entity changed; caches (the
 * route table, consumer and application lookups) subscribe. `publish` resolves once every local
 * subscriber has caught up, so the write's HTTP response means "this node's very next proxied
 * request sees it"; other nodes hear it through the transport moments later.
 */
@Injectable()
export class ConfigChanges implements OnModuleInit, OnModuleDestroy {
  private readonly listeners = new Map<ChangeTopic, Set<Listener>>();
  private started: Promise<void> | null = null;

  constructor(@Optional() @Inject(CHANGE_TRANSPORT) private readonly transport?: ChangeTransport) {}

  onModuleInit() {
    // Before any cache's first load (onApplicationBootstrap): a change made while it loads is heard.
    // Once: each listener's application re-provides this instance and Nest calls its hooks again.
    this.started ??= this.transport?.start((topics) => this.deliver(topics)) ?? Promise.resolve();
    return this.started;
  }

  async onModuleDestroy() {
    await this.transport?.stop();
  }

  subscribe(topics: readonly ChangeTopic[], listener: Listener): () => void {
    for (const topic of topics) {
      if (!this.listeners.has(topic)) this.listeners.set(topic, new Set());
      this.listeners.get(topic)!.add(listener);
    }
    return () => topics.forEach((topic) => this.listeners.get(topic)?.delete(listener));
  }

  async publish(...topics: ChangeTopic[]): Promise<void> {
    const broadcast = this.transport?.broadcast(topics).catch((err) => {
      // The write itself is committed; nodes that missed the news re-read at their periodic check.
      logger().warn({ err: { message: (err as Error).message }, topics }, 'could not announce a change to the other nodes');
    });
    await Promise.all([this.deliver(topics), broadcast]);
  }

  private async deliver(topics: readonly ChangeTopic[]): Promise<void> {
    const due = new Set<Listener>();
    for (const topic of topics) this.listeners.get(topic)?.forEach((l) => due.add(l));
    await Promise.all([...due].map((listener) => listener()));
  }
}
