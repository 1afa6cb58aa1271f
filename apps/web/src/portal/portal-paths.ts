/** Where the home page's banner and a sign-in past the grace period send an end user. */
export const PORTAL_TWO_FACTOR_PATH = '/portal/two-factor';
