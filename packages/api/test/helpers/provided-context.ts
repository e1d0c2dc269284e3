// The shape of inject('kafka') (provided by tools/kafka/src/vitest-global-setup.ts) that these tests use.
declare module 'vitest' {
  interface ProvidedContext {
    kafka: { bootstrap: string; version: string };
  }
}

export {};
