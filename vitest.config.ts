import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the "@lk/source" export condition), so
// tests never run against a stale dist/. Vitest resolves in Vite's server environment.
// The rest are Vite's default server conditions, which a custom list replaces.
const conditions = ['@lk/source', 'module', 'node', 'development|production'];
const resolve = { conditions };
const ssr = { resolve: { conditions, externalConditions: ['@lk/source'] } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        ssr,
        test: {
          name: 'unit',
          include: [
            'packages/*/test/**/*.test.ts',
            'tools/*/test/**/*.test.ts',
            'examples/test/**/*.test.ts',
          ],
          exclude: ['**/*.integration.test.ts', '**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          name: 'integration',
          include: [
            'packages/*/test/**/*.integration.test.ts',
            'tools/*/test/**/*.integration.test.ts',
            'examples/test/**/*.integration.test.ts',
          ],
          // One broker for every integration file (or the cluster named by LK_BOOTSTRAP).
          globalSetup: ['tools/kafka/src/vitest-global-setup.ts'],
          // The broker, kcat and the JVM tools share two cores: run files one at a time.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        resolve,
        ssr,
        test: {
          // The broker integration tests that need no TLS, OAUTHBEARER, Java tools or broker
          // processes, against @lk/fake (packages/fake/README.md lists the others and why).
          name: 'integration-fake',
          include: ['packages/*/test/**/*.integration.test.ts'],
          exclude: [
            '**/node_modules/**',
            'packages/client/test/security.integration.test.ts', // TLS listeners
            'packages/client/test/oauthbearer.integration.test.ts', // OAUTHBEARER
            // Asserts config synonyms, broker configs and the broker's config validation: not emulated.
            'packages/admin/test/admin.integration.test.ts',
            // Starts its own real broker with an authorizer: the fake has no ACLs to enforce.
            'packages/admin/test/acls.integration.test.ts',
            // UpdateFeatures and the controller's feature checks: not emulated.
            'packages/admin/test/features.integration.test.ts',
            // The lk command over SASL and TLS listeners, with the broker's config validation.
            'packages/cli/test/cli.integration.test.ts',
            // Starts its own real broker with an authorizer (ACLs), and features, quotas, SCRAM and
            // log dirs: not emulated.
            'packages/cli/test/admin-commands.integration.test.ts',
            // Transactions (a Java transactional producer), static membership and classic members in a
            // KIP-848 group: not emulated (3 of its 4 tests fail on the fake).
            'packages/consumer/test/features.integration.test.ts',
            // Starts its own real 3-node cluster with racks: nothing of the fake is used.
            'packages/consumer/test/cluster.integration.test.ts',
          ],
          globalSetup: ['packages/fake/test/vitest-fake-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
