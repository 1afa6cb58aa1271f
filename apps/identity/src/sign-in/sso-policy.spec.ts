import { mustUseSso } from './sso-policy';

describe('who must sign in through SSO', () => {
  const user = { kind: 'user' } as const;
  const productAdministrator = { kind: 'administrator', role: 'product-administrator' } as const;
  const cloudAdministrator = { kind: 'administrator', role: 'cloud-administrator' } as const;

  it.each([
    ['off', false, false, false],
    ['users', true, false, false],
    ['users-and-administrators', true, true, false],
  ] as const)(
    'with enforcement %s: users %s, product administrators %s, cloud administrators %s',
    (enforcement, users, products, clouds) => {
      expect(mustUseSso(enforcement, user)).toBe(users);
      expect(mustUseSso(enforcement, productAdministrator)).toBe(products);
      expect(mustUseSso(enforcement, cloudAdministrator)).toBe(clouds);
    },
  );
});
