/** DESIGN.md's limits of the wire format, in one place so the schemas, the server and the tracker agree. */
export const LIMITS = {
  idMaxLength: 64,
  nameMaxLength: 64,
  identityMaxLength: 128,
  maxGroups: 8,
  maxProps: 32,
  propStringMaxLength: 256,
  propKeyMaxLength: 64,
  maxEventsPerBatch: 500,
  maxBodyBytes: 256 * 1024,
  maxImportBytes: 64 * 1024 * 1024,
  /** An event whose stored time is further ahead than this is clamped to the receive time. */
  futureClampMs: 5 * 60 * 1000,
  /** Events older than this are refused by /v1/events; history goes through import. */
  maxAgeMs: 7 * 24 * 60 * 60 * 1000,
  maxWeeks: 520,
  defaultWeeks: 12,
} as const;

export const DAY_MS = 24 * 60 * 60 * 1000;
