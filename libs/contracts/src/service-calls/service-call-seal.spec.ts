import { SeenSeals } from './seen-seals';
import { openServiceCall, SEAL_FIELD, sealServiceCall } from './service-call-seal';

const keys = { current: Buffer.alloc(32, 1), previous: [] };
const message = { orgId: 'o1', context: { actor: { type: 'administrator', id: 'a1' } } };
/** What the receiving service gets: the sealed message after a JSON round trip. */
const travelled = (sealed: unknown) => JSON.parse(JSON.stringify(sealed)) as unknown;

describe('sealed service calls', () => {
  it('opens a sealed message, and hands the handler the message without its seal', () => {
    const received = travelled(sealServiceCall(keys, 'identity.users.list', message));
    expect(openServiceCall(keys, 'identity.users.list', received)).toBe(true);
    expect(received).toEqual(message);
  });

  // Regression: a plain framed message to identity's port created a working cloud administrator.
  it('refuses an unsealed message, one sealed by another key, and a changed one', () => {
    expect(openServiceCall(keys, 'identity.users.list', { ...message })).toBe(false);
    const other = { current: Buffer.alloc(32, 2), previous: [] };
    expect(
      openServiceCall(
        keys,
        'identity.users.list',
        travelled(sealServiceCall(other, 'identity.users.list', message)),
      ),
    ).toBe(false);
    const sealed = travelled(sealServiceCall(keys, 'identity.users.list', message)) as {
      context: { actor: { type: string } };
    };
    sealed.context.actor.type = 'system';
    expect(openServiceCall(keys, 'identity.users.list', sealed)).toBe(false);
    // A seal is for one pattern only.
    expect(
      openServiceCall(
        keys,
        'identity.administrator.create',
        travelled(sealServiceCall(keys, 'identity.users.list', message)),
      ),
    ).toBe(false);
  });

  it('refuses a seal older than a minute, and accepts one made with a rotated-out key', () => {
    const old = travelled(sealServiceCall(keys, 'p', message, Date.now() - 61_000));
    expect(openServiceCall(keys, 'p', old)).toBe(false);
    const rotated = { current: Buffer.alloc(32, 9), previous: [keys.current] };
    expect(openServiceCall(rotated, 'p', travelled(sealServiceCall(keys, 'p', message)))).toBe(
      true,
    );
    expect(travelled(sealServiceCall(keys, 'p', undefined))).toHaveProperty(SEAL_FIELD);
  });

  // Regression: a sealed call captured on the network could be sent again for a minute.
  it('refuses a seal presented a second time, and forgets seals once their minute is over', () => {
    const seen = new SeenSeals(60_000);
    const sealed = JSON.stringify(sealServiceCall(keys, 'p', message));
    expect(openServiceCall(keys, 'p', JSON.parse(sealed), { seen })).toBe(true);
    expect(openServiceCall(keys, 'p', JSON.parse(sealed), { seen })).toBe(false);
    // The same message sealed again is a new call.
    expect(
      openServiceCall(keys, 'p', travelled(sealServiceCall(keys, 'p', message)), { seen }),
    ).toBe(true);
    expect(seen.size).toBe(2);
    const later = Date.now() + 61_000;
    expect(openServiceCall(keys, 'p', JSON.parse(sealed), { seen, now: later })).toBe(false);
    const fresh = travelled(sealServiceCall(keys, 'p', message, later));
    expect(openServiceCall(keys, 'p', fresh, { seen, now: later })).toBe(true);
    expect(seen.size).toBe(1);
  });

  it('refuses a seal whose nonce was changed on the way', () => {
    const sealed = travelled(sealServiceCall(keys, 'p', message)) as Record<
      string,
      { nonce: string }
    >;
    sealed[SEAL_FIELD].nonce = 'another';
    expect(openServiceCall(keys, 'p', sealed)).toBe(false);
  });
});
