import { expect, test, type Page } from '@playwright/test';
import { BoardPage, signInToBoard } from './pages';

// Columns each test works in, so tests running side by side do not disturb each other's
// counts: drag 商談 → 提案; keyboard 新規リード → 架電中; live 交渉 → 受注; stale アポ獲得.

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
  await expect.poll(async () => (await deal(page, card.id)).stage_id).toBe(target.stage.id);

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
  await page.route('**/api/v1/events', (route) => route.abort());
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

test('a deal created from a column is found by the text filter, which lives in the URL', async ({ page }) => {
  const b = await signInToBoard(page, 'manager@example.com');
  const title = `E2E 新規案件 ${Date.now()}`;
  await page.getByRole('button', { name: '新規リード に案件を追加' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
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
