import type { CommandContext, EventEnvelope, NewEvent } from '@coffer/contracts';

import { commitId } from './commit-chain';
import { ConcurrencyError } from './concurrency-error';
import { type Decider, fold } from './decider';
import type { EventStore } from './event-store';

/** What a command left: the state and version the aggregate reached and the events it appended. */
export interface Handled<State> {
  state: State;
  version: number;
  events: EventEnvelope[];
}

/** How one command finds its aggregate, and whether it may simply be tried again. */
export interface HandleOptions {
  /** The aggregate must already exist in the command's organisation; otherwise this error. */
  notFound?: () => Error;
  /**
   * The id was made for this command (random, or derived from a fresh secret): there is no
   * stream to read, and a collision still fails the append (ConcurrencyError).
   */
  fresh?: boolean;
  /**
   * Decide again on the newer state when a concurrent writer appended first. Only for commands
   * whose decision does not rest on what the caller saw (an idempotent status change, a counter);
   * without it a lost race throws ConcurrencyError, which services answer as `concurrent-change`.
   */
  retryOnConflict?: boolean;
}

export interface CommandHandlerSettings<State = unknown, Command = unknown> {
  /**
   * Read models kept in step with the command: applied to its events before it answers. The
   * state the events led to comes along, for read models that keep the aggregate's state, and
   * the command, for what a read model keeps beside the events (e.g. where files went); absent
   * when the outbox relay projects a stored commit again (see InlineProjections).
   */
  project?: (
    events: EventEnvelope[],
    reached: Handled<State>,
    command: Command | undefined,
  ) => Promise<void>;
  /** Wakes the outbox relay, so the events reach Kafka now rather than at its next poll. */
  nudge?: () => void;
  /** Attempts of a command that may be retried on conflict; 3 unless given. */
  maxAttempts?: number;
}

/**
 * The one way a command changes an aggregate: load its stream → decide → append → apply the
 * inline read models → nudge the relay once. Another organisation's aggregate reads exactly as a
 * missing one (checked on the stream it loaded anyway, so "not found" costs no extra read), and a
 * new aggregate is not read at all. The relay publishes a commit only once its read models hold
 * it: it waits for the command's projection, or projects the commit again when that failed or
 * never ran (the handler registers how, with the store's InlineProjections).
 */
export class CommandHandler<Command, State, Event extends NewEvent> {
  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<Command, State, Event>,
    private readonly settings: CommandHandlerSettings<State, Command> = {},
  ) {
    const { project } = settings;
    if (project)
      store.inlineProjections.register(decider.aggregateType, async (commit) => {
        const loaded = await this.load(commit.aggregateId);
        if (loaded.version < commit.lastVersion) return; // not this stream's commit any more
        const events = store.eventsOf(commit);
        await project(events, { state: loaded.state, version: loaded.version, events }, undefined);
      });
  }

  async load(aggregateId: string): Promise<{ state: State; version: number; orgId?: string }> {
    const events = await this.store.readStream(aggregateId);
    return {
      state: fold(this.decider, events),
      version: events.length,
      orgId: events[0]?.orgId,
    };
  }

  async handle(
    aggregateId: string,
    orgId: string,
    command: Command,
    context: CommandContext,
    options: HandleOptions = {},
  ): Promise<Handled<State>> {
    const attempts =
      options.retryOnConflict && !options.fresh ? (this.settings.maxAttempts ?? 3) : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const handled = await this.decideAndAppend(aggregateId, orgId, command, context, options);
        if (handled.events.length > 0) this.settings.nudge?.();
        return handled;
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= attempts) throw error;
      }
    }
  }

  private async decideAndAppend(
    aggregateId: string,
    orgId: string,
    command: Command,
    context: CommandContext,
    { notFound, fresh = false }: HandleOptions,
  ): Promise<Handled<State>> {
    const loaded = fresh
      ? { state: this.decider.initialState(), version: 0, orgId }
      : await this.load(aggregateId);
    if (notFound && (loaded.version === 0 || loaded.orgId !== orgId)) throw notFound();
    const decided = this.decider.decide(command, loaded.state);
    if (decided.length === 0) return { state: loaded.state, version: loaded.version, events: [] };
    const { project } = this.settings;
    const tracking = project
      ? this.store.inlineProjections.track(commitId(aggregateId, loaded.version + 1))
      : undefined;
    let projected = false;
    try {
      const events = await this.store.append({
        aggregate: { type: this.decider.aggregateType, id: aggregateId },
        orgId,
        expectedVersion: loaded.version,
        events: decided,
        context,
      });
      const handled = {
        state: decided.reduce(this.decider.evolve, loaded.state),
        version: loaded.version + events.length,
        events,
      };
      await project?.(events, handled, command);
      projected = true;
      return handled;
    } finally {
      tracking?.done(projected);
    }
  }
}
