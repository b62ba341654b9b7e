import { defineConfig } from 'vitest/config';

// One suite, three kinds of test. Integration tests run twice through the same files: on the
// embedded PGlite database and on the PostgreSQL server (LERNORT_TEST_PG_URL or 127.0.0.1:5432);
// the global setup picks the backend from the project name.
export default defineConfig({
  test: {
    // Tests write through services and read through the API at once: no remembered data versions.
    env: { TZ: 'Europe/Berlin', LERNORT_VERSION_TTL_MS: '0' },
    testTimeout: 180_000, // generous: a loaded 2-core machine runs a test many times slower; tests never assert on time
    hookTimeout: 180_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'web/src/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration-embedded',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-postgres',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        // Every expect.poll waits as long as the harness's WAIT (vitest's default is 1 s, too short on a loaded machine).
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, expect: { poll: { timeout: Number(process.env.LERNORT_E2E_WAIT_MS) || 180_000, interval: 100 } } },
      },
      { extends: true, test: { name: 'robustness', include: ['test/robustness/**/*.test.ts'], fileParallelism: false } },
    ],
  },
});
