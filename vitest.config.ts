/**
 * Two kinds of tests: `node` (the server, the CLI, the web UI's pure modules and its browser tests, which drive
 * a real Chromium against a real server) and `components` (Svelte components rendered in jsdom, which needs
 * Svelte's browser build).
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        extends: false,
        test: {
          name: 'node',
          environment: 'node',
          // Builds the web UI once before the test files run in parallel (each server start would otherwise race to).
          globalSetup: ['test/global-setup.ts'],
          include: ['test/**/*.test.ts'],
          exclude: ['test/web/components/**', '**/node_modules/**'],
        },
      },
      {
        extends: false,
        plugins: [svelte()],
        resolve: { conditions: ['browser'] },
        test: {
          name: 'components',
          environment: 'jsdom',
          include: ['test/web/components/**/*.test.ts'],
          setupFiles: ['test/web/components/setup.ts'],
        },
      },
    ],
  },
});
