import { defineConfig } from 'vitest/config';

// One suite, three kinds of test. Integration tests run twice: on the embedded PGlite database and
// on the PostgreSQL server (DATABASE_URL or 127.0.0.1:5432), through the same files.
export default defineConfig({
  test: {
    env: { TZ: 'Europe/Berlin' },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration-embedded',
          include: ['test/integration/**/*.test.ts'],
          env: { LERNORT_TEST_BACKEND: 'embedded' },
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration-postgres',
          include: ['test/integration/**/*.test.ts'],
          env: { LERNORT_TEST_BACKEND: 'postgres' },
          fileParallelism: false,
        },
      },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false } },
    ],
  },
});
