import { serviceStatusMessages } from './health-messages';

describe('serviceStatusMessages', () => {
  // Every caller (the gateway, ops, tools/bench) has always sent these.
  it('answers at the patterns every service has always answered', () => {
    const messages = serviceStatusMessages('identity');
    expect(
      Object.fromEntries(Object.entries(messages).map(([name, m]) => [name, m.pattern])),
    ).toEqual({
      health: 'identity.health',
      status: 'identity.status',
      projections: 'identity.projections.status',
      consistency: 'identity.consistency',
      projected: 'identity.consistency.projected',
      eventsPage: 'identity.events.page',
    });
    expect(messages.status.service).toBe('identity');
  });

  it("bounds the consistency checker's pages", () => {
    const { eventsPage } = serviceStatusMessages('audit');
    expect(eventsPage.request.safeParse({ collection: 'events', limit: 1_000 }).success).toBe(true);
    expect(eventsPage.request.safeParse({ collection: 'events', limit: 1_001 }).success).toBe(
      false,
    );
    expect(eventsPage.request.safeParse({ collection: '', limit: 1 }).success).toBe(false);
  });
});
