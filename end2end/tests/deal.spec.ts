import { expect, test, type Page } from '@playwright/test';
import { apiDeals, apiSession, DealPage, signInAs, yen } from './pages';

// This file works on deals of the 商談 stage of the sales pipeline (other tests leave them).

/** The n-th deal of 商談. */
async function meetingDeal(page: Page, n: number) {
  const pipelines = await (await page.request.get('/api/v1/pipelines')).json();
  const stage = pipelines[0].stages.find((s: any) => s.name === '商談');
  const { deals } = await apiDeals(page, `pipeline_id=${pipelines[0].id}&stage_id=${stage.id}`);
  expect(deals.length).toBeGreaterThan(n);
  return { deal: deals[n], stage, stages: pipelines[0].stages };
}

test('a deal opens from the deals list; an amount edit is saved and shows in the audit trail', async ({ page }) => {
  const list = await signInAs(page, 'manager@example.com');
  await list.loaded();
  const { deal } = await meetingDeal(page, 1);
  // Titles may repeat across deals: the link is told apart by where it goes.
  const link = list.stage('商談').getByRole('link', { name: deal.title, exact: true }).and(page.locator(`[href="/deals/${deal.id}"]`));
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/deals/${deal.id}$`));
  const d = new DealPage(page);
  await expect(d.heading(deal.title)).toBeVisible();
  await expect(d.facts()).toContainText(deal.account.name);
  await expect(d.facts()).toContainText('商談');
  await expect(d.facts()).toContainText(yen(deal.amount.amount));

  // A bad value is explained beside the field, focused, and nothing is sent.
  await d.amount().fill('たくさん');
  await d.save().click();
  await expect(d.amount()).toHaveAttribute('aria-invalid', 'true');
  await expect(d.amount()).toBeFocused();
  await expect(page.getByText('金額は数字で入力してください')).toBeVisible();

  // Saved from the keyboard (Enter in the field).
  const more = deal.amount.amount + 50000;
  await d.amount().fill(more.toLocaleString('en-US'));
  await d.amount().press('Enter');
  await expect(d.status('保存しました')).toBeVisible();
  await expect(d.amount()).toHaveAttribute('aria-invalid', 'false');
  await expect(d.facts()).toContainText(yen(more));
  const row = d.audit().getByRole('row').filter({ hasText: '金額（円）' }).first();
  await expect(row).toContainText(yen(deal.amount.amount));
  await expect(row).toContainText(yen(more));
  await expect(row).toContainText('田中 誠');
  const saved = await (await page.request.get(`/api/v1/deals/${deal.id}`)).json();
  expect(saved.amount.amount).toBe(more);
  expect(saved.version).toBe(deal.version + 1);
});

test('an edit over someone else\'s change shows what changed; mine can be applied again or dropped', async ({ page, browser, baseURL }) => {
  await signInAs(page, 'manager@example.com');
  const { deal } = await meetingDeal(page, 2);
  await page.goto(`/deals/${deal.id}`);
  const d = new DealPage(page);
  await expect(d.heading(deal.title)).toBeVisible();

  // The sales admin renames it meanwhile, in another browser.
  const other = await apiSession(browser, baseURL!, 'admin@example.com');
  const theirs = `${deal.title}（先方修正）`;
  const r = await other.request.patch(`/api/v1/deals/${deal.id}`, { data: { version: deal.version, title: theirs } });
  expect(r.status()).toBe(200);

  await d.amount().fill('7770000');
  await d.save().click();
  const panel = d.conflict();
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading')).toBeFocused();
  const titleRow = panel.getByRole('row').filter({ hasText: '案件名' });
  await expect(titleRow).toContainText(theirs);
  const amountRow = panel.getByRole('row').filter({ hasText: '金額（円）' });
  await expect(amountRow).toContainText(yen(deal.amount.amount));
  await expect(amountRow).toContainText('¥7,770,000');
  await expect(d.save()).toBeDisabled();
  await panel.getByRole('button', { name: '自分の変更を再適用' }).click();
  await expect(d.status('保存しました')).toBeVisible();
  await expect(panel).toHaveCount(0);
  await expect(d.heading(theirs)).toBeVisible();
  const now = await (await page.request.get(`/api/v1/deals/${deal.id}`)).json();
  expect(now.title).toBe(theirs);
  expect(now.amount.amount).toBe(7770000);

  // Another change from them; this time the member takes theirs and nothing of theirs is lost.
  const r2 = await other.request.patch(`/api/v1/deals/${deal.id}`, { data: { version: now.version, amount: 8880000 } });
  expect(r2.status()).toBe(200);
  await d.amount().fill('9990000');
  await d.save().click();
  await expect(panel).toBeVisible();
  await panel.getByRole('button', { name: '最新の内容を使う' }).click();
  await expect(panel).toHaveCount(0);
  await expect(d.amount()).toHaveValue('8880000');
  const last = await (await page.request.get(`/api/v1/deals/${deal.id}`)).json();
  expect(last.amount.amount).toBe(8880000);
  await other.close();
});

test('an activity is planned and another logged as done; both are listed in the member\'s time', async ({ page }) => {
  await signInAs(page, 'closer1@example.com');
  const { deal } = await meetingDeal(page, 3);
  await page.goto(`/deals/${deal.id}`);
  const d = new DealPage(page);
  const activities = d.activities();
  await activities.getByLabel('種類').selectOption({ label: '訪問' });
  // No subject: explained, focused, nothing added.
  await activities.getByRole('button', { name: '活動を追加' }).click();
  await expect(activities.getByLabel('件名')).toHaveAttribute('aria-invalid', 'true');
  await expect(activities.getByLabel('件名')).toBeFocused();
  await activities.getByLabel('件名').fill('導入前の現地確認');
  // No time for a planned activity: explained.
  await activities.getByRole('button', { name: '活動を追加' }).click();
  await expect(activities.getByText('予定日時を入力してください')).toBeVisible();
  await activities.getByLabel('予定日時（Asia/Tokyo）').fill('2027-01-15T14:30');
  await activities.getByLabel('メモ').fill('駐車場の有無を確認する');
  await activities.getByRole('button', { name: '活動を追加' }).click();
  await expect(activities.getByRole('status')).toContainText('活動を追加しました');
  const planned = activities.getByRole('listitem').filter({ hasText: '導入前の現地確認' });
  await expect(planned).toContainText('予定');
  await expect(planned).toContainText('訪問');
  await expect(planned).toContainText('2027/01/15 14:30');
  await expect(planned).toContainText('駐車場の有無を確認する');
  const stored = await (await page.request.get(`/api/v1/deals/${deal.id}/activities`)).json();
  const one = stored.find((a: any) => a.subject === '導入前の現地確認');
  expect(new Date(one.planned_at).toISOString()).toBe('2027-01-15T05:30:00.000Z');

  // Logged as done now (no time given).
  await activities.getByLabel('実施済みとして記録').check();
  await activities.getByLabel('件名').fill('決裁者へ電話');
  await activities.getByLabel('種類').selectOption({ label: '電話' });
  await activities.getByRole('button', { name: '活動を追加' }).click();
  const done = activities.getByRole('listitem').filter({ hasText: '決裁者へ電話' });
  await expect(done).toContainText('実施済み');
  await expect(done).toContainText('伊藤 大輔');
  // Planned ones come first.
  await expect(activities.getByRole('listitem').first()).toContainText('導入前の現地確認');
});

test('the stage history shows each move with who and when; the audit trail names the stages', async ({ page }) => {
  await signInAs(page, 'manager@example.com');
  const { deal, stages } = await meetingDeal(page, 4);
  const proposal = stages.find((s: any) => s.name === '提案');
  const moved = await page.request.post(`/api/v1/deals/${deal.id}/move`, {
    data: { stage_id: proposal.id, version: deal.version },
  });
  expect(moved.status()).toBe(200);
  await page.goto(`/deals/${deal.id}`);
  const d = new DealPage(page);
  await expect(d.facts()).toContainText('提案');
  const latest = d.history().getByRole('listitem').first();
  await expect(latest).toContainText('商談 → 提案');
  await expect(latest).toContainText('田中 誠');
  const today = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  await expect(latest).toContainText(today);
  expect(await d.history().getByRole('listitem').count()).toBeGreaterThan(1);
  const stageRow = d.audit().getByRole('row').filter({ hasText: 'ステージ' }).first();
  await expect(stageRow).toContainText('商談');
  await expect(stageRow).toContainText('提案');
});
