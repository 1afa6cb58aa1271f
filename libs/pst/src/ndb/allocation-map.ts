import {
  AMAP_COVERAGE,
  BLOCK_ALIGNMENT,
  FIRST_AMAP_OFFSET,
  mapPagesOfInterval,
  PAGE_DATA_SIZE,
  PAGE_SIZE,
  PageType,
} from './format';

export interface ClosedInterval {
  index: number;
  bits: Buffer;
  freeSlots: number;
  longestFreeRun: number;
}

export function intervalBase(index: number): number {
  return FIRST_AMAP_OFFSET + index * AMAP_COVERAGE;
}

export function intervalOf(offset: number): number {
  return Math.floor((offset - FIRST_AMAP_OFFSET) / AMAP_COVERAGE);
}

/**
 * Decides where each block and page goes in an append-only file and keeps the allocation bits of
 * the interval being filled. Space is never freed, so only the current interval's 496 bytes of
 * bits are held; a closed interval is handed back to be written as its AMap page.
 */
export class AppendAllocator {
  private current = 0;
  private bits = Buffer.alloc(PAGE_DATA_SIZE);
  private position: number;
  private closed: ClosedInterval[] = [];

  constructor() {
    this.position = this.reserveMapPages(0);
  }

  /**
   * Returns the offset of `size` bytes aligned on `alignment`; intervals this closed wait in
   * `closed` for their AMap pages to be written.
   */
  allocate(size: number, alignment: number): number {
    let at = Math.ceil(this.position / alignment) * alignment;
    while (at + size > intervalBase(this.current + 1)) {
      this.closed.push(this.close());
      this.current++;
      at = this.reserveMapPages(this.current);
    }
    this.mark(at, size);
    this.position = at + size;
    return at;
  }

  get hasClosed(): boolean {
    return this.closed.length > 0;
  }

  /** Intervals closed since the last call, oldest first. */
  takeClosed(): ClosedInterval[] {
    const closed = this.closed;
    this.closed = [];
    return closed;
  }

  /** Closes the last interval; the file then ends where that interval ends. */
  finish(): { closed: ClosedInterval; fileEnd: number; intervals: number } {
    return {
      closed: this.close(),
      fileEnd: intervalBase(this.current + 1),
      intervals: this.current + 1,
    };
  }

  get mapPages(): { offset: number; type: PageType }[] {
    return mapPagesOfInterval(this.current);
  }

  private reserveMapPages(index: number): number {
    const pages = mapPagesOfInterval(index);
    for (const page of pages) this.mark(page.offset, PAGE_SIZE);
    return pages[pages.length - 1].offset + PAGE_SIZE;
  }

  /** Marks the slots of `size` bytes at `offset` used; whole bytes of bits at once. */
  private mark(offset: number, size: number): void {
    let bit = (offset - intervalBase(this.current)) / BLOCK_ALIGNMENT;
    const end = bit + Math.ceil(size / BLOCK_ALIGNMENT);
    for (; bit < end && bit & 7; bit++) this.bits[bit >> 3] |= 0x80 >> (bit & 7);
    if (end - bit >= 8) {
      this.bits.fill(0xff, bit >> 3, end >> 3);
      bit = end & ~7;
    }
    for (; bit < end; bit++) this.bits[bit >> 3] |= 0x80 >> (bit & 7);
  }

  private close(): ClosedInterval {
    let freeSlots = 0;
    let run = 0;
    let longestFreeRun = 0;
    for (let i = 0; i < PAGE_DATA_SIZE; i++) {
      const byte = this.bits[i];
      if (byte === 0xff) {
        run = 0;
        continue;
      }
      for (let bit = 0; bit < 8; bit++) {
        if (byte & (0x80 >> bit)) {
          run = 0;
        } else {
          freeSlots++;
          longestFreeRun = Math.max(longestFreeRun, ++run);
        }
      }
    }
    const closed = { index: this.current, bits: this.bits, freeSlots, longestFreeRun };
    this.bits = Buffer.alloc(PAGE_DATA_SIZE);
    return closed;
  }
}
