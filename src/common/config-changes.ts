import { Injectable } from '@nestjs/common';
import { setConfigurationVersion } from '../observability/metrics';

export type ChangeTopic = 'services' | 'routes' | 'plugins' | 'consumers' | 'acls' | 'applications' | 'developers';

type Listener = () => void | Promise<void>;

/**
 * Admin and portal writes publish what kind of entity changed; caches (the route table, consumer and
 * application lookups) subscribe. `publish` resolves only once every subscriber has caught up, so the
 * write's HTTP response means "the very next proxied request sees it".
 */
@Injectable()
export class ConfigChanges {
  private readonly listeners = new Map<ChangeTopic, Set<Listener>>();
  /** Changes this node has applied since it started; the multi-node change feed will replace it with the shared version. */
  private version = 0;

  subscribe(topics: ChangeTopic[], listener: Listener): () => void {
    for (const topic of topics) {
      if (!this.listeners.has(topic)) this.listeners.set(topic, new Set());
      this.listeners.get(topic)!.add(listener);
    }
    return () => topics.forEach((topic) => this.listeners.get(topic)?.delete(listener));
  }

  async publish(...topics: ChangeTopic[]): Promise<void> {
    const due = new Set<Listener>();
    for (const topic of topics) this.listeners.get(topic)?.forEach((l) => due.add(l));
    await Promise.all([...due].map((listener) => listener()));
    setConfigurationVersion(++this.version);
  }
}
