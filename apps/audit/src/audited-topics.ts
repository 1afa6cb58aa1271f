import { type TopicBaseName, Topics } from '@coffer/contracts';

/** The audit trail reads every event topic of every service. */
export const AUDITED_TOPICS: TopicBaseName[] = Object.values(Topics);
