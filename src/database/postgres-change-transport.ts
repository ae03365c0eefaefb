import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { ALL_TOPICS, Change, ChangeTransport, EVERYTHING } from '../common/config-changes';
import { ChangeVersionTracker } from '../common/change-version-tracker';
import { logger } from '../common/logger';
import type { ClusterSettings } from '../config/portico-config';
import { postgresPoolOptions } from './data-source';

const CHANNEL = 'portico_changes';
const VERSION_KEY = 'config_version';
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 2000;

/** NOTIFY payloads stop at 8000 bytes; a bigger batch is announced topic by topic, without ids. */
const MAX_CHANGES_JSON = 6000;

interface Announcement {
  node: string;
  version: string;
  changes: Change[];
}

/**
 * Changes between nodes through PostgreSQL itself. A write bumps one version counter (a row of
 * `settings`) and NOTIFYs it in the same statement; every node LISTENs on a dedicated connection.
 * Every `updateFrequencyMs` the node reads the counter over that same connection, which both proves
 * the connection alive and reveals notifications that never arrived; then it re-reads everything.
 * A lost connection is re-opened with back-off; once LISTENing again the node re-reads everything,
 * since it may have missed anything meanwhile. Until then it keeps what it has.
 */
export class PostgresChangeTransport implements ChangeTransport {
  private readonly node = randomUUID();
  private readonly tracker = new ChangeVersionTracker();
  private client: Client | null = null;
  private deliver: (changes: readonly Change[]) => Promise<void> = async () => undefined;
  private timer: NodeJS.Timeout | null = null;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnecting: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Deliveries one after another, so a re-read never overtakes a notification it should follow. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly settings: ClusterSettings,
    private readonly dataSource: DataSource,
  ) {}

  async start(deliver: (changes: readonly Change[]) => Promise<void>): Promise<void> {
    this.deliver = deliver;
    // At start-up nothing is cached yet: being current means "from the counter read now on".
    const version = await this.connect().catch((err) => {
      this.connectionLost(err);
      return null;
    });
    if (version !== null) this.tracker.covered(version);
    this.timer = setInterval(() => void this.check(), this.settings.updateFrequencyMs);
    this.timer.unref();
  }

  get version(): number {
    return this.tracker.current;
  }

  async broadcast(changes: readonly Change[]): Promise<void> {
    let json = JSON.stringify(changes);
    if (json.length > MAX_CHANGES_JSON) json = JSON.stringify([...new Set(changes.map((c) => c.topic))].map((topic) => ({ topic })));
    const rows = (await this.dataSource.query(
      `WITH bumped AS (
         INSERT INTO settings (key, value) VALUES ($1, '1')
         ON CONFLICT (key) DO UPDATE SET value = (CAST(settings.value AS bigint) + 1)::text
         RETURNING value)
       SELECT value, pg_notify($2, json_build_object('node', $3::text, 'version', value, 'changes', $4::json)::text) FROM bumped`,
      [VERSION_KEY, CHANNEL, this.node, json],
    )) as { value: string }[];
    this.tracker.saw(Number(rows[0].value));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.reconnecting) clearTimeout(this.reconnecting);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Opens the LISTEN connection; resolves with the counter as it was once LISTENing. */
  private async connect(): Promise<number> {
    const client = new Client({ connectionString: this.url, application_name: 'portico-listen', ...postgresPoolOptions(this.settings) });
    client.on('error', (err) => this.connectionLost(err, client));
    client.on('end', () => this.connectionLost(new Error('connection closed'), client));
    client.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload) this.received(message.payload);
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      return await this.readVersion(client);
    } catch (err) {
      if (this.client === client) this.client = null;
      await client.end().catch(() => undefined);
      throw err;
    }
  }

  private async readVersion(client: Client): Promise<number> {
    const result = await client.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [VERSION_KEY]);
    return Number(result.rows[0]?.value ?? 0);
  }

  private received(payload: string): void {
    let announcement: Announcement;
    try {
      announcement = JSON.parse(payload) as Announcement;
    } catch {
      return;
    }
    const version = Number(announcement.version);
    if (announcement.node === this.node) {
      this.tracker.saw(version);
      return;
    }
    const changes = (announcement.changes ?? []).filter((c) => ALL_TOPICS.includes(c.topic) && (c.id === undefined || typeof c.id === 'string'));
    // Counted as seen only once applied: a failed delivery leaves a gap, and the gap a re-read.
    this.enqueue(() => this.deliver(changes).then(() => this.tracker.saw(version)));
  }

  private async check(): Promise<void> {
    const client = this.client;
    if (!client || this.reconnecting) return;
    let version: number;
    try {
      version = await this.readVersion(client);
    } catch (err) {
      this.connectionLost(err, client);
      return;
    }
    if (this.tracker.check(version)) {
      logger().info({ version }, 'a change notification went missing; re-reading the configuration');
      this.rereadAll(version);
    }
  }

  private rereadAll(version: number): void {
    this.enqueue(() => this.deliver(EVERYTHING).then(() => this.tracker.covered(version)));
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err) => {
      logger().warn({ err: { message: (err as Error).message } }, 'could not apply a change from another node; the periodic check will retry');
    });
  }

  private connectionLost(err: unknown, client?: Client): void {
    if (this.stopped || (client && client !== this.client)) return;
    if (this.client) {
      const lost = this.client;
      this.client = null;
      lost.removeAllListeners('end');
      lost.end().catch(() => undefined);
      logger().warn({ err: { message: (err as Error)?.message } }, 'lost the change notification connection; reconnecting');
    }
    if (this.reconnecting) return;
    this.reconnecting = setTimeout(() => void this.reconnect(), this.reconnectDelay);
    this.reconnecting.unref();
  }

  private async reconnect(): Promise<void> {
    try {
      const version = await this.connect();
      this.reconnecting = null;
      this.reconnectDelay = RECONNECT_MIN_MS;
      logger().info({ version }, 'change notifications restored; re-reading the configuration');
      this.rereadAll(version);
    } catch {
      this.reconnecting = null;
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
      this.connectionLost(new Error('reconnect failed'));
    }
  }
}
