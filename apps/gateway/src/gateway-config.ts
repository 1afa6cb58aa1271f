/** Nest injection token of the gateway's CofferConfig, for providers that need a setting. */
export const GATEWAY_CONFIG = Symbol('gateway configuration');
