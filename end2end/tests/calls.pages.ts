// Page objects of call mode: the call queue (`/calls`) and a call (`/calls/:id`), found by
// role and name as a screen reader announces them.
import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { apiSession } from './pages';

/** The call queue (`/calls`). */
export class CallQueuePage {
  constructor(readonly page: Page) {}

  navLink() {
    return this.page.getByRole('link', { name: '架電', exact: true });
  }

  heading() {
    return this.page.getByRole('heading', { level: 1, name: '架電キュー' });
  }

  row(title: string) {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: title }) });
  }

  start(title: string) {
    return this.page.getByRole('button', { name: `架電を開始：${title}`, exact: true });
  }
}

/** A call (`/calls/:id`). */
export class CallScreen {
  constructor(readonly page: Page) {}

  /** The step shown: a region named "ステップ：key" or "切り返し：name". */
  step() {
    return this.page.getByRole('region', { name: /^(ステップ|切り返し)：/ });
  }

  /** The step's text, in large type. */
  stepText() {
    return this.step().locator('.call-step__text');
  }

  answer(label: string) {
    return this.step().getByRole('list', { name: 'お客様の答え' }).getByRole('button', { name: label });
  }

  objection(label: string) {
    return this.page.getByRole('button', { name: `切り返し：${label}`, exact: true });
  }

  back() {
    return this.page.getByRole('button', { name: '戻る', exact: true });
  }

  articleButton() {
    return this.page.getByRole('button', { name: '関連記事', exact: true });
  }

  article(title: string) {
    return this.page.getByRole('complementary', { name: title });
  }

  notes() {
    return this.page.getByRole('textbox', { name: 'メモ', exact: true });
  }

  path() {
    return this.page.getByRole('region', { name: 'これまでの流れ' });
  }

  pathItems() {
    return this.path().getByRole('listitem');
  }

  finish() {
    return this.page.getByRole('region', { name: /^通話の終了：/ });
  }

  meeting() {
    return this.finish().getByLabel(/^商談日時/);
  }

  closer() {
    return this.finish().getByLabel('担当クローザー');
  }

  endWith(outcome: string) {
    return this.page.getByRole('button', { name: `通話を終える：${outcome}`, exact: true });
  }

  summary() {
    return this.page.getByRole('region', { name: /^通話を記録しました/ });
  }

  alert(text: string) {
    return this.page.getByRole('alert').filter({ hasText: text });
  }
}

/** A member's id by name. */
export async function memberId(request: APIRequestContext, name: string): Promise<number> {
  const members = await (await request.get('/api/v1/members')).json();
  const m = members.find((x: any) => x.name === name);
  expect(m).toBeTruthy();
  return m.id;
}

/**
 * New deals of the sales pipeline's first stage, for `appointer` (by name), created by the
 * manager: deals no other spec knows, never called, so they are due in the appointer's queue.
 */
export async function newLeads(browser: Browser, baseURL: string, appointer: string, titles: string[]) {
  const manager = await apiSession(browser, baseURL, 'manager@example.com');
  const pipelines = await (await manager.request.get('/api/v1/pipelines')).json();
  const sales = pipelines.find((p: any) => p.id === 1);
  const first = sales.stages[0];
  const appointerId = await memberId(manager.request, appointer);
  const deals = [];
  for (const [i, title] of titles.entries()) {
    const r = await manager.request.post('/api/v1/deals', {
      data: { pipeline_id: 1, stage_id: first.id, account_id: 150 + i, title, amount: 1_200_000, appointer_id: appointerId },
    });
    expect(r.status()).toBe(201);
    deals.push(await r.json());
  }
  await manager.close();
  return deals;
}
