import { markerId } from './outbox';

describe('outbox marker ids', () => {
  it('sort each stream by version, past the digits where plain numbers stop sorting', () => {
    // Commit ids `x:10` < `x:9` as strings: the relay reads markers in `_id` order and would
    // have published version 10 before version 9.
    const versions = [1, 2, 9, 10, 11, 99, 100, 12_345];
    const ids = versions.map((version) => markerId('x', version));

    expect([...ids].sort()).toEqual(ids);
  });

  it('keep the aggregate id whole, colons included', () => {
    expect(markerId('org:7', 3)).toBe('org:7:000000000003');
  });
});
