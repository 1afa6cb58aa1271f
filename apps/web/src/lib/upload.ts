import { ApiError, csrfTokenFor } from '../api';

/**
 * Uploads one file as multipart/form-data with the session's CSRF token, reporting how much of
 * it has been sent (fetch cannot tell an upload's progress; XMLHttpRequest can). Errors arrive
 * as ApiError with the API's own message, as from `api`.
 */
export function uploadFile<Result>(
  path: string,
  field: string,
  file: File,
  onProgress: (sent: number, total: number) => void,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.withCredentials = true;
    const csrf = csrfTokenFor(path);
    if (csrf) request.setRequestHeader('x-csrf-token', csrf);
    request.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size);
    request.onerror = () =>
      reject(
        new ApiError(0, 'network', 'The upload broke off; check the connection and try again.'),
      );
    request.onload = () => {
      const parsed = safeJson(request.responseText) as Record<string, unknown> | undefined;
      if (request.status >= 200 && request.status < 300) resolve(parsed as Result);
      else
        reject(
          new ApiError(
            request.status,
            String(parsed?.code ?? `http-${request.status}`),
            String(parsed?.message ?? 'Something went wrong; try again.'),
            parsed ?? {},
          ),
        );
    };
    const form = new FormData();
    form.append(field, file, file.name);
    request.send(form);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
