/**
 * The PST download page: server-rendered, no script, so it works from any mail client's link.
 * (The browser app will restyle it; the form and its answers stay the same.)
 */
export function downloadPage(options: {
  exportId: string;
  error?: string;
  parts?: { part: number; bytes: number; sha256: string }[];
  /** An administrator already signed in to the console, with the CSRF token to echo. */
  consoleSession?: { email: string; csrf: string };
  /** The organisation's SSO start, when it has SSO: signing in there comes back to this page. */
  ssoUrl?: string;
}): string {
  const action = `/download/pst/${encodeURIComponent(options.exportId)}`;
  const body = options.parts
    ? `<p>Your download is ready. The files, with their SHA-256 to check them:</p>
<ul>${options.parts
        .map(
          (p) =>
            `<li><a href="${action}/file/${p.part}">Part ${p.part}</a> — ${(p.bytes / 1024 / 1024).toFixed(1)} MB — <code>${p.sha256}</code></li>`,
        )
        .join('')}</ul>`
    : `${options.error ? `<p role="alert" id="error">${escapeHtml(options.error)}</p>` : ''}
${
  options.consoleSession
    ? `<form method="post" action="${action}">
  <input type="hidden" name="session" value="console"><input type="hidden" name="csrf" value="${escapeHtml(options.consoleSession.csrf)}">
  <p>You are signed in to the console as ${escapeHtml(options.consoleSession.email)}. <button type="submit">Download</button></p>
</form>
<p>Or sign in as someone else:</p>`
    : ''
}
<form method="post" action="${action}">
  <p><label for="email">Email</label><br><input id="email" name="email" type="email" autocomplete="username" required maxlength="254"></p>
  <p><label for="password">Fail-safe password</label><br><input id="password" name="password" type="password" autocomplete="current-password" maxlength="1000"></p>
  <p><label for="token">or API token</label><br><input id="token" name="token" type="password" autocomplete="off" maxlength="1000"></p>
  <p><button type="submit">Download</button></p>
</form>
<p>Use your email with your fail-safe password, or with an API token from Settings → APIs.</p>
${
  options.ssoUrl
    ? `<p>Your organisation uses single sign-on: <a href="${escapeHtml(options.ssoUrl)}">Sign in with SSO</a> and come back here to download.</p>`
    : ''
}`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Download PST — Coffer</title></head>
<body>
<main>
<h1>Download PST export</h1>
${body}
</main>
</body>
</html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
