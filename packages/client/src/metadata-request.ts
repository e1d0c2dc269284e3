import { Metadata } from '@lk/api';
import { ZERO_UUID } from '@lk/wire';
import type { RequestOf } from './connection.ts';

/** A Metadata request for `topics` by name (null: every topic; `[]`: brokers only) that never creates topics. */
export function metadataRequest(topics: readonly string[] | null): RequestOf<typeof Metadata> {
  return {
    ...Metadata.newRequest(),
    topics: topics === null ? null : topics.map((name) => ({ topicId: ZERO_UUID, name })),
    allowAutoTopicCreation: false,
  };
}
