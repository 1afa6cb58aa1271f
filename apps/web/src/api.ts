/** An error the API answered, with its code and the message meant for the person. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The CSRF token of the session `path` is called with: the portal's or the console's. */
export function csrfTokenFor(path: string): string | undefined {
  const name = path.startsWith('/api/portal') ? 'portal-csrf-token=' : 'csrf-token=';
  return document.cookie
    .split('; ')
    .find((cookie) => cookie.startsWith(name))
    ?.slice(name.length);
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What the console does with an error before the page sees it: asks for a code and answers
 * `true` to have the request sent again (once), or `false` to let the error through.
 */
export type ApiRecovery = (error: ApiError, path: string) => Promise<boolean>;

let recovery: ApiRecovery | undefined;

/** The console layout installs its recovery (step-up, enrolment); undefined removes it. */
export function setApiRecovery(handler: ApiRecovery | undefined): void {
  recovery = handler;
}

/**
 * Calls the gateway's REST API on the same origin. State-changing requests echo the
 * session's CSRF token cookie; errors arrive as ApiError with the API's own message.
 * An installed recovery may retry a refused request once (e.g. after a step-up).
 */
export async function api<Result>(
  method: Method,
  path: string,
  body?: unknown,
  /** Send `body` as it is (a string) with this content type, instead of as JSON. */
  options: RequestOptions = {},
): Promise<Result> {
  try {
    return await send<Result>(method, path, body, options);
  } catch (error) {
    if (!(error instanceof ApiError) || !recovery || !(await recovery(error, path))) throw error;
    return send<Result>(method, path, body, options);
  }
}

interface RequestOptions {
  contentType?: string;
  /** Sees the answer's headers (a paged list's total) before the body is returned. */
  onHeaders?: (headers: Headers) => void;
}

/** A page of a list and how many items match in all (the list's `X-Total-Count` header). */
export async function apiPage<Item>(path: string): Promise<{ items: Item[]; total: number }> {
  let total: number | undefined;
  const items = await api<Item[]>('GET', path, undefined, {
    onHeaders: (headers) => {
      const header = headers.get('x-total-count');
      total = header === null ? undefined : Number(header);
    },
  });
  return { items, total: total ?? items.length };
}

async function send<Result>(
  method: Method,
  path: string,
  body: unknown,
  options: RequestOptions,
): Promise<Result> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const csrf = csrfTokenFor(path);
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const response = await fetch(path, {
    method,
    headers,
    body:
      body === undefined ? undefined : options.contentType ? String(body) : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await response.text();
  const parsed = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = (parsed ?? {}) as { code?: string; message?: string };
    throw new ApiError(
      response.status,
      error.code ?? `http-${response.status}`,
      error.message ?? 'Something went wrong; try again.',
      (parsed ?? {}) as Record<string, unknown>,
    );
  }
  options.onHeaders?.(response.headers);
  return parsed as Result;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
