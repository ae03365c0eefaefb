/**
 * Which change versions this node has applied, to prove it is current. Every write bumps one
 * counter in the database and announces the new version; a version still unseen one whole check
 * period after the database reported it was lost (a dropped notification), and the node re-reads.
 */
export class ChangeVersionTracker {
  /** Every version up to this one has been applied (or covered by a full re-read). */
  private watermark = 0;
  private readonly ahead = new Set<number>();
  /** The database's version at the previous periodic check. */
  private lastChecked = 0;

  get current(): number {
    return this.watermark;
  }

  saw(version: number): void {
    if (version <= this.watermark) return;
    this.ahead.add(version);
    while (this.ahead.delete(this.watermark + 1)) this.watermark++;
  }

  /** After a full re-read that started when the database was at `version`. */
  covered(version: number): void {
    this.watermark = Math.max(this.watermark, version);
    for (const v of this.ahead) if (v <= this.watermark) this.ahead.delete(v);
    while (this.ahead.delete(this.watermark + 1)) this.watermark++;
    this.lastChecked = Math.max(this.lastChecked, version);
  }

  /**
   * The periodic check: true when this node must re-read everything, either because a version the
   * database had at the previous check never arrived, or because the counter went backwards (the
   * database was restored or replaced).
   */
  check(databaseVersion: number): boolean {
    const missed = this.watermark < this.lastChecked || databaseVersion < this.watermark;
    this.lastChecked = databaseVersion;
    if (databaseVersion < this.watermark) {
      this.watermark = 0;
      this.ahead.clear();
    }
    return missed;
  }
}
