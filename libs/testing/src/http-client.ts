export interface HttpResult<Body = unknown> {
  status: number;
  body: Body;
  text: string;
  headers: Headers;
}

/**
 * A tiny browser stand-in for API tests: keeps the cookies the server sets and, like the web
 * app, echoes the `csrf-token` cookie in the `x-csrf-token` header of state-changing requests.
 */
export class HttpClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request<Body = unknown>(
    method: string,
    path: string,
    options: {
      json?: unknown;
      headers?: Record<string, string>;
      withoutCsrf?: boolean;
      /** A body sent as it is; a stream is sent as it is produced (an upload in pieces). */
      rawBody?: string | Uint8Array | ReadableStream<Uint8Array>;
      /** Keep a redirect as the answer instead of following it. */
      manualRedirect?: boolean;
      /** Give up (the promise rejects) when the whole answer has not arrived by then. */
      timeoutMs?: number;
    } = {},
  ): Promise<HttpResult<Body>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    // As the web app does: the CSRF token of the session the path is called with.
    const csrf = this.cookies.get(
      path.startsWith('/api/portal') ? 'portal-csrf-token' : 'csrf-token',
    );
    if (csrf && !options.withoutCsrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    let body: string | Uint8Array | ReadableStream<Uint8Array> | undefined = options.rawBody;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body,
      redirect: options.manualRedirect ? 'manual' : 'follow',
      signal: AbortSignal.timeout(options.timeoutMs ?? 120_000),
      // Node's fetch sends a stream only half-duplex.
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      const expired = attributes.some((attribute) => /expires=Thu, 01 Jan 1970/i.test(attribute));
      if (expired || value === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as Body, text, headers: response.headers };
  }

  get<Body = unknown>(
    path: string,
    options?: { headers?: Record<string, string>; manualRedirect?: boolean; timeoutMs?: number },
  ) {
    return this.request<Body>('GET', path, options);
  }

  /** A form post, as a browser sends an IdP's SAML answer to the assertion consumer. */
  postForm<Body = unknown>(
    path: string,
    fields: Record<string, string>,
    options: { headers?: Record<string, string> } = {},
  ) {
    return this.request<Body>('POST', path, {
      rawBody: new URLSearchParams(fields).toString(),
      headers: { ...options.headers, 'content-type': 'application/x-www-form-urlencoded' },
      manualRedirect: true,
    });
  }

  post<Body = unknown>(
    path: string,
    json?: unknown,
    options: { headers?: Record<string, string>; withoutCsrf?: boolean; timeoutMs?: number } = {},
  ) {
    return this.request<Body>('POST', path, { ...options, json });
  }
}
