/** Histogram buckets (seconds) for request latency, the same for the gateway and every backend. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
