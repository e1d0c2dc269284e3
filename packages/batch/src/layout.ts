// Byte offsets of the v2 batch header (RECORD_FORMAT §2). The CRC covers [ATTRIBUTES, end).

/** The int64 offset of the batch's first record. */
export const BASE_OFFSET = 0;
/** The int32 length of the batch after this field. */
export const BATCH_LENGTH = 8;
/** The int32 leader epoch the broker stamps on append. */
export const PARTITION_LEADER_EPOCH = 12;
/** The int8 format version: 2 for record batches. */
export const MAGIC = 16;
/** The uint32 CRC-32C of everything from ATTRIBUTES to the end. */
export const CRC = 17;
/** The int16 attributes: compression, timestamp type, transactional, control. */
export const ATTRIBUTES = 21;
/** The int32 offset delta of the last record. */
export const LAST_OFFSET_DELTA = 23;
/** The int64 timestamp of the first record. */
export const BASE_TIMESTAMP = 27;
/** The int64 largest timestamp in the batch. */
export const MAX_TIMESTAMP = 35;
/** The int64 producer id (-1 without idempotence). */
export const PRODUCER_ID = 43;
/** The int16 producer epoch (-1 without idempotence). */
export const PRODUCER_EPOCH = 51;
/** The int32 sequence number of the first record (-1 without idempotence). */
export const BASE_SEQUENCE = 53;
/** The int32 count of records that follows the header. */
export const RECORDS_COUNT = 57;
/** Size of the header; the records section starts here. */
export const HEADER_SIZE = 61;
/** baseOffset and batchLength are not counted in batchLength. */
export const LOG_OVERHEAD = 12;
/** The magic byte of record batches; 0 and 1 are the legacy message formats. */
export const CURRENT_MAGIC = 2;
