import { expect, test, type Browser } from '@playwright/test';
import { SuccessPage, signInAs } from './pages';

// The customer-success inbox: a success member sees the accounts handed to them with what was
// promised, ticks an onboarding item (it stays after a reload) and sees the accounts past
// their contact interval; the manager edits the checklist template and a segment's interval
// and the overdue list follows; an appointer has no link and is told the page is not for them.

async function asMember(browser: Browser, email: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, email);
  return { page, success: new SuccessPage(page) };
}

test('a success member sees what was promised, ticks a checklist item and sees the overdue accounts', async ({ browser }) => {
  const { page, success } = await asMember(browser, 'success1@example.com');
  await success.navLink().click();
  await expect(success.heading()).toBeVisible();
  await expect(success.inbox()).toBeVisible();

  const mine = await (await page.request.get('/api/v1/success/accounts?owner=me')).json();
  expect(mine.length).toBeGreaterThan(5);
  // An account with one deal and its won hand-off (the demo hands every one over with a note).
  const account = mine.find((a: any) => a.deals.length === 1 && a.deals[0].handed_over);
  const name: string = account.account.name;
  const card = success.card(name);
  await expect(card).toBeVisible();
  const promise = card.getByRole('region', { name: '約束した内容' });
  await expect(promise).toContainText('契約条件');
  await expect(promise).toContainText(account.deals[0].handed_over.note.contract_terms);
  await expect(promise).toContainText('提供物');
  await expect(promise).toContainText(account.deals[0].handed_over.from.name);
  await expect(card).toContainText('最終接触');
  await expect(card).toContainText('0 / 5');

  // Ticking saves at once; the progress follows; a reload keeps it.
  const first = account.checklist[0].label;
  await success.item(name, first).check();
  await expect(card).toContainText('1 / 5');
  await expect
    .poll(async () => {
      const now = await (await page.request.get('/api/v1/success/accounts?owner=me')).json();
      return now.find((a: any) => a.account.id === account.account.id).checklist_done;
    })
    .toBe(1);
  await page.reload();
  await expect(success.item(name, first)).toBeChecked();
  await expect(success.card(name)).toContainText('1 / 5');
  // By keyboard: Space on the next item.
  await success.item(name, account.checklist[1].label).focus();
  await page.keyboard.press('Space');
  await expect(success.card(name)).toContainText('2 / 5');

  // The accounts past their interval, per segment, linking to the deal.
  const stale = await (await page.request.get('/api/v1/success/accounts?stale=true')).json();
  expect(stale.length).toBeGreaterThan(0);
  const worst = stale[0];
  const link = success.stale().getByRole('link', { name: worst.account.name, exact: true }).first();
  await expect(link).toHaveAttribute('href', `/deals/${worst.deals[0].id}`);
  await expect(success.staleGroup(worst.segment.name)).toContainText(`${worst.overdue_days}日超過`);
  await expect(success.stale().getByRole('link')).toHaveCount(stale.length);
  await page.screenshot({ path: '/tmp/success-inbox.png', fullPage: false });
  // In English too.
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Handed to me' })).toBeVisible();
  await expect(success.card(name).getByRole('region', { name: 'What was promised' })).toContainText('Contract terms');
  await expect(page.getByRole('heading', { level: 2, name: 'Not contacted within their interval' })).toBeVisible();
  await page.screenshot({ path: '/tmp/success-inbox-en.png', fullPage: false });
});

test('the manager sets a segment interval and the overdue list follows', async ({ browser }) => {
  const { page, success } = await asMember(browser, 'manager@example.com');
  await success.navLink().click();
  await expect(success.heading()).toBeVisible();
  // Whose inbox: success1's.
  await success.owner().selectOption({ label: '山本 翔' });
  await expect(success.inbox('引き継がれたアカウント')).toBeVisible();
  const owner = (await (await page.request.get('/api/v1/members')).json()).find((m: any) => m.name === '山本 翔');

  // A segment with none of success1's accounts overdue gets an interval of one day.
  const all = await (await page.request.get(`/api/v1/success/accounts?owner=${owner.id}`)).json();
  const stale = await (await page.request.get(`/api/v1/success/accounts?owner=${owner.id}&stale=true`)).json();
  const counts = new Map<string, number>();
  for (const a of all) if (a.segment && (a.days_since_contact ?? 0) > 1) counts.set(a.segment.name, (counts.get(a.segment.name) ?? 0) + 1);
  const segment = [...counts.keys()].find((s) => !stale.some((a: any) => a.segment?.name === s));
  expect(segment, 'a segment with accounts not yet overdue').toBeTruthy();
  await expect(success.staleGroup(segment!)).toHaveCount(0);
  await success.openSettings();
  await success.interval(segment!).fill('1');
  await success.saveInterval(segment!).click();
  await expect(page.getByRole('status').filter({ hasText: '連絡間隔を保存しました。' })).toBeVisible();
  await expect(success.staleGroup(segment!)).toBeVisible();
  await expect(success.staleGroup(segment!).getByRole('link')).toHaveCount(counts.get(segment!)!);
  await expect(success.staleGroup(segment!).getByRole('heading')).toHaveText(`${segment} — 1日ごと`);
  // Out of range: said beside the field, nothing saved.
  await success.interval(segment!).fill('400');
  await success.saveInterval(segment!).click();
  await expect(success.interval(segment!)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('1〜365日で入力するか、空欄にしてください。')).toBeVisible();
  const segs = await (await page.request.get('/api/v1/segments')).json();
  expect(segs.find((s: any) => s.name === segment).contact_interval_days).toBe(1);
});

test('the manager edits the checklist template by keyboard; running onboardings keep their copy', async ({ browser }) => {
  const { page, success } = await asMember(browser, 'manager@example.com');
  await page.goto('/success');
  await expect(success.heading()).toBeVisible();
  const owner = (await (await page.request.get('/api/v1/members')).json()).find((m: any) => m.name === '山本 翔');

  // Add an item, move it to the top by keyboard, save; a blank item is refused beside it.
  await success.openSettings();
  const template = success.template();
  await expect.poll(() => success.templateItems()).toHaveLength(5);
  await template.getByRole('button', { name: '項目を追加' }).click();
  await expect(template.getByLabel('項目 6', { exact: true })).toBeFocused();
  await page.keyboard.type('契約書の受領');
  await template.getByRole('button', { name: '上へ — 項目 6' }).focus();
  // Each press moves it up one; the keyboard stays on it (at the top, on its other button).
  for (let n = 5; n >= 1; n--) {
    await page.keyboard.press('Enter');
    await expect(template.getByRole('button', { name: n > 1 ? `上へ — 項目 ${n}` : '下へ — 項目 1' })).toBeFocused();
  }
  expect((await success.templateItems())[0]).toBe('契約書の受領');
  await template.getByRole('button', { name: '項目を追加' }).click();
  await template.getByRole('button', { name: 'テンプレートを保存' }).click();
  await expect(template.getByText('項目を入力してください。')).toBeVisible();
  await expect(template.getByLabel('項目 7', { exact: true })).toBeFocused();
  await template.getByRole('button', { name: '削除 — 項目 7' }).click();
  await template.getByRole('button', { name: 'テンプレートを保存' }).click();
  await expect(template.getByRole('status')).toContainText('テンプレートを保存しました。');
  await page.reload();
  await success.openSettings();
  await expect.poll(() => success.templateItems()).toEqual([
    '契約書の受領',
    'キックオフ会議の実施',
    '管理者アカウントの発行',
    '初期設定の完了',
    '管理者向け研修',
    '利用状況の初回レビュー',
  ]);
  // Running onboardings keep their copy.
  const after = await (await page.request.get(`/api/v1/success/accounts?owner=${owner.id}`)).json();
  expect(after.every((a: any) => a.checklist.length === 5)).toBe(true);
  await page.screenshot({ path: '/tmp/success-manager.png' });
});

test('an appointer has no link and is told the page is not for them', async ({ browser }) => {
  const { page, success } = await asMember(browser, 'appointer1@example.com');
  await expect(page.getByRole('navigation', { name: 'メイン', exact: true }).getByRole('link', { name: '引き継ぎ', exact: true })).toBeVisible();
  await expect(success.navLink()).toHaveCount(0);
  await page.goto('/success');
  await expect(page.getByRole('alert')).toHaveText('このページは顧客サクセス担当とマネージャー向けです。');
  await expect(success.inbox()).toHaveCount(0);
  const r = await page.request.get('/api/v1/success/accounts');
  expect(r.status()).toBe(403);
});
