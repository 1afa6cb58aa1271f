/**
 * `breakGlass` comes only in the sign-in answer (`me` does not repeat it), so the console keeps
 * it for the tab's session, for the layout's banner until sign-out.
 */
const KEY = 'coffer-console-break-glass';

export function rememberBreakGlass(breakGlass: boolean): void {
  if (breakGlass) sessionStorage.setItem(KEY, 'true');
  else sessionStorage.removeItem(KEY);
}

export function signedInByBreakGlass(): boolean {
  return sessionStorage.getItem(KEY) === 'true';
}
