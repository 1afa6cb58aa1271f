import type { EventEnvelope } from '@coffer/contracts';

/** Turns an event of `fromVersion` into the next schema version. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast: (event: EventEnvelope) => EventEnvelope;
}

/** Applies upcasters in order until no more apply, so readers only ever see current schemas. */
export class UpcasterChain {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: Upcaster[] = []) {
    for (const upcaster of upcasters) {
      this.byKey.set(`${upcaster.type}@${upcaster.fromVersion}`, upcaster);
    }
  }

  apply(event: EventEnvelope): EventEnvelope {
    let current = event;
    for (;;) {
      const next = this.byKey.get(`${current.type}@${current.schemaVersion}`);
      if (!next) return current;
      current = { ...next.upcast(current), schemaVersion: current.schemaVersion + 1 };
    }
  }
}
