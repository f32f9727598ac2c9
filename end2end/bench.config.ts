import { defineConfig } from '@playwright/test';

// Benchmarks (not part of `make test`): scripts/bench-board.sh starts the server.
const port = Number(process.env.BATON_BENCH_PORT ?? 3400);

export default defineConfig({
  testDir: './bench',
  testMatch: /.*\.bench\.ts/,
  timeout: 300_000,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    },
  },
});
