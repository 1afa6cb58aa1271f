/**
 * The seals a service has accepted within the window a seal is valid for, so that a sealed call
 * captured on the network cannot be played again while it is fresh. Bounded by time: a seal
 * older than the window is refused by its age anyway, so it is forgotten.
 */
export class SeenSeals {
  private readonly seen = new Map<string, number>();
  private sweptAt = 0;

  constructor(private readonly windowMs: number) {}

  /** True the first time a seal is presented, false on every later presentation. */
  firstTime(mac: string, at: number, now = Date.now()): boolean {
    this.sweep(now);
    if (this.seen.has(mac)) return false;
    this.seen.set(mac, at);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < this.windowMs / 4) return;
    this.sweptAt = now;
    // A seal is valid from `at - window` to `at + window`: past that its age refuses it.
    for (const [mac, at] of this.seen) if (now - at > this.windowMs) this.seen.delete(mac);
  }
}
