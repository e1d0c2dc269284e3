// Byte offsets of the v2 batch header (RECORD_FORMAT §2). The CRC covers [ATTRIBUTES, end).

export const BASE_OFFSET = 0;
export const BATCH_LENGTH = 8;
export const PARTITION_LEADER_EPOCH = 12;
export const MAGIC = 16;
export const CRC = 17;
export const ATTRIBUTES = 21;
export const LAST_OFFSET_DELTA = 23;
export const BASE_TIMESTAMP = 27;
export const MAX_TIMESTAMP = 35;
export const PRODUCER_ID = 43;
export const PRODUCER_EPOCH = 51;
export const BASE_SEQUENCE = 53;
export const RECORDS_COUNT = 57;
/** Size of the header; the records section starts here. */
export const HEADER_SIZE = 61;
/** baseOffset and batchLength are not counted in batchLength. */
export const LOG_OVERHEAD = 12;
/** The magic byte of record batches; 0 and 1 are the legacy message formats. */
export const CURRENT_MAGIC = 2;
