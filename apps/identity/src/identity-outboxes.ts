/** Sign-in attempts are stored apart from the aggregates' events and relayed to `identity.auth`. */
export const AUTH_EVENTS_COLLECTION = 'auth_events';
