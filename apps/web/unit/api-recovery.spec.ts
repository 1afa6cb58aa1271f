import { api, ApiError, setApiRecovery } from '../src/api';

/** The console's recovery (step-up, enrolment) sees refusals and may have a request sent again once. */
describe('api recovery', () => {
  const answers: Response[] = [];
  const fetchMock = jest.fn(async () => answers.shift() ?? new Response('', { status: 500 }));

  function refusal(status: number, code: string) {
    return new Response(JSON.stringify({ code, message: code }), { status });
  }

  beforeAll(() => {
    Object.assign(globalThis, { document: { cookie: '' }, fetch: fetchMock });
  });

  afterEach(() => {
    setApiRecovery(undefined);
    answers.length = 0;
    fetchMock.mockClear();
  });

  it('sends the request again once when the recovery answers true', async () => {
    answers.push(refusal(401, 'reauthentication-required'), new Response('{"ok":true}'));
    const recovery = jest.fn(async () => true);
    setApiRecovery(recovery);
    await expect(api('POST', '/api/console/api-tokens', { name: 'ci' })).resolves.toEqual({
      ok: true,
    });
    expect(recovery).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'reauthentication-required' }),
      '/api/console/api-tokens',
    );
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('does not retry a second time: the second refusal reaches the page', async () => {
    answers.push(
      refusal(401, 'reauthentication-required'),
      refusal(401, 'reauthentication-required'),
    );
    const recovery = jest.fn(async () => true);
    setApiRecovery(recovery);
    await expect(api('POST', '/api/console/api-tokens')).rejects.toMatchObject({
      code: 'reauthentication-required',
    });
    expect(recovery).toHaveBeenCalledTimes(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('lets the error through when the recovery declines, or there is none', async () => {
    answers.push(refusal(403, 'mfa-enrolment-required'));
    setApiRecovery(async () => false);
    await expect(api('GET', '/api/console/users')).rejects.toBeInstanceOf(ApiError);
    setApiRecovery(undefined);
    answers.push(refusal(403, 'forbidden'));
    await expect(api('GET', '/api/console/users')).rejects.toMatchObject({ code: 'forbidden' });
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});
