import type { AuditEntryDocument } from './audit-entry';

/** Entries kept at most (about 50 MB of them). */
const MAX_CACHED_ENTRIES = 100_000;

/**
 * Segments this process has read, by id and entry count: a segment only ever grows, so the same
 * count means the same entries, and the day's summary (read by every query anyway) gives the
 * count. The newest page, which every console opens with, is then served from summaries alone.
 * Least recently used first out. Entries handed out are shared: callers must not change them.
 */
export class SegmentCache {
  private readonly segments = new Map<string, { n: number; entries: AuditEntryDocument[] }>();
  private held = 0;

  get(id: string, n: number): AuditEntryDocument[] | undefined {
    const cached = this.segments.get(id);
    if (!cached || cached.n !== n) return undefined;
    this.segments.delete(id);
    this.segments.set(id, cached);
    return cached.entries;
  }

  set(id: string, entries: AuditEntryDocument[]): void {
    const previous = this.segments.get(id);
    if (previous) {
      this.held -= previous.entries.length;
      this.segments.delete(id);
    }
    this.segments.set(id, { n: entries.length, entries });
    this.held += entries.length;
    for (const [oldest, cached] of this.segments) {
      if (this.held <= MAX_CACHED_ENTRIES) break;
      this.segments.delete(oldest);
      this.held -= cached.entries.length;
    }
  }
}
