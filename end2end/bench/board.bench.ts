// The funnel board at 10,000 deals in Chromium: time from navigation to a draggable board on screen,
// beside a plain-DOM reference page that draws the same cards from the same JSON in the same
// run; then the longest main-thread task during drags on that board. Run by
// scripts/bench-board.sh against a release build, which serves reference.html beside the app
// (no request interception, which would slow every request of the page); prints one JSON line
// per figure.
import { expect, test } from '@playwright/test';

const RUNS = Number(process.env.BATON_BENCH_RUNS ?? 7);

function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

test('board of 10,000 deals: time to a draggable board, and the longest task while dragging', async ({ page }) => {
  test.setTimeout(300_000);
  const login = await page.request.post('/api/v1/auth/login', {
    data: { email: 'manager@example.com', password: 'baton-demo' },
  });
  expect(login.status()).toBe(200);
  const pipelines = await (await page.request.get('/api/v1/pipelines')).json();
  const deals = await (await page.request.get(`/api/v1/pipelines/${pipelines[0].id}/board?limit=1`)).json();
  const total = deals.columns.reduce((n: number, c: any) => n + c.count, 0);
  expect(total).toBeGreaterThanOrEqual(10_000);

  // The page itself notes when the board is there: a mutation observer (installed before the
  // page's own scripts) sees the first card inside a ready board, and the time taken is that of
  // the next frame painted after it (a message posted from that frame's animation callback),
  // so that both pages pay for their own style, layout and paint. The page then says so on the
  // console, and the test waits for that line: nothing of the test runs in the page while it
  // loads (polling from the test, as `waitForFunction` does, puts Playwright's own scripts on
  // the page's main thread, and that slowed the reference page more than the app).
  await page.addInitScript(() => {
    const w = window as any;
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-board-ready="true"] [data-deal-id]')) return;
      observer.disconnect();
      w.__boardInDom = performance.now();
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          w.__boardPainted = performance.now();
          console.debug('BOARD_PAINTED');
        };
        channel.port2.postMessage(0);
      });
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-board-ready'] });
  });
  const inDom: number[] = [];
  const ready = async (url: string) => {
    const painted = page.waitForEvent('console', {
      predicate: (m) => m.text() === 'BOARD_PAINTED',
      timeout: 60_000,
    });
    await page.goto(url, { waitUntil: 'commit' });
    await painted;
    inDom.push(await page.evaluate(() => (window as any).__boardInDom as number));
    return await page.evaluate(() => (window as any).__boardPainted as number);
  };
  // Warm both (the compiled app, the HTTP connection), then alternate.
  await ready('/board');
  await ready('/reference.html');
  const app: number[] = [];
  const ref: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    app.push(await ready('/board'));
    ref.push(await ready('/reference.html'));
  }
  // In the DOM (before style, layout and paint), alternating app and reference after warm-up.
  const dom = inDom.slice(2);
  const result = {
    app_in_dom_ms: Math.round(median(dom.filter((_, i) => i % 2 === 0))),
    reference_in_dom_ms: Math.round(median(dom.filter((_, i) => i % 2 === 1))),
    deals: total,
    runs: RUNS,
    app_ms: Math.round(median(app)),
    reference_ms: Math.round(median(ref)),
    ratio: Number((median(app) / median(ref)).toFixed(2)),
    app_all: app.map(Math.round),
    reference_all: ref.map(Math.round),
  };
  console.log('BOARD_LOAD ' + JSON.stringify(result));

  // Drags on the 10,000-deal board: the longest main-thread task.
  await ready('/board');
  await page.evaluate(() => {
    (window as any).__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).__long.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  const cards = page.locator('[data-col="3"] li[data-deal-id]');
  for (let i = 0; i < 3; i++) {
    const card = cards.first();
    const from = await card.boundingBox();
    const target = await page.locator(`[data-col="${4 - (i % 2) * 2}"] .bcol__list`).boundingBox();
    if (!from || !target) throw new Error('not on screen');
    await page.mouse.move(from.x + 40, from.y + 30);
    await page.mouse.down();
    // Through the column and across to the target, 60 pointer moves.
    for (let s = 1; s <= 60; s++) {
      const t = s / 60;
      await page.mouse.move(
        from.x + 40 + (target.x + 60 - from.x - 40) * t,
        from.y + 30 + Math.sin(t * Math.PI) * 200 + (target.y + 40 - from.y - 30) * t,
      );
    }
    await page.mouse.up();
    await page.waitForTimeout(700);
  }
  // A keyboard move across every column and back.
  await cards.first().focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowDown');
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(500);
  const long: number[] = await page.evaluate(() => (window as any).__long);
  console.log(
    'DRAG_LONG_TASKS ' +
      JSON.stringify({ count: long.length, longest_ms: Math.round(Math.max(0, ...long)), all: long.map(Math.round) }),
  );
});
