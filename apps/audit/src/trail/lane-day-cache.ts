import type { SummaryDocument } from './trail-documents';

/** Lane-day summaries kept at most (~6 KB each at a million entries). */
const MAX_CACHED = 5_000;

/**
 * Lane-day summaries this process has read, by id and the entries they count: a lane's day only
 * ever grows, so the same count means the same summary, and the day's summary (read by the
 * query anyway) gives the count. A query across lanes (the unfiltered first page every console
 * opens with) then reads one day summary instead of one per lane. Least recently used first out.
 */
export class LaneDayCache {
  private readonly summaries = new Map<string, { n: number; summary: SummaryDocument }>();

  get(id: string, n: number): SummaryDocument | undefined {
    const cached = this.summaries.get(id);
    if (!cached || cached.n !== n) return undefined;
    this.summaries.delete(id);
    this.summaries.set(id, cached);
    return cached.summary;
  }

  set(id: string, summary: SummaryDocument): void {
    const n = Object.values(summary.children).reduce((total, counts) => total + counts.n, 0);
    this.summaries.delete(id);
    this.summaries.set(id, { n, summary });
    if (this.summaries.size > MAX_CACHED) {
      const oldest = this.summaries.keys().next().value;
      if (oldest !== undefined) this.summaries.delete(oldest);
    }
  }
}
