import { defineConfig } from 'vitest/config';

// isolate:false + 2 workers: importing Bolt and discord.js per worker dominates the run time
// (see ../shared/notes/platform-testing.md). Tests bind 127.0.0.1:0 and tear down in afterAll.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    maxWorkers: 2,
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
