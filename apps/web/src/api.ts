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
function csrfTokenFor(path: string): string | undefined {
  const name = path.startsWith('/api/portal') ? 'portal-csrf-token=' : 'csrf-token=';
  return document.cookie
    .split('; ')
    .find((cookie) => cookie.startsWith(name))
    ?.slice(name.length);
}

/**
 * Calls the gateway's REST API on the same origin. State-changing requests echo the
 * session's CSRF token cookie; errors arrive as ApiError with the API's own message.
 */
export async function api<Result>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  /** Send `body` as it is (a string) with this content type, instead of as JSON. */
  options: { contentType?: string } = {},
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
  return parsed as Result;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
