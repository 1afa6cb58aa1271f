/** Where the layout's banner and the `mfa-enrolment-required` answer send the administrator. */
export const TWO_FACTOR_PATH = '/console/settings/two-factor';
