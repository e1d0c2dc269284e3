// Renders server.properties and the logging configuration for one node.

import type { TlsMaterial } from './certs.ts';
import type { KafkaVersion } from './versions.ts';
import { isKafka4 } from './versions.ts';

export interface NodePorts {
  plaintext: number;
  saslPlaintext: number;
  ssl: number;
  mtls: number;
  /** SASL_PLAINTEXT listener named OAUTH with OAUTHBEARER only (unsecured JWS validator) */
  oauth: number;
  controller: number;
}

export interface SaslUser {
  username: string;
  password: string;
}

export interface SaslUsers {
  /** SASL/PLAIN user (JAAS user_<name> entry) */
  plain: SaslUser;
  /** SCRAM-SHA-256 and SCRAM-SHA-512 user (created at format time with --add-scram) */
  scram: SaslUser;
}

export const DEFAULT_USERS: SaslUsers = {
  plain: { username: 'lk-plain', password: 'lk-plain-secret' },
  scram: { username: 'lk-scram', password: 'lk-scram-secret' },
};

export interface NodeConfigInput {
  version: KafkaVersion;
  nodeId: number;
  ports: NodePorts;
  /** every node's id and controller port (static quorum) */
  voters: Array<{ id: number; controllerPort: number }>;
  dataDir: string;
  tls: TlsMaterial;
  users: SaslUsers;
  clusterSize: number;
  extra?: Record<string, string | number | boolean>;
}

/** The mTLS listener's principal: the client certificate's subject. */
export const MTLS_CLIENT_PRINCIPAL = 'User:CN=lk-client';

/**
 * server.properties of KRaft's StandardAuthorizer. The harness's principals are super users, so
 * the brokers and controllers (ANONYMOUS on PLAINTEXT and CONTROLLER) and the harness's users keep
 * working; any other principal (a SCRAM user a test creates, an OAUTHBEARER subject) is denied
 * without an ACL.
 */
export function authorizerProperties(users: SaslUsers): Record<string, string> {
  return {
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': [
      'User:ANONYMOUS',
      `User:${users.plain.username}`,
      `User:${users.scram.username}`,
      MTLS_CLIENT_PRINCIPAL,
    ].join(';'),
    'allow.everyone.if.no.acl.found': 'false',
  };
}

/** Every listener binds and advertises loopback. */
export const HOST = '127.0.0.1';

/** `sub` of the broker's own (unused) unsecured OAUTHBEARER login token. */
const OAUTH_BROKER_SUBJECT = 'admin';

function jaasEscape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export function listenerUrls(p: NodePorts): string {
  return [
    `PLAINTEXT://${HOST}:${p.plaintext}`,
    `SASL_PLAINTEXT://${HOST}:${p.saslPlaintext}`,
    `SSL://${HOST}:${p.ssl}`,
    `MTLS://${HOST}:${p.mtls}`,
    `OAUTH://${HOST}:${p.oauth}`,
    `CONTROLLER://${HOST}:${p.controller}`,
  ].join(',');
}

export function renderServerProperties(c: NodeConfigInput): string {
  const rf = c.clusterSize >= 3 ? 3 : 1;
  const minIsr = c.clusterSize >= 3 ? 2 : 1;
  const props: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': c.nodeId,
    // static quorum: accepted by both 3.9 and 4.x; format runs without --standalone
    'controller.quorum.voters': c.voters.map((v) => `${v.id}@${HOST}:${v.controllerPort}`).join(','),
    listeners: listenerUrls(c.ports),
    // CONTROLLER must not be advertised on 3.9 (it is ignored/rejected for brokers there)
    'advertised.listeners': listenerUrls(c.ports)
      .split(',')
      .filter((l) => !l.startsWith('CONTROLLER:'))
      .join(','),
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map':
      'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,MTLS:SSL,OAUTH:SASL_PLAINTEXT',
    'log.dirs': c.dataDir,
    // SASL
    'sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    'listener.name.sasl_plaintext.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required user_${c.users.plain.username}="${jaasEscape(c.users.plain.password)}";`,
    'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config':
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    // OAUTHBEARER on its own listener, so SASL_PLAINTEXT keeps refusing it. With no
    // oauthbearer.sasl.server.callback.handler.class, 3.9 and 4.x both validate with
    // OAuthBearerUnsecuredValidatorCallbackHandler: an unsigned JWS (alg "none") with `sub` and
    // an unexpired `exp`. It fetches no keys, so 4.x's org.apache.kafka.sasl.oauthbearer.allowed.urls
    // does not apply. The login module's sub claim would only be used if the broker logged in as a
    // client on this listener, which it never does (inter-broker traffic is PLAINTEXT).
    'listener.name.oauth.sasl.enabled.mechanisms': 'OAUTHBEARER',
    'listener.name.oauth.oauthbearer.sasl.jaas.config': `org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="${OAUTH_BROKER_SUBJECT}";`,
    // TLS (PEM key store / trust store, no passwords: keys are unencrypted PKCS#8)
    'ssl.keystore.type': 'PEM',
    'ssl.keystore.location': c.tls.brokerKeystorePem,
    'ssl.truststore.type': 'PEM',
    'ssl.truststore.location': c.tls.caPem,
    'ssl.client.auth': 'none',
    'listener.name.mtls.ssl.client.auth': 'required',
    // topics / groups
    'auto.create.topics.enable': true,
    'num.partitions': 1,
    'default.replication.factor': rf,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': rf,
    'offsets.topic.num.partitions': 3,
    'transaction.state.log.replication.factor': rf,
    'transaction.state.log.min.isr': minIsr,
    'transaction.state.log.num.partitions': 3,
    'group.initial.rebalance.delay.ms': 0,
    // small footprint for a 2-core test box
    'num.network.threads': 2,
    'num.io.threads': 4,
    'num.recovery.threads.per.data.dir': 1,
    'background.threads': 2,
    'log.cleaner.threads': 1,
    'log.cleaner.dedupe.buffer.size': 4 * 1024 * 1024,
    'log.segment.bytes': 64 * 1024 * 1024,
    'delete.topic.enable': true,
    // fence a killed node within ~4 s (defaults 2 s / 9 s) so failover tests are quick
    'broker.heartbeat.interval.ms': 1000,
    'broker.session.timeout.ms': 4000,
    'replica.lag.time.max.ms': 10000,
    // KIP-848 groups: a killed member leaves after 10 s (default 45 s) and assignments move at a
    // 1 s heartbeat (default 5 s), so that the consumer's fault tests stay quick
    'group.consumer.min.session.timeout.ms': 6000,
    'group.consumer.session.timeout.ms': 10000,
    'group.consumer.min.heartbeat.interval.ms': 500,
    'group.consumer.heartbeat.interval.ms': 1000,
  };
  if (isKafka4(c.version)) {
    props['share.coordinator.state.topic.replication.factor'] = rf;
    props['share.coordinator.state.topic.min.isr'] = minIsr;
    props['share.coordinator.state.topic.num.partitions'] = 1;
  }
  Object.assign(props, c.extra ?? {});
  return (
    Object.entries(props)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join('\n') + '\n'
  );
}

/**
 * Logging configuration for the version's backend (4.x: log4j2 via log4j-slf4j-impl;
 * 3.9: log4j 1 via reload4j). Brokers log to stdout (redirected to the node's broker.log) at
 * WARN plus INFO for kafka.server; tools log WARN to stderr so their stdout stays clean.
 */
export function renderLogConfig(
  version: KafkaVersion,
  dir: string,
  kind: 'broker' | 'tool' = 'broker',
): { file: string; text: string; sysprop: string } {
  const tool = kind === 'tool';
  if (isKafka4(version)) {
    const file = `${dir}/log4j2.properties`;
    const lines = [
      'status = warn',
      'appender.out.type = Console',
      'appender.out.name = OUT',
      `appender.out.target = ${tool ? 'SYSTEM_ERR' : 'SYSTEM_OUT'}`,
      'appender.out.layout.type = PatternLayout',
      'appender.out.layout.pattern = [%d{HH:mm:ss.SSS}] %-5p %c{1} - %m%n',
      'rootLogger.level = warn',
      'rootLogger.appenderRef.out.ref = OUT',
    ];
    if (!tool)
      lines.push(
        'logger.server.name = kafka.server',
        'logger.server.level = info',
        'logger.kafka.name = kafka.Kafka',
        'logger.kafka.level = info',
      );
    return { file, text: lines.join('\n') + '\n', sysprop: `-Dlog4j2.configurationFile=${file}` };
  }
  const file = `${dir}/log4j.properties`;
  const lines = [
    'log4j.rootLogger=WARN, stdout',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    `log4j.appender.stdout.Target=${tool ? 'System.err' : 'System.out'}`,
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=[%d{HH:mm:ss,SSS}] %-5p %c{1} - %m%n',
  ];
  if (!tool) lines.push('log4j.logger.kafka.server=INFO', 'log4j.logger.kafka.Kafka=INFO');
  return { file, text: lines.join('\n') + '\n', sysprop: `-Dlog4j.configuration=file:${file}` };
}
