import { MAX_JSON_DEPTH, refuseDeepJson } from './json-depth';

describe('JSON depth limit', () => {
  const check = (text: string) => () => refuseDeepJson(undefined, undefined, Buffer.from(text));

  it('lets ordinary bodies through, brackets inside strings not counted', () => {
    expect(check('{"a":[{"b":[1,2]}],"c":"[[[[{{{{"}')).not.toThrow();
    expect(check(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).not.toThrow();
    expect(check(`{"s":"\\\\\\"[[[["}`)).not.toThrow();
  });

  it('refuses a body nested deeper than the limit with a 400', () => {
    expect(check('['.repeat(MAX_JSON_DEPTH + 1))).toThrow(
      expect.objectContaining({ status: 400 }) as unknown as Error,
    );
  });
});
