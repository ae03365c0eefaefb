import { Inject, Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { logger } from './logger';

export type ChangeTopic = 'services' | 'routes' | 'plugins' | 'consumers' | 'acls' | 'applications' | 'developers';
export const ALL_TOPICS: readonly ChangeTopic[] = ['services', 'routes', 'plugins', 'consumers', 'acls', 'applications', 'developers'];

/** One change: an entity of a topic, or (no id) anything of that topic. */
export interface Change {
  topic: ChangeTopic;
  /**
   * Which entity, for caches that drop only what it touches. Its meaning is the topic's: a consumer id
   * for `consumers` and `acls` (ACLs are cached per consumer), an application, developer, service,
   * route or plugin id for the others.
   */
  id?: string;
}

/** Everything: what a node applies when it cannot prove it heard every change. */
export const EVERYTHING: readonly Change[] = ALL_TOPICS.map((topic) => ({ topic }));

type Listener = (changes: readonly Change[]) => void | Promise<void>;

/**
 * Carries this node's changes to the other nodes on the same database and theirs to this one. SQLite
 * (one node) has none; PostgreSQL uses LISTEN/NOTIFY (src/database/postgres-change-transport.ts).
 */
export interface ChangeTransport {
  /** Starts receiving: `deliver` applies another node's change, or everything after a possible loss. */
  start(deliver: (changes: readonly Change[]) => Promise<void>): Promise<void>;
  /** The shared configuration version this node has applied (every change up to it). */
  readonly version: number;
  broadcast(changes: readonly Change[]): Promise<void>;
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
  /** Changes applied on a node without a transport (SQLite); with one, the database's shared version counts. */
  private localVersion = 0;

  constructor(@Optional() @Inject(CHANGE_TRANSPORT) private readonly transport?: ChangeTransport) {}

  /** The configuration version this node has applied (shown by /metrics). */
  get version(): number {
    return this.transport?.version ?? this.localVersion;
  }

  onModuleInit() {
    // Before any cache's first load (onApplicationBootstrap): a change made while it loads is heard.
    // Once: each listener's application re-provides this instance and Nest calls its hooks again.
    this.started ??= this.transport?.start((changes) => this.deliver(changes)) ?? Promise.resolve();
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

  async publish(...changes: (ChangeTopic | Change)[]): Promise<void> {
    const normalized = changes.map((c) => (typeof c === 'string' ? { topic: c } : c));
    const broadcast = this.transport?.broadcast(normalized).catch((err) => {
      // The write itself is committed; nodes that missed the news re-read at their periodic check.
      logger().warn({ err: { message: (err as Error).message }, topics: normalized.map((c) => c.topic) }, 'could not announce a change to the other nodes');
    });
    await Promise.all([this.deliver(normalized), broadcast]);
  }

  /** Each listener once, with the changes of the topics it subscribed to. */
  private async deliver(changes: readonly Change[]): Promise<void> {
    const due = new Map<Listener, Change[]>();
    for (const change of changes) {
      this.listeners.get(change.topic)?.forEach((listener) => {
        if (!due.has(listener)) due.set(listener, []);
        due.get(listener)!.push(change);
      });
    }
    await Promise.all([...due].map(([listener, mine]) => listener(mine)));
    this.localVersion++;
  }
}
