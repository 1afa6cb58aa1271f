import type { CookieOptions, Response } from 'express';

import { csrfTokenOf, SessionCookies } from './session-cookies';

/** Records the cookies a handler sets, as Express would send them. */
function recordingResponse() {
  const set: { name: string; options: CookieOptions }[] = [];
  const response = {
    cookie: (name: string, _value: string, options: CookieOptions) => {
      set.push({ name, options });
      return response;
    },
  };
  return { set, response: response as unknown as Response };
}

describe('SessionCookies', () => {
  it('marks every cookie Secure when the public URL is https', () => {
    const { set, response } = recordingResponse();
    new SessionCookies('https://coffer.example.com').set(response, 'console', 'token', 60_000);
    expect(set).toEqual([
      {
        name: 'coffer_console_session',
        options: expect.objectContaining({ secure: true, httpOnly: true, sameSite: 'lax' }),
      },
      {
        name: 'csrf-token',
        options: expect.objectContaining({ secure: true, httpOnly: false, sameSite: 'strict' }),
      },
    ]);
  });

  it('leaves Secure off over plain HTTP, where the browser would never send them back', () => {
    const { set, response } = recordingResponse();
    new SessionCookies('http://127.0.0.1:3000').set(response, 'portal', 'token', 60_000);
    expect(set.map(({ name, options }) => [name, options.secure])).toEqual([
      ['coffer_portal_session', false],
      ['portal-csrf-token', false],
    ]);
  });

  it("binds the CSRF token to the session: another session's token differs", () => {
    expect(csrfTokenOf('session-a')).toBe(csrfTokenOf('session-a'));
    expect(csrfTokenOf('session-a')).not.toBe(csrfTokenOf('session-b'));
    expect(csrfTokenOf('session-a')).not.toContain('session-a');
  });
});
