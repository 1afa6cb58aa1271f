import {
  AMAP_COVERAGE,
  BLOCK_ALIGNMENT,
  FIRST_AMAP_OFFSET,
  PAGE_DATA_SIZE,
  PAGE_SIZE,
  PageType,
  mapPagesOfInterval,
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

  constructor() {
    this.position = this.reserveMapPages(0);
  }

  /** Returns the offset of `size` bytes aligned on `alignment`, and intervals it closed. */
  allocate(size: number, alignment: number): { offset: number; closed: ClosedInterval[] } {
    const closed: ClosedInterval[] = [];
    let at = Math.ceil(this.position / alignment) * alignment;
    while (at + size > intervalBase(this.current + 1)) {
      closed.push(this.close());
      this.current++;
      at = this.reserveMapPages(this.current);
    }
    this.mark(at, size);
    this.position = at + size;
    return { offset: at, closed };
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

  private mark(offset: number, size: number): void {
    const first = (offset - intervalBase(this.current)) / BLOCK_ALIGNMENT;
    const count = Math.ceil(size / BLOCK_ALIGNMENT);
    for (let bit = first; bit < first + count; bit++) this.bits[bit >> 3] |= 0x80 >> (bit & 7);
  }

  private close(): ClosedInterval {
    let freeSlots = 0;
    let run = 0;
    let longestFreeRun = 0;
    for (let bit = 0; bit < PAGE_DATA_SIZE * 8; bit++) {
      if (this.bits[bit >> 3] & (0x80 >> (bit & 7))) {
        run = 0;
      } else {
        freeSlots++;
        longestFreeRun = Math.max(longestFreeRun, ++run);
      }
    }
    const closed = { index: this.current, bits: this.bits, freeSlots, longestFreeRun };
    this.bits = Buffer.alloc(PAGE_DATA_SIZE);
    return closed;
  }
}
