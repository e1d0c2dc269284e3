// Configs DescribeConfigs shows and IncrementalAlterConfigs changes: stored as given; only
// retention.bytes and max.message.bytes of topics act on anything.
import { AlterConfigOpType, ErrorCode } from '@lk/api';

/** Topic config defaults (Kafka's), shown with source DEFAULT_CONFIG unless set on the topic. */
export function topicDefaults(retentionBytes: number, maxMessageBytes: number): ReadonlyMap<string, string> {
  return new Map([
    ['cleanup.policy', 'delete'],
    ['compression.type', 'producer'],
    ['max.message.bytes', String(maxMessageBytes)],
    ['message.timestamp.type', 'CreateTime'],
    ['min.insync.replicas', '1'],
    ['retention.bytes', String(retentionBytes)],
    ['retention.ms', '604800000'],
    ['segment.bytes', '1073741824'],
  ]);
}

/** Applies IncrementalAlterConfigs operations to `configs`; returns an error code (nothing applied on error). */
export function alterConfigs(
  configs: Map<string, string>,
  operations: readonly { name: string; configOperation: number; value: string | null }[],
  validateOnly: boolean,
): { errorCode: number; errorMessage: string | null } {
  const next = new Map(configs);
  for (const op of operations) {
    const list = (next.get(op.name) ?? '').split(',').filter((v) => v !== '');
    const values = (op.value ?? '').split(',').filter((v) => v !== '');
    switch (op.configOperation) {
      case AlterConfigOpType.SET:
        if (op.value === null)
          return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `null value for ${op.name}` };
        next.set(op.name, op.value);
        break;
      case AlterConfigOpType.DELETE:
        next.delete(op.name);
        break;
      case AlterConfigOpType.APPEND:
        next.set(op.name, [...list, ...values.filter((v) => !list.includes(v))].join(','));
        break;
      case AlterConfigOpType.SUBTRACT:
        next.set(op.name, list.filter((v) => !values.includes(v)).join(','));
        break;
      default:
        return {
          errorCode: ErrorCode.INVALID_REQUEST,
          errorMessage: `unknown config operation ${op.configOperation}`,
        };
    }
  }
  if (!validateOnly) {
    configs.clear();
    for (const [k, v] of next) configs.set(k, v);
  }
  return { errorCode: ErrorCode.NONE, errorMessage: null };
}
