import { expect, test, type Page } from '@playwright/test';
import { BoardPage, signInToBoard } from './pages';

// Columns each test works in, so tests running side by side do not disturb each other's
// counts: drag 商談 → 提案; keyboard 新規リード → 架電中; live 交渉 → 受注; stale アポ獲得;
// roles アポ獲得 (nothing moves); touch 失注 → 受注; live while connecting: the customer-success
// pipeline's first two stages.

async function board(page: Page) {
  const resp = await page.request.get('/api/v1/pipelines/1/board?limit=5');
  expect(resp.status()).toBe(200);
  return resp.json();
}

function column(b: any, name: string) {
  const c = b.columns.find((c: any) => c.stage.name === name);
  expect(c, name).toBeTruthy();
  return c;
}

/** The paths of the API requests the page makes from now on, under `prefix`. */
function requestsUnder(page: Page, prefix: string) {
  const asked: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith(prefix)) asked.push(path);
  });
  return asked;
}

async function deal(page: Page, id: number) {
  return (await page.request.get(`/api/v1/deals/${id}`)).json();
}

test('a card dragged with the mouse moves at once, is saved, and the counts follow', async ({ page }) => {
  const b = await signInToBoard(page, 'manager@example.com');
  const before = await board(page);
  const from = column(before, '商談');
  const to = column(before, '提案');
  const card = from.cards[0];
  await b.drag(b.cardById(card.id), '提案', 0);
  await expect(b.column('提案').locator(`li[data-deal-id="${card.id}"]`)).toBeVisible();
  await expect(b.column('提案')).toContainText(`${to.count + 1}件`);
  await expect(b.column('商談')).toContainText(`${from.count - 1}件`);
  // Saved: the server has it first in 提案, and a reload shows it there.
  await expect.poll(async () => (await deal(page, card.id)).stage_id).toBe(to.stage.id);
  await page.reload();
  await b.loaded();
  await expect(b.column('提案').locator('li[data-deal-id]').first()).toHaveAttribute('data-deal-id', String(card.id));
});

test('a card moves by keyboard, and screen readers hear where it goes', async ({ page }) => {
  const b = await signInToBoard(page, 'manager@example.com');
  const before = await board(page);
  const card = column(before, '新規リード').cards[0];
  const target = column(before, '架電中');
  // The server's answer is held back until the card has been dropped and focused.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(`**/api/v1/deals/${card.id}/move`, async (route) => {
    await held;
    await route.continue();
  });
  const el = b.cardById(card.id);
  await el.focus();
  await page.keyboard.press('Space');
  await expect(b.announcement()).toContainText('持ち上げました');
  await page.keyboard.press('ArrowRight');
  await expect(b.announcement()).toContainText('架電中');
  await page.keyboard.press('Space');
  await expect(b.announcement()).toContainText('置きました');
  await expect(b.column('架電中').locator(`li[data-deal-id="${card.id}"]`)).toBeVisible();
  await expect(b.column('架電中').locator(`li[data-deal-id="${card.id}"]`)).toBeFocused();
  // When the answer comes the card is drawn again (saved, a new version), and the focus is on
  // it the moment it is back in the page, so that a key pressed just then still reaches it.
  await page.evaluate((id) => {
    const w = window as any;
    w.__focusWhenDrawn = [];
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n instanceof Element && n.getAttribute('data-deal-id') === String(id))
            w.__focusWhenDrawn.push(document.activeElement?.getAttribute('data-deal-id') ?? 'elsewhere');
    }).observe(document.querySelector('.fboard')!, { subtree: true, childList: true });
  }, card.id);
  release();
  await expect.poll(async () => (await deal(page, card.id)).stage_id).toBe(target.stage.id);
  await expect.poll(() => page.evaluate(() => (window as any).__focusWhenDrawn.length)).toBeGreaterThan(0);
  expect(new Set(await page.evaluate(() => (window as any).__focusWhenDrawn))).toEqual(new Set([String(card.id)]));

  // Escape puts a picked-up card back.
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Escape');
  await expect(b.announcement()).toContainText('取り消しました');
  await expect(b.column('架電中').locator(`li[data-deal-id="${card.id}"]`)).toBeVisible();
});

test('another member sees a move live, without reloading', async ({ page, browser }) => {
  const b = await signInToBoard(page, 'manager@example.com');
  const other = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
  const p2 = await other.newPage();
  const b2 = await signInToBoard(p2, 'closer1@example.com');
  const before = await board(page);
  const card = column(before, '交渉').cards[0];
  await expect(b2.column('交渉').locator(`li[data-deal-id="${card.id}"]`)).toBeVisible();
  await b.drag(b.cardById(card.id), '受注', 0);
  await expect(b2.column('受注').locator(`li[data-deal-id="${card.id}"]`)).toBeVisible({ timeout: 5_000 });
  await expect(b2.column('交渉').locator(`li[data-deal-id="${card.id}"]`)).toHaveCount(0);
  await other.close();
});

test('a move based on a stale card is refused, rolled back, and explained', async ({ page }) => {
  // This page misses live updates, so its copy of the card goes stale.
  await page.route((url) => url.pathname === '/api/v1/events', (route) => route.abort());
  const b = await signInToBoard(page, 'manager@example.com');
  const before = await board(page);
  const home = column(before, 'アポ獲得');
  const card = home.cards[0];
  // Someone else moves it first (to the end of its own stage).
  const moved = await page.request.post(`/api/v1/deals/${card.id}/move`, {
    data: { stage_id: home.stage.id, version: card.version },
  });
  expect(moved.status()).toBe(200);
  await b.drag(b.cardById(card.id), '失注', 0);
  await expect(page.getByRole('alert')).toContainText('他のメンバーが先にこの案件を変更しました');
  await expect(b.column('失注').locator(`li[data-deal-id="${card.id}"]`)).toHaveCount(0);
  const now = await deal(page, card.id);
  expect(now.stage_id).toBe(home.stage.id);
  expect(now.version).toBe(card.version + 1);
});

test('a change made while the board is still connecting to the live stream reaches it', async ({ page }) => {
  // The board's event stream is held back until someone else has moved a card; the stream
  // then starts from the event the board's data was read at, so the move still comes through.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const streams: string[] = [];
  await page.route(
    (url) => url.pathname === '/api/v1/events',
    async (route) => {
      streams.push(route.request().url());
      await held;
      // (The stream of the page left by the navigation below is gone by then.)
      await route.continue().catch(() => {});
    },
  );
  const b = await signInToBoard(page, 'manager@example.com');
  // The customer-success pipeline, out of the way of the stories that move sales deals; its
  // data in the page.
  streams.length = 0;
  await page.goto('/board?pipeline=2');
  await b.loaded();
  const now = await (await page.request.get('/api/v1/pipelines/2/board?limit=5')).json();
  const [from, to] = [now.columns[0], now.columns[1]];
  const card = from.cards[from.cards.length - 1];
  await expect.poll(() => streams.length).toBeGreaterThan(0);
  expect(new URL(streams[streams.length - 1]).searchParams.get('last_event_id')).toMatch(/^\d+$/);
  const moved = await page.request.post(`/api/v1/deals/${card.id}/move`, {
    data: { stage_id: to.stage.id, before_id: to.cards[0].id, version: card.version },
  });
  expect(moved.status()).toBe(200);
  release();
  await expect(b.column(to.stage.name).locator(`li[data-deal-id="${card.id}"]`)).toBeVisible({ timeout: 5_000 });
  await expect(b.column(from.stage.name).locator(`li[data-deal-id="${card.id}"]`)).toHaveCount(0);
});

test('a deal created from a column is found by the text filter, which lives in the URL', async ({ page }) => {
  const b = await signInToBoard(page, 'manager@example.com');
  const title = `E2E 新規案件 ${Date.now()}`;
  const add = page.getByRole('button', { name: '新規リード に案件を追加' });
  const dialog = page.getByRole('dialog');
  // Escape closes the dialog and gives the focus back to the button that opened it.
  await add.click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('案件名')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(add).toBeFocused();
  await add.click();
  await expect(dialog).toBeVisible();
  // Tab stays inside the dialog: back from the first field to the last button, and round.
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: '作成' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByLabel('案件名')).toBeFocused();
  // Nothing filled in: the fields say what to fix, and nothing is created.
  await dialog.getByRole('button', { name: '作成' }).click();
  await expect(dialog.getByLabel('案件名')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByLabel('案件名').fill(title);
  await dialog.getByLabel('顧客').fill('イーツーイー商事株式会社');
  await dialog.getByLabel('金額（円）').fill('1200000');
  await dialog.getByRole('button', { name: '作成' }).click();
  await expect(dialog).toHaveCount(0);

  await page.getByLabel('検索').fill(title);
  await page.getByLabel('検索').press('Enter');
  await expect(page).toHaveURL(/q=E2E/);
  await expect(b.column('新規リード').locator('li[data-deal-id]')).toHaveCount(1);
  await expect(b.column('新規リード')).toContainText(title);
  await expect(b.column('新規リード')).toContainText('イーツーイー商事株式会社');
  await expect(b.column('新規リード')).toContainText('¥1,200,000');
  // The URL alone shows the same board.
  await page.reload();
  await b.loaded();
  await expect(b.column('新規リード').locator('li[data-deal-id]')).toHaveCount(1);
  await expect(page.getByLabel('検索')).toHaveValue(title);
});

test('a member is offered only the moves their roles allow', async ({ page }) => {
  const b = await signInToBoard(page, 'appointer1@example.com');
  const before = await board(page);
  const card = column(before, 'アポ獲得').cards[1];
  const theirs = column(before, '提案').cards[0];
  await b.cardById(card.id).focus();
  await page.keyboard.press('Space');
  await expect(b.announcement()).toContainText('持ち上げました');
  // The hand-off to the closers' first stage is allowed …
  await page.keyboard.press('ArrowRight');
  await expect(b.announcement()).toContainText('商談');
  await expect(b.announcement()).not.toContainText('ここへは移動できません');
  // … a stage further on is not, and the column says so in words.
  await page.keyboard.press('ArrowRight');
  await expect(b.announcement()).toContainText('ここへは移動できません');
  await expect(b.column('提案')).toContainText('ここへは移動できません');
  await page.keyboard.press('Space');
  await expect(page.getByRole('alert')).toContainText('あなたの役割では');
  await expect(b.column('アポ獲得').locator(`li[data-deal-id="${card.id}"]`)).toBeVisible();
  expect((await deal(page, card.id)).stage_id).toBe(column(before, 'アポ獲得').stage.id);
  // A closer's deal cannot be picked up at all.
  await b.cardById(theirs.id).focus();
  await page.keyboard.press('Space');
  await expect(b.announcement()).toContainText('この案件はあなたの役割では移動できません');
  await expect(b.column('提案')).not.toContainText('ここへは移動できません');
  // Deals are added only where their roles work.
  await expect(page.getByRole('button', { name: '新規リード に案件を追加' })).toBeVisible();
  await expect(page.getByRole('button', { name: '提案 に案件を追加' })).toHaveCount(0);
});

test('a finger swipe scrolls a column; a long press, then a slide, moves a card', async ({ browser }) => {
  const context = await browser.newContext({
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    hasTouch: true,
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  const b = await signInToBoard(page, 'manager@example.com');
  const before = await board(page);
  // A quick swipe over the cards scrolls the column and picks nothing up.
  const list = b.column('架電中').locator('.bcol__list');
  const box = await list.boundingBox();
  if (!box) throw new Error('column not on screen');
  const cdp = await context.newCDPSession(page);
  const [x, y] = [Math.round(box.x + box.width / 2), Math.round(box.y + box.height - 40)];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let i = 1; i <= 10; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y - i * 20 }] });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await expect.poll(() => list.evaluate((e) => e.scrollTop)).toBeGreaterThan(100);
  await expect(page.locator('.drag-ghost')).toHaveCount(0);

  const card = column(before, '失注').cards[0];
  const won = column(before, '受注');
  await b.touchDrag(b.cardById(card.id), '受注', 0);
  await expect(b.column('受注').locator(`li[data-deal-id="${card.id}"]`)).toBeVisible();
  await expect.poll(async () => (await deal(page, card.id)).stage_id).toBe(won.stage.id);
  // The count follows: the server's (stories of other files, on the same server, move deals
  // into 受注 at the same time).
  await expect
    .poll(async () => {
      const count = column(await board(page), '受注').count;
      return count > won.count && ((await b.column('受注').textContent()) ?? '').includes(`${count}件`);
    })
    .toBe(true);
  await context.close();
});

test('a move that cannot reach the server is retried with the same key, then rolled back', async ({ page }) => {
  const b = await signInToBoard(page, 'manager@example.com');
  const before = await board(page);
  const card = column(before, '商談').cards[1];
  const keys: string[] = [];
  await page.route(`**/api/v1/deals/${card.id}/move`, (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    return route.abort('connectionrefused');
  });
  await b.drag(b.cardById(card.id), '提案', 1);
  await expect(page.getByRole('alert')).toContainText('保存できませんでした');
  await expect(b.column('商談').locator(`li[data-deal-id="${card.id}"]`)).toBeVisible();
  await expect(b.column('提案').locator(`li[data-deal-id="${card.id}"]`)).toHaveCount(0);
  expect(keys.length).toBe(3);
  expect(new Set(keys).size).toBe(1);
  expect(keys[0]).not.toBe('');
});

test('a card opens its deal by click or Enter', async ({ page }) => {
  const b = await signInToBoard(page, 'manager@example.com');
  const card = column(await board(page), '受注').cards[0];
  await b.cardById(card.id).locator('.bcard__account').click();
  await expect(page).toHaveURL(new RegExp(`/deals/${card.id}$`));
  await page.goBack();
  await b.loaded();
  await b.cardById(card.id).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/deals/${card.id}$`));
});

test('the board is its own entry: a smaller module, and every other page opens from it whole', async ({ page }) => {
  const wasm = (html: string) => html.match(/href="(\/app-[0-9a-f]+_bg\.wasm)"/)?.[1];
  const boardModule = wasm(await (await page.request.get('/board')).text());
  const appModule = wasm(await (await page.request.get('/deals')).text());
  expect(boardModule).toBeTruthy();
  expect(appModule).toBeTruthy();
  expect(boardModule).not.toBe(appModule);
  const size = async (path: string) => (await (await page.request.get(path)).body()).length;
  expect(await size(boardModule!)).toBeLessThan((await size(appModule!)) / 2);

  const b = await signInToBoard(page, 'manager@example.com');
  const card = column(await board(page), '受注').cards[0];
  // A card opens the deal page of the whole app, with its content.
  await b.cardById(card.id).locator('.bcard__account').click();
  await expect(page).toHaveURL(new RegExp(`/deals/${card.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: card.title })).toBeVisible();
  // Inside the whole app the board is a page like any other, and back leads where it should.
  await page.getByRole('navigation', { name: 'メイン' }).getByRole('link', { name: 'ボード' }).click();
  await b.loaded();
  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`/deals/${card.id}$`));
  await page.goBack();
  await expect(page).toHaveURL(/\/board$/);
  await b.loaded();
  // From the board's entry, the menu's other pages open too.
  await page.getByRole('navigation', { name: 'メイン' }).getByRole('link', { name: 'チーム' }).click();
  await expect(page).toHaveURL(/\/team$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('arrow keys go from card to card, also past the cards drawn so far', async ({ page }) => {
  const b = await signInToBoard(page, 'manager@example.com');
  const now = await (await page.request.get('/api/v1/pipelines/1/board?limit=50')).json();
  const lead = column(now, '新規リード');
  const calling = column(now, '架電中');
  await b.cardById(lead.cards[0].id).focus();
  await page.keyboard.press('ArrowDown');
  await expect(b.cardById(lead.cards[1].id)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(b.cardById(calling.cards[1].id)).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(b.cardById(lead.cards[1].id)).toBeFocused();
  // Far down the column: the window of cards follows the focus.
  const far = Math.min(lead.cards.length, 20) - 1;
  for (let i = 1; i < far; i++) await page.keyboard.press('ArrowDown');
  await expect(b.cardById(lead.cards[far].id)).toBeFocused();
  await expect(b.cardById(lead.cards[far].id)).toBeInViewport();
  // Nothing moved.
  expect((await deal(page, lead.cards[1].id)).stage_id).toBe(lead.stage.id);
});

test('a card picked up by keyboard can travel far down its column', async ({ page }) => {
  const b = await signInToBoard(page, 'manager@example.com');
  const now = await (await page.request.get('/api/v1/pipelines/1/board?limit=50')).json();
  const calling = column(now, '架電中');
  const steps = Math.min(calling.cards.length - 1, 15);
  const card = calling.cards[0];
  await b.cardById(card.id).focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < steps; i++) await page.keyboard.press('ArrowDown');
  await expect(b.announcement()).toContainText(`架電中 の ${steps + 1} /`);
  await page.keyboard.press('Space');
  await expect(b.announcement()).toContainText('置きました');
  await expect(b.cardById(card.id)).toBeFocused();
  // Saved at that place, and the column holds as many deals as before.
  const saved = async () => column(await (await page.request.get('/api/v1/pipelines/1/board?limit=50')).json(), '架電中');
  await expect.poll(async () => (await saved()).cards[steps].id).toBe(card.id);
  expect((await saved()).count).toBe(calling.count);
});

test('opening the board again asks for none of its first data: the page brings it', async ({ page }) => {
  const b = await signInToBoard(page, 'manager@example.com');
  // The board shown is remembered; on the next visit the page itself carries its data.
  const asked = requestsUnder(page, '/api/v1/');
  await page.goto('/board');
  await b.loaded();
  await expect(b.column('商談').locator('li[data-deal-id]').first()).toBeVisible();
  const html = await (await page.request.get('/board')).text();
  expect(html).toContain('<script type="application/json" data-api="/api/v1/pipelines/1/board">');
  for (const path of ['/api/v1/me', '/api/v1/pipelines', '/api/v1/members', '/api/v1/segments', '/api/v1/territories', '/api/v1/pipelines/1/board']) {
    expect(asked.filter((p) => p === path), path).toHaveLength(0);
  }
  // The data is taken once: the board moves on with the team (a later load asks again).
  await expect(page.locator('script[data-api]')).toHaveCount(0);
});

test('the board opens on the pipeline last shown on this device, its data in the page', async ({ page }) => {
  const b = await signInToBoard(page, 'manager@example.com');
  const asked = requestsUnder(page, '/api/v1/pipelines/');
  for (const [name, stage, id] of [
    ['カスタマーサクセス', 'オンボーディング', 2],
    ['新規開拓', '新規リード', 1],
  ] as const) {
    await page.getByLabel('パイプライン').selectOption({ label: name });
    await expect(b.column(stage)).toBeVisible();
    asked.length = 0;
    await page.goto('/board');
    await b.loaded();
    await expect(b.column(stage).locator('li[data-deal-id]').first()).toBeVisible();
    await expect(page.getByLabel('パイプライン')).toHaveValue(String(id));
    expect(asked, name).not.toContain(`/api/v1/pipelines/${id}/board`);
  }
});
