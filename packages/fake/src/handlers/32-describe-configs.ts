// DescribeConfigs (key 32): topic configs (set ones as TOPIC_CONFIG, the rest as defaults) and the
// broker configs set through IncrementalAlterConfigs.
import { ConfigResourceType, ConfigSource, ConfigType, DescribeConfigs, ErrorCode } from '@lk/api';
import { topicDefaults } from '../configs.ts';
import { defineHandler, type RequestContext } from './handler.ts';

export default defineHandler({
  api: DescribeConfigs,
  minVersion: 1,
  maxVersion: 4,
  handle(ctx, request) {
    return {
      ...DescribeConfigs.newResponse(),
      results: request.resources.map((r) => {
        const result = {
          errorCode: ErrorCode.NONE as number,
          errorMessage: null as string | null,
          resourceType: r.resourceType,
          resourceName: r.resourceName,
          configs: [] as ReturnType<typeof entry>[],
        };
        const found = configsOf(ctx, r.resourceType, r.resourceName);
        if (typeof found === 'number') return { ...result, errorCode: found };
        for (const [name, [value, source]] of found) {
          if (r.configurationKeys === null || r.configurationKeys.includes(name))
            result.configs.push(entry(name, value, source));
        }
        return result;
      }),
    };
  },
});

function entry(name: string, value: string, configSource: number) {
  return {
    name,
    value,
    readOnly: false,
    configSource,
    isSensitive: false,
    synonyms: [],
    configType: ConfigType.STRING as number,
    documentation: null,
  };
}

function configsOf(ctx: RequestContext, type: number, name: string): Map<string, [string, number]> | number {
  const { cluster } = ctx;
  if (type === ConfigResourceType.TOPIC) {
    const topic = cluster.state.topic(name);
    if (topic === undefined) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    const out = new Map<string, [string, number]>();
    for (const [k, v] of topicDefaults(cluster.options.retentionBytes, cluster.options.maxMessageBytes)) {
      out.set(k, [v, ConfigSource.DEFAULT_CONFIG]);
    }
    for (const [k, v] of topic.configs) out.set(k, [v, ConfigSource.TOPIC_CONFIG]);
    return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
  }
  if (type === ConfigResourceType.BROKER) {
    return new Map([...cluster.brokerConfigs].map(([k, v]) => [k, [v, ConfigSource.DYNAMIC_BROKER_CONFIG]]));
  }
  return ErrorCode.INVALID_REQUEST;
}
