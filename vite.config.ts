import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('./web', import.meta.url));

// The client lives in web/ and is served by the Lernort server from web/dist.
// In development the API is proxied to a running server (LERNORT_API, default port 3000).
export default defineConfig({
  root: webRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // MapLibre alone is ~1 MB minified; warn only on something bigger than that.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: process.env.LERNORT_API ?? 'http://127.0.0.1:3000', changeOrigin: true },
    },
  },
});
