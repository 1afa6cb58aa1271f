/** Signatures of the LTP layer ([MS-PST] §2.3), shared by the writer and the validator. */
export const HEAP_SIGNATURE = 0xec;

/** The heap's client: what its user root holds. */
export const ClientSignature = {
  propertyContext: 0xbc,
  tableContext: 0x7c,
  bTreeOnHeap: 0xb5,
} as const;

/** The largest heap allocation; bigger values go to a subnode ([MS-PST] §2.3.3.3). */
export const MAX_HEAP_ALLOCATION = 3580;
