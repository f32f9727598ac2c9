import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// A real server over a fresh SQLite file with the demo team, serving the release app build.
const port = Number(process.env.BATON_E2E_PORT ?? 3100);
const bin = process.env.BATON_BIN ?? path.resolve(__dirname, '../target/debug/baton-server');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'baton-e2e-'));

export default defineConfig({
  testDir: './tests',
  // Stories with two or three members, each a fresh browser context that compiles the app
  // anew: about 20 s alone, near 30 s beside another worker on 2 cores.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  // One retry in CI, where a flaky test must not stop a landing; a retried pass is reported as flaky.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `"${bin}" serve`,
    env: {
      DATABASE_URL: `sqlite://${dataDir}/baton.db`,
      BATON_DEMO: '1',
      BATON_ADDR: `127.0.0.1:${port}`,
      BATON_DIST: process.env.BATON_DIST ?? path.resolve(__dirname, '../app/dist'),
      RUST_LOG: 'warn',
    },
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
