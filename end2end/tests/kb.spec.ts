import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { apiDeals, apiSession, signInAs } from './pages';
import { ArticlePage, DealKb, KbPage, RATE, StatsPage } from './kb.pages';

// The knowledge base, the articles linked from a deal, and a script's numbers.
//
// Shared demo data: the demo articles are only read here (the articles this file edits are its
// own); the deal linked is the last of closer2's deals in 交渉 (no other test links articles;
// the board tests move the first card of 交渉); calls are run on a deal of 失注 whose account
// has no customer-success deal (no queue lists it, no success page shows its account). Another
// test may run calls on the demo script at the same time, so its numbers are compared with
// "at least" what this file added.

const stamp = () => `${Date.now()}-${Math.floor(Math.random() * 1000)}`;

async function shot(page: Page, name: string) {
  if (process.env.KB_SHOTS) await page.screenshot({ path: `/tmp/kb-${name}.png`, fullPage: true });
}

test('a search finds a demo article by a Japanese word, as typed and on Enter; the category narrows it', async ({ page }) => {
  await signInAs(page, 'appointer3@example.com');
  const kb = new KbPage(page);
  await kb.navLink().click();
  await expect(kb.heading()).toBeVisible();
  await expect(kb.article('競合A社との比較')).toBeVisible();

  // Typing searches once the typing pauses: part of a Japanese body text is enough.
  await kb.search().pressSequentially('二択', { delay: 30 });
  await expect(kb.count()).toHaveText('「二択」の検索結果：1件');
  await expect(kb.article('忙しいと言われたら')).toBeVisible();
  await expect(kb.list().getByRole('heading', { level: 2 })).toHaveCount(1);

  // Enter searches at once; a tag matches too.
  await kb.search().fill('比較');
  await kb.search().press('Enter');
  await expect(kb.count()).toHaveText(/^「比較」の検索結果/);
  await expect(kb.article('競合A社との比較')).toBeVisible();
  await expect(kb.article('他社で間に合っていると言われたら')).toBeVisible();
  await kb.category().selectOption({ label: '競合' });
  await expect(kb.article('他社で間に合っていると言われたら')).toHaveCount(0);
  await expect(kb.article('競合A社との比較')).toBeVisible();
  await shot(page, 'search');

  // The search and the category are in the URL: a reload shows the same.
  await expect(page).toHaveURL(/\/kb\?q=%E6%AF%94%E8%BC%83&category=competitor$/);
  await page.reload();
  await expect(kb.search()).toHaveValue('比較');
  await expect(kb.category()).toHaveValue('competitor');
  await expect(kb.article('競合A社との比較')).toBeVisible();

  // The navigation link starts over.
  await kb.navLink().click();
  await expect(page).toHaveURL(/\/kb$/);
  await expect(kb.search()).toHaveValue('');
  await expect(kb.category()).toHaveValue('');
  await expect(kb.article('忙しいと言われたら')).toBeVisible();

  // Nothing found says so.
  await kb.search().fill('該当しない言葉xyz');
  await kb.search().press('Enter');
  await expect(page.getByText('該当する記事はありません。')).toBeVisible();
});

test('an appointer reads an article but sees no edit controls', async ({ page }) => {
  await signInAs(page, 'appointer1@example.com');
  const kb = new KbPage(page);
  await page.goto('/kb');
  await expect(kb.heading()).toBeVisible();
  await expect(kb.article('忙しいと言われたら')).toBeVisible();
  await expect(kb.newArticle()).toHaveCount(0);
  await kb.article('忙しいと言われたら').click();
  await expect(page).toHaveURL(/\/kb\/1$/);
  const a = new ArticlePage(page);
  await expect(a.heading('忙しいと言われたら')).toBeVisible();
  await expect(a.article().locator('.kb-article__body p')).toHaveText([/再架電の日時を具体的に決める/]);
  await expect(a.about()).toContainText('切り返し');
  await expect(a.about()).toContainText('田中 誠');
  await expect(a.about()).toContainText('最終更新');
  await expect(a.article().getByRole('list', { name: 'タグ' })).toContainText('再架電');
  await expect(a.edit()).toHaveCount(0);
  await expect(a.titleField()).toHaveCount(0);
  // The new-article page tells them it is not theirs.
  await page.goto('/kb/new');
  await expect(page.getByRole('alert')).toContainText('マネージャーと営業事務');
  await expect(a.create()).toHaveCount(0);
});

test('a manager writes an article (errors beside the fields first) and edits it', async ({ page }) => {
  await signInAs(page, 'manager@example.com');
  const kb = new KbPage(page);
  await page.goto('/kb');
  await kb.newArticle().click();
  await expect(page).toHaveURL(/\/kb\/new$/);
  const a = new ArticlePage(page);

  // Nothing filled in: each field says what it needs, and nothing is sent.
  await a.create().click();
  await expect(a.titleField()).toHaveAttribute('aria-invalid', 'true');
  await expect(a.titleField()).toBeFocused();
  await expect(page.getByText('タイトルを入力してください。')).toBeVisible();
  await expect(a.bodyField()).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('本文を入力してください。')).toBeVisible();
  await expect(page).toHaveURL(/\/kb\/new$/);

  const title = `E2E 競合C社 ${stamp()}`;
  await a.categoryField().selectOption({ label: '競合' });
  await a.titleField().fill(title);
  await expect(a.titleField()).toHaveAttribute('aria-invalid', 'false');
  await expect(page.getByText('タイトルを入力してください。')).toHaveCount(0);
  await a.bodyField().fill('C社は年額契約のみ。\n月額を望む顧客には当社を提案する。\n\nサポートは平日のみ。');
  await a.tagsField().fill('競合、C社');
  await shot(page, 'new');
  await a.create().click();
  await expect(page).toHaveURL(/\/kb\/\d+$/);
  await expect(a.heading(title)).toBeVisible();
  const paragraphs = a.article().locator('.kb-article__body p');
  await expect(paragraphs).toHaveCount(2);
  await expect(paragraphs.first()).toContainText('月額を望む顧客には当社を提案する。');
  await expect(a.about()).toContainText('競合');
  await expect(a.about()).toContainText('田中 誠');
  await expect(a.article().getByRole('list', { name: 'タグ' }).getByRole('listitem')).toHaveText(['競合', 'C社']);

  // Edited in place; the page shows the new text at once, and the server has it.
  const id = Number(page.url().split('/').pop());
  await a.edit().click();
  await expect(a.titleField()).toBeFocused();
  await a.bodyField().fill('C社は年額契約のみ。\n\nサポートは平日9時から17時まで。');
  await a.save().click();
  await expect(a.status('保存しました')).toBeVisible();
  await expect(paragraphs).toHaveText(['C社は年額契約のみ。', 'サポートは平日9時から17時まで。']);
  await expect(a.titleField()).toHaveCount(0);
  const saved = await (await page.request.get(`/api/v1/kb/articles/${id}`)).json();
  expect(saved.version).toBe(2);
  expect(saved.body).toBe('C社は年額契約のみ。\n\nサポートは平日9時から17時まで。');
  expect(saved.tags).toEqual(['競合', 'C社']);

  // It is found by a word of its new text.
  await page.goto('/kb');
  await kb.search().fill('17時');
  await kb.search().press('Enter');
  await expect(kb.article(title)).toBeVisible();
});

test('a stale edit gets the conflict with their version, and overwrites only when asked', async ({ page, browser, baseURL }) => {
  await signInAs(page, 'manager@example.com');
  const title = `E2E 資料請求 ${stamp()}`;
  const created = await page.request.post('/api/v1/kb/articles', {
    data: { category: 'objection', title, body: '課題を一つ聞いてから送る。', tags: ['資料'] },
  });
  expect(created.status()).toBe(201);
  const article = await created.json();
  await page.goto(`/kb/${article.id}`);
  const a = new ArticlePage(page);
  await expect(a.heading(title)).toBeVisible();
  await a.edit().click();
  await a.titleField().fill(`${title}（改）`);

  // The sales admin saves first, in another browser.
  const other = await apiSession(browser, baseURL!, 'admin@example.com');
  const theirs = `${title}（先方修正）`;
  const r = await other.request.patch(`/api/v1/kb/articles/${article.id}`, { data: { version: 1, title: theirs } });
  expect(r.status()).toBe(200);
  await other.close();

  await a.save().click();
  const conflict = a.conflict();
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole('heading')).toBeFocused();
  await expect(conflict.getByRole('row').filter({ hasText: 'タイトル' })).toContainText(theirs);
  await expect(conflict.getByRole('row').filter({ hasText: 'タイトル' })).toContainText(`${title}（改）`);
  await shot(page, 'conflict');
  // Nothing was overwritten.
  let now = await (await page.request.get(`/api/v1/kb/articles/${article.id}`)).json();
  expect(now.title).toBe(theirs);
  expect(now.version).toBe(2);

  // Applying mine again is explicit, on top of theirs.
  await conflict.getByRole('button', { name: '自分の変更を再適用' }).click();
  await expect(a.status('保存しました')).toBeVisible();
  await expect(a.heading(`${title}（改）`)).toBeVisible();
  now = await (await page.request.get(`/api/v1/kb/articles/${article.id}`)).json();
  expect(now.title).toBe(`${title}（改）`);
  expect(now.version).toBe(3);
});

test('a closer links an article to their deal, sees it on the deal page, and unlinks it', async ({ page }) => {
  await signInAs(page, 'closer2@example.com');
  const pipelines = await (await page.request.get('/api/v1/pipelines')).json();
  const stage = pipelines[0].stages.find((s: any) => s.name === '交渉');
  const { deals } = await apiDeals(page, `pipeline_id=${pipelines[0].id}&stage_id=${stage.id}`);
  const mine = deals.filter((d: any) => d.closer?.name === '渡辺 由美');
  expect(mine.length).toBeGreaterThan(0);
  const deal = mine[mine.length - 1];
  const notMine = deals.find((d: any) => ![d.appointer, d.closer, d.success].some((o: any) => o?.name === '渡辺 由美'));

  await page.goto(`/deals/${deal.id}`);
  const kb = new DealKb(page);
  await expect(kb.section()).toContainText('この案件に紐付けた記事はまだありません。');
  await kb.find().fill('A社');
  await kb.link('競合A社との比較').click();
  await expect(kb.linked().getByRole('link', { name: '競合A社との比較', exact: true })).toBeVisible();
  await expect(kb.section().getByRole('status').filter({ hasText: '紐付けました' })).toHaveText('紐付けました：競合A社との比較');
  await expect(kb.linked()).toContainText('渡辺 由美が紐付け');
  // Already linked: not offered again.
  await expect(kb.link('競合A社との比較')).toHaveCount(0);
  // The audit trail has it.
  const audit = page.getByRole('region', { name: '変更履歴' });
  await expect(audit.getByRole('row').filter({ hasText: 'ナレッジ記事の紐付け' }).first()).toContainText('競合A社との比較');
  await shot(page, 'deal');

  // The link opens the article.
  await kb.linked().getByRole('link', { name: '競合A社との比較', exact: true }).click();
  await expect(page).toHaveURL(/\/kb\/6$/);
  await expect(new ArticlePage(page).heading('競合A社との比較')).toBeVisible();
  await page.goBack();
  await expect(kb.linked()).toBeVisible();

  // Someone who may not edit the deal reads the link, without controls.
  if (notMine) {
    await page.goto(`/deals/${notMine.id}`);
    await expect(kb.section()).toBeVisible();
    await expect(kb.find()).toHaveCount(0);
  }
  const list = await (await page.request.get(`/api/v1/deals/${deal.id}/articles`)).json();
  expect(list.map((l: any) => l.article_id)).toEqual([6]);

  // Unlinked from the deal page.
  await page.goto(`/deals/${deal.id}`);
  await kb.unlink('競合A社との比較').click();
  await expect(kb.section()).toContainText('この案件に紐付けた記事はまだありません。');
  expect(await (await page.request.get(`/api/v1/deals/${deal.id}/articles`)).json()).toEqual([]);
});

// --- Numbers ---

/** A deal of 失注 whose account has no customer-success deal (calls on it disturb no one). */
async function quietDeal(page: Page) {
  const pipelines = await (await page.request.get('/api/v1/pipelines')).json();
  const sales = pipelines[0];
  const lost = sales.stages.find((s: any) => s.name === '失注');
  const { deals } = await apiDeals(page, `pipeline_id=${sales.id}&stage_id=${lost.id}`);
  const success = pipelines.find((p: any) => p.id !== sales.id && p.stages.some((s: any) => s.name === 'オンボーディング'));
  const taken = new Set<number>();
  if (success) {
    const cs = await apiDeals(page, `pipeline_id=${success.id}`);
    for (const d of cs.deals) taken.add(d.account.id);
  }
  const deal = deals.reverse().find((d: any) => !taken.has(d.account.id));
  expect(deal, 'a lost deal with an account of its own').toBeTruthy();
  return deal;
}

/** Runs one call on `script` through `path` (step key, answer index) and finishes it. */
async function runCall(request: APIRequestContext, deal: number, script: number, path: [string, number][], finish: object) {
  const started = await request.post('/api/v1/calls', { data: { deal_id: deal, script_id: script } });
  expect(started.status(), await started.text()).toBe(201);
  const call = await started.json();
  for (const [step_key, answer_index] of path) {
    const r = await request.post(`/api/v1/calls/${call.id}/answers`, { data: { step_key, answer_index } });
    expect(r.status(), await r.text()).toBe(200);
  }
  const done = await request.post(`/api/v1/calls/${call.id}/finish`, { data: finish });
  expect(done.status(), await done.text()).toBe(200);
}

async function stats(request: APIRequestContext, script: number, query = '') {
  const r = await request.get(`/api/v1/scripts/${script}/stats${query}`);
  expect(r.status()).toBe(200);
  return r.json();
}

const number = async (loc: import('@playwright/test').Locator) => Number((await loc.innerText()).replace(/[^\d]/g, ''));

test('the demo script\'s numbers show a finished call with its counts', async ({ page }) => {
  await signInAs(page, 'manager@example.com');
  const scripts = await (await page.request.get('/api/v1/scripts')).json();
  const demo = scripts.find((s: any) => s.name === '新規開拓 架電スクリプト');
  expect(demo).toBeTruthy();
  const before = await stats(page.request, demo.id);
  const vendorBefore = before.stats.steps.find((s: any) => s.key === 'obj_vendor');

  // One call: connected → "他社で間に合っている" → the vendor objection → not interested.
  const deal = await quietDeal(page);
  await runCall(page.request, deal.id, demo.id, [['opening', 0], ['purpose', 3], ['obj_vendor', 1]], {
    outcome: 'not_interested',
    reason: 'E2E: 他社で十分',
  });

  const s = new StatsPage(page);
  await s.goto(demo.id);
  await expect(s.heading(demo.name)).toBeVisible();
  await expect(s.version()).toHaveValue(String(demo.published_version));
  const after = await stats(page.request, demo.id);
  const calls = await number(s.figure('通話数'));
  expect(calls).toBeGreaterThanOrEqual(before.stats.calls + 1);
  expect(calls).toBeLessThanOrEqual(after.stats.calls);
  await expect(s.figure('アポ獲得')).toHaveText(RATE);
  await expect(s.figure('受注')).toHaveText(RATE);
  await expect(s.figure('結果の内訳')).toContainText('興味なし：');
  if (calls < 30) {
    await expect(s.caveat()).toContainText('通話が30件未満です');
  }
  // The objection that lost the call stands out at the top.
  await expect(s.worst()).toContainText('「興味なし」で終了');

  // Per step: the vendor objection was reached, answered "関心なし", and ended there.
  const reached = await number(await s.cell('obj_vendor', '到達'));
  expect(reached).toBeGreaterThanOrEqual(vendorBefore.reached + 1);
  await expect(s.step('obj_vendor')).toContainText('切り返し');
  await expect(await s.cell('obj_vendor', '次に進んだ先（回答ごと）')).toContainText('関心なし → 興味なし：');
  await expect(await s.cell('obj_vendor', 'ここで終了')).toContainText('興味なし：');
  await expect(await s.cell('obj_vendor', 'アポ獲得')).toHaveText(RATE);
  await expect(await s.cell('opening', '商談実施')).toHaveText(RATE);
  // Steps come in the script's order.
  const keys = await s.steps().locator('tbody th code').allInnerTexts();
  expect(keys.slice(0, 4)).toEqual(['opening', 'purpose', 'hearing', 'appointment']);
  await shot(page, 'stats');
});

test('two versions of a script compare side by side, a step in one version only marked', async ({ page }) => {
  await signInAs(page, 'manager@example.com');
  const open = { key: 'open', text: '{contact.name}様はいらっしゃいますか？', answers: [{ label: '本人', next: 'pitch' }, { label: '不在', outcome: 'call_back' }] };
  const pitch = { key: 'pitch', text: '30分だけお時間をいただけますか？', answers: [{ label: '不要', outcome: 'not_interested' }, { label: '忙しい', next: 'busy' }] };
  const busy = { key: 'busy', shared: true, text: '改めてお電話します。ご都合は？', answers: [{ label: '日時を聞けた', outcome: 'call_back' }] };
  const v1 = { start: 'open', steps: [open, pitch, busy] };
  const name = `E2E 掘り起こし ${stamp()}`;
  const created = await page.request.post('/api/v1/scripts', { data: { name, pipeline_id: 1, purpose: 'reactivation', graph: v1 } });
  expect(created.status(), await created.text()).toBe(201);
  let script = await created.json();
  let r = await page.request.post(`/api/v1/scripts/${script.id}/publish`, { data: { version: script.draft_version } });
  expect(r.status(), await r.text()).toBe(200);
  script = await r.json();

  // Published, no calls yet: the page says so.
  const s = new StatsPage(page);
  await s.goto(script.id);
  await expect(s.heading(name)).toBeVisible();
  await expect(page.getByText('第1版で終了した通話はまだありません。')).toBeVisible();

  const deal = await quietDeal(page);
  await runCall(page.request, deal.id, script.id, [['open', 0], ['pitch', 0]], { outcome: 'not_interested', reason: 'E2E' });

  // Version 2 asks one more question first.
  const hearing = { key: 'hearing', text: '今のご担当の方は？', answers: [{ label: '聞けた', next: 'pitch' }] };
  const v2 = { start: 'open', steps: [{ ...open, answers: [{ label: '本人', next: 'hearing' }, open.answers[1]] }, hearing, pitch, busy] };
  r = await page.request.put(`/api/v1/scripts/${script.id}/draft`, { data: { graph: v2, version: script.draft_version } });
  expect(r.status(), await r.text()).toBe(200);
  script = await r.json();
  r = await page.request.post(`/api/v1/scripts/${script.id}/publish`, { data: { version: script.draft_version } });
  expect(r.status(), await r.text()).toBe(200);
  const callBack = new Date(Date.now() + 86_400_000).toISOString();
  await runCall(page.request, deal.id, script.id, [['open', 0], ['hearing', 0], ['pitch', 1], ['busy', 0]], { outcome: 'call_back', call_back_at: callBack });

  // The published version (2) by default; version 1 picked to compare.
  await s.goto(script.id);
  await expect(s.version()).toHaveValue('2');
  await expect(s.version().locator('option', { hasText: '第2版（公開中）' })).toHaveCount(1);
  await expect(s.figure('通話数')).toHaveText('1');
  await expect(s.caveat()).toContainText('通話が30件未満です（1件）');
  await s.compare().selectOption('1');
  await expect(page).toHaveURL(new RegExp(`/scripts/${script.id}/stats\\?version=2&compare=1$`));
  const table = s.steps(true);
  await expect(table).toBeVisible();
  // Summary side by side: one call each.
  const calls = page.getByRole('table', { name: '概要' }).getByRole('row', { name: /^通話数/ });
  await expect(calls.getByRole('cell')).toHaveText(['1', '1']);
  // Rows in version 2's order; the new step is marked and empty for version 1.
  await expect(table.locator('tbody th code')).toHaveText(['open', 'hearing', 'pitch', 'busy']);
  const row = (key: string) => s.step(key, true).getByRole('cell');
  await expect(s.step('hearing', true)).toContainText('第2版のみ');
  // Reached (v2, v1), appointment set (v2, v1), meeting held (v2, v1), won (v2, v1).
  await expect(row('hearing').nth(0)).toHaveText(/^1/);
  await expect(row('hearing').nth(1)).toContainText('この版にはないステップ');
  await expect(row('open').nth(0)).toHaveText(/^1/);
  await expect(row('open').nth(1)).toHaveText(/^1/);
  await expect(row('open').nth(2)).toHaveText('0%（0/1）');
  await expect(row('busy').nth(0)).toHaveText(/^1/);
  await expect(row('busy').nth(1)).toHaveText(/^0/);
  await expect(row('busy').nth(3)).toHaveText('—（0/0）');
  await expect(s.step('busy', true)).toContainText('切り返し');
  // Version 1 lost its call at "pitch", which is no objection: no worst objection.
  await expect(s.worst()).toHaveCount(0);
  await shot(page, 'compare');

  // A screen reader hears each cell with its headers.
  await expect(table.locator('thead th[scope="colgroup"]')).toHaveText(['到達', 'アポ獲得', '商談実施', '受注']);
  await expect(table.locator('tbody th[scope="row"]')).toHaveCount(4);
});

test('the numbers are for managers and sales admins', async ({ page }) => {
  await signInAs(page, 'appointer2@example.com');
  const s = new StatsPage(page);
  await s.goto(1);
  await expect(page.getByRole('alert')).toContainText('マネージャーと営業事務');
  await expect(page.getByRole('table')).toHaveCount(0);
});
