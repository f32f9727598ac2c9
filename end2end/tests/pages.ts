// Page objects: how a person finds things on Baton's screens (roles and names, as a screen
// reader would announce them).
import { expect, type Page } from '@playwright/test';

export const PASSWORD = 'baton-demo';

export class SignInPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto('/login');
  }

  email(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByLabel(lang === 'ja' ? 'メールアドレス' : 'Email');
  }

  password(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByLabel(lang === 'ja' ? 'パスワード' : 'Password', { exact: true });
  }

  submit(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByRole('button', { name: lang === 'ja' ? 'ログイン' : 'Sign in', exact: true });
  }

  async signIn(email: string, password = PASSWORD, lang: 'ja' | 'en' = 'ja') {
    await this.email(lang).fill(email);
    await this.password(lang).fill(password);
    await this.submit(lang).click();
  }
}

export class DealsPage {
  constructor(readonly page: Page) {}

  heading(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByRole('heading', { level: 1, name: lang === 'ja' ? '案件' : 'Deals' });
  }

  stage(name: string) {
    return this.page.getByRole('region', { name, exact: true });
  }

  owner(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByLabel(lang === 'ja' ? '担当者' : 'Owner');
  }

  pipeline(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByLabel(lang === 'ja' ? 'パイプライン' : 'Pipeline');
  }

  async loaded() {
    await expect(this.page.getByRole('region').first()).toBeVisible();
  }
}

/** Opens the deals page signed out, signs in on the page it sends you to, and lands back. */
export async function signInAs(page: Page, email: string) {
  const signIn = new SignInPage(page);
  await page.goto('/deals');
  await expect(signIn.submit()).toBeVisible();
  await signIn.signIn(email);
  const deals = new DealsPage(page);
  await expect(deals.heading()).toBeVisible();
  return deals;
}

/** The deals API as the signed-in page sees it (same cookies). */
export async function apiDeals(page: Page, query: string) {
  const deals: any[] = [];
  let totals: any[] | undefined;
  let cursor: string | undefined;
  do {
    const url = `/api/v1/deals?${query}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const resp = await page.request.get(url);
    expect(resp.status()).toBe(200);
    const body = await resp.json();
    deals.push(...body.deals);
    totals ??= body.totals;
    cursor = body.next_cursor ?? undefined;
  } while (cursor);
  return { deals, totals: totals ?? [] };
}

export function yen(amount: number) {
  return '¥' + amount.toLocaleString('en-US');
}

export class BoardPage {
  constructor(readonly page: Page) {}

  heading(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByRole('heading', { level: 1, name: lang === 'ja' ? 'ボード' : 'Board' });
  }

  /** A column, by its stage's name. */
  column(name: string) {
    return this.page.getByRole('region', { name, exact: true });
  }

  /** A card, by its deal's title, anywhere or within a column. */
  card(title: string, column?: string) {
    const scope = column ? this.column(column) : this.page.locator('.fboard');
    return scope.locator('li[data-deal-id]').filter({ hasText: title });
  }

  cardById(id: number) {
    return this.page.locator(`li[data-deal-id="${id}"]`);
  }

  /** What screen readers were last told. */
  announcement() {
    return this.page.locator('[aria-live="assertive"]');
  }

  async loaded() {
    await expect(this.page.locator('[data-board-ready="true"]')).toBeVisible();
  }

  /** Drags a card onto a column's list, near its top, with the mouse. */
  async drag(card: ReturnType<BoardPage['card']>, column: string, slot = 0) {
    const list = this.column(column).locator('.bcol__list');
    await list.scrollIntoViewIfNeeded();
    await card.scrollIntoViewIfNeeded();
    const from = await card.boundingBox();
    const to = await list.boundingBox();
    if (!from || !to) throw new Error('card or column not on screen');
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 10, { steps: 4 });
    const y = to.y + 8 + slot * 126 + 4;
    await this.page.mouse.move(to.x + to.width / 2, y, { steps: 12 });
    await this.page.mouse.up();
  }

  /** Drags a card onto a column's list with a finger: a long press, then a slide. */
  async touchDrag(card: ReturnType<BoardPage['card']>, column: string, slot = 0) {
    const list = this.column(column).locator('.bcol__list');
    await list.scrollIntoViewIfNeeded();
    await card.scrollIntoViewIfNeeded();
    const from = await card.boundingBox();
    const to = await list.boundingBox();
    if (!from || !to) throw new Error('card or column not on screen');
    const cdp = await this.page.context().newCDPSession(this.page);
    const touch = (type: string, x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', {
        type,
        touchPoints: type === 'touchEnd' ? [] : [{ x: Math.round(x), y: Math.round(y) }],
      });
    const [x0, y0] = [from.x + from.width / 2, from.y + from.height / 2];
    await touch('touchStart', x0, y0);
    await this.page.waitForTimeout(600);
    const [x1, y1] = [to.x + to.width / 2, to.y + 8 + slot * 126 + 4];
    for (let i = 1; i <= 12; i++) {
      await touch('touchMove', x0 + ((x1 - x0) * i) / 12, y0 + ((y1 - y0) * i) / 12);
    }
    await touch('touchEnd', x1, y1);
    await cdp.detach();
  }
}

/** Signs in from the sign-in page and lands on the board. */
export async function signInToBoard(page: Page, email: string) {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(email);
  const board = new BoardPage(page);
  await expect(board.heading()).toBeVisible();
  await board.loaded();
  return board;
}

// --- Deal page and pipeline settings ---

/** The deal page (`/deals/:id`). */
export class DealPage {
  constructor(readonly page: Page) {}

  heading(title: string) {
    return this.page.getByRole('heading', { level: 1, name: title });
  }

  facts(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByLabel(lang === 'ja' ? '案件の概要' : 'Deal summary');
  }

  amount(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByLabel(lang === 'ja' ? '金額（円）' : 'Amount (JPY)');
  }

  save(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByRole('button', { name: lang === 'ja' ? '保存' : 'Save', exact: true });
  }

  status(text: string) {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  conflict(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByRole('region', { name: lang === 'ja' ? '他のメンバーがこの案件を変更しました' : 'Someone changed this deal' });
  }

  history(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByRole('region', { name: lang === 'ja' ? 'ステージ履歴' : 'Stage history' });
  }

  activities(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByRole('region', { name: lang === 'ja' ? '活動' : 'Activities', exact: true });
  }

  audit(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByRole('region', { name: lang === 'ja' ? '変更履歴' : 'Audit trail' });
  }
}

/** The pipeline settings page (`/settings/pipelines`). */
export class SettingsPage {
  constructor(readonly page: Page) {}

  pipeline(name: string) {
    return this.page.getByRole('region', { name, exact: true });
  }

  /** A control of a stage's row, by its label and the stage's name: "確度（%） — 提案". */
  stageControl(pipeline: string, label: string, stage: string) {
    return this.pipeline(pipeline).getByLabel(`${label} — ${stage}`, { exact: true });
  }

  stageButton(pipeline: string, label: string, stage: string) {
    return this.pipeline(pipeline).getByRole('button', { name: `${label} — ${stage}`, exact: true });
  }

  /** A stage's row, by the stage's name. */
  stageRow(pipeline: string, stage: string, lang: 'ja' | 'en' = 'ja') {
    const label = `${lang === 'ja' ? 'ステージ名' : 'Stage'} — ${stage}`;
    return this.pipeline(pipeline).getByRole('row').filter({ has: this.page.getByLabel(label, { exact: true }) });
  }

  /** The stage names of a pipeline, in the order shown. */
  async stageNames(pipeline: string) {
    return this.pipeline(pipeline).locator('tbody tr td:first-child input').evaluateAll(
      (inputs) => inputs.map((i) => (i as HTMLInputElement).value),
    );
  }
}

/** Signs a second member in through the API, in a fresh browser context. */
export async function apiSession(browser: import('@playwright/test').Browser, baseURL: string, email: string) {
  const context = await browser.newContext({ baseURL });
  const r = await context.request.post('/api/v1/auth/login', { data: { email, password: PASSWORD } });
  expect(r.status()).toBe(200);
  return context;
}

// --- Team ---

/** The team matrix page (`/team`, managers). */
export class TeamPage {
  constructor(readonly page: Page) {}

  heading(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByRole('heading', { level: 1, name: lang === 'ja' ? 'チーム' : 'Team' });
  }

  matrix() {
    return this.page.getByRole('region', { name: 'メンバーと役割' });
  }

  /** A member's row of the matrix. */
  row(member: string) {
    return this.matrix().getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: member }) });
  }

  /** A member's role toggle: "田中 誠: クローザー". */
  toggle(member: string, role: string) {
    return this.page.getByRole('checkbox', { name: `${member}: ${role}`, exact: true });
  }

  /** The cell holding a member's role toggle (coverage, weight, load). */
  cell(member: string, role: string) {
    return this.toggle(member, role).locator('xpath=ancestor::td[1]');
  }

  edit(member: string, role: string) {
    return this.page.getByRole('button', { name: `${member}: ${role} の設定を編集`, exact: true });
  }

  dialog(member: string, role: string) {
    return this.page.getByRole('dialog', { name: `${member}（${role}）の設定` });
  }

  status(text: string) {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  gaps() {
    return this.page.getByRole('region', { name: '担当の空白' });
  }

  absences() {
    return this.page.getByRole('region', { name: '不在', exact: true });
  }

  preview() {
    return this.page.getByRole('region', { name: '振り分けのプレビュー' });
  }

  /** A member's line in the routing preview. */
  verdict(member: string) {
    return this.preview().getByRole('listitem').filter({ hasText: member });
  }
}

/** `/success`: the customer-success inbox, the overdue accounts, the managers' settings. */
export class SuccessPage {
  constructor(readonly page: Page) {}

  navLink() {
    return this.page.getByRole('navigation', { name: 'メイン', exact: true }).getByRole('link', { name: '顧客サクセス', exact: true });
  }

  heading() {
    return this.page.getByRole('heading', { level: 1, name: '顧客サクセス' });
  }

  /** "Handed to me" (or "Accounts handed over" when a manager looks at another inbox). */
  inbox(name = '引き継がれた担当アカウント') {
    return this.page.getByRole('region', { name, exact: true });
  }

  /** An account's card, by the account's name. */
  card(account: string) {
    return this.page.getByRole('listitem', { name: account, exact: true });
  }

  /** A checklist item's checkbox on an account's card. */
  item(account: string, label: string) {
    return this.card(account).getByRole('checkbox', { name: label, exact: true });
  }

  stale() {
    return this.page.getByRole('region', { name: '連絡期限を過ぎたアカウント', exact: true });
  }

  /** The overdue accounts of a segment: its group's heading is "name — N日ごと". */
  staleGroup(segment: string) {
    return this.stale().locator('section').filter({
      has: this.page.getByRole('heading', { level: 3, name: new RegExp(`^${segment} — `) }),
    });
  }

  owner() {
    return this.page.getByLabel('担当者', { exact: true });
  }

  /** The managers' settings (a disclosure), opened. */
  async openSettings() {
    await this.page.getByText('チェックリストのテンプレートと連絡間隔の設定', { exact: true }).click();
  }

  template() {
    return this.page.getByRole('region', { name: 'オンボーディングのテンプレート', exact: true });
  }

  /** The template's item labels, in order. */
  async templateItems() {
    return this.template().getByRole('textbox').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  }

  interval(segment: string) {
    return this.page.getByLabel(`連絡間隔（日） — ${segment}`, { exact: true });
  }

  saveInterval(segment: string) {
    return this.page.getByRole('button', { name: `保存 — ${segment}`, exact: true });
  }
}

// --- Hand-off extras: the deal's chain of hands, hand-over by hand, settings, numbers ---

/** The deal page's chain of hands and its hand-over form. */
export class DealChain {
  constructor(readonly page: Page) {}

  section(lang: 'ja' | 'en' = 'ja') {
    return this.page.getByRole('region', { name: lang === 'ja' ? '引き継ぎの経緯' : 'Chain of hands' });
  }

  /** The hand-offs in the chain, oldest first. */
  items() {
    return this.section().getByRole('list', { name: '引き継ぎの経緯' }).getByRole('listitem');
  }

  handOver() {
    return this.section().getByRole('button', { name: '引き継ぐ', exact: true });
  }

  form() {
    return this.section().getByRole('form', { name: '引き継ぐ' });
  }

  role() {
    return this.form().getByLabel('受け取る役割');
  }

  member() {
    return this.form().getByLabel('受け取るメンバー');
  }

  /** A note field, by its label without the required mark: "契約条件". */
  note(label: string) {
    return this.form().getByLabel(new RegExp(`^${label}(（必須）)?$`));
  }

  send() {
    return this.form().getByRole('button', { name: '引き継ぎを送る' });
  }
}

/** A hand-off's card in the inbox or the sent view, by its deal's id. */
export function handoffCard(page: Page, dealId: number) {
  return page.getByRole('listitem').filter({ has: page.locator(`h2 a[href="/deals/${dealId}"]`) });
}

/** The hand-off settings page (`/settings/handoffs`). */
export class HandoffSettingsPage {
  constructor(readonly page: Page) {}

  heading() {
    return this.page.getByRole('heading', { level: 1, name: '設定' });
  }

  /** A type's form, by its kind's name: "アポの引き継ぎ", "受注の引き継ぎ", "引き継ぎ". */
  type(name: string) {
    return this.page.getByRole('form', { name, exact: true });
  }

  reasons() {
    return this.page.getByRole('list', { name: '差し戻し理由' });
  }

  /** A reason's row, by its code. */
  reason(code: string) {
    return this.reasons().getByRole('listitem').filter({ has: this.page.locator('code', { hasText: new RegExp(`^${code}$`) }) });
  }

  newReason() {
    return this.page.getByRole('form', { name: '理由を追加' });
  }
}
