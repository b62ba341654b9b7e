import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // The shared spine (src/db/schema.ts) and every module's own tables.
  schema: ['./src/db/schema.ts', './src/modules/*/tables.ts'],
  out: './src/db/migrations',
});
