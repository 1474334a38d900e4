/**
 * The web UI's build: plain Vite + Svelte 5 (no SvelteKit), from `web/` into `web/dist/`, which the fastify
 * server serves at `/`. `npm run dev:web` serves it with hot reload and forwards `/api` to `npm start`'s server.
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The first page's size is checked by test/web/bundle.test.ts; a warning here would only repeat it.
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: {
      '/api': process.env.HINDSIGHT_API ?? 'http://localhost:3000',
      '/healthz': process.env.HINDSIGHT_API ?? 'http://localhost:3000',
    },
  },
});
