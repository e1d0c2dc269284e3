// IncrementalAlterConfigs (key 44): SET, DELETE, APPEND and SUBTRACT on topic and broker configs.
import { ConfigResourceType, ErrorCode, IncrementalAlterConfigs } from '@lk/api';
import { alterConfigs } from '../configs.ts';
import { defineHandler } from './handler.ts';

export default defineHandler({
  api: IncrementalAlterConfigs,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, request) {
    const { cluster } = ctx;
    return {
      ...IncrementalAlterConfigs.newResponse(),
      responses: request.resources.map((r) => {
        const base = { resourceType: r.resourceType, resourceName: r.resourceName };
        let configs: Map<string, string> | undefined;
        if (r.resourceType === ConfigResourceType.TOPIC)
          configs = cluster.state.topic(r.resourceName)?.configs;
        else if (r.resourceType === ConfigResourceType.BROKER) configs = cluster.brokerConfigs;
        if (configs === undefined) {
          const errorCode =
            r.resourceType === ConfigResourceType.TOPIC
              ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
              : ErrorCode.INVALID_REQUEST;
          return { ...base, errorCode, errorMessage: null };
        }
        return { ...base, ...alterConfigs(configs, r.configs, request.validateOnly) };
      }),
    };
  },
});
