// Page objects for the talk-script pages: the list, the draft editor (steps, answers, the flow
// map, the problems panel, saving and conflicts) and the version pages, found by role and name.
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { PASSWORD } from './pages';

/** `/scripts`: the list and the new-script form. */
export class ScriptListPage {
  constructor(readonly page: Page) {}

  heading() {
    return this.page.getByRole('heading', { level: 1, name: 'トークスクリプト' });
  }

  navLink() {
    return this.page.getByRole('navigation', { name: 'メイン' }).getByRole('link', { name: 'トークスクリプト' });
  }

  form() {
    return this.page.getByRole('region', { name: '新しいトークスクリプト' });
  }

  name() {
    return this.form().getByLabel('名前');
  }

  pipeline() {
    return this.form().getByLabel('パイプライン');
  }

  purpose() {
    return this.form().getByLabel('目的');
  }

  create() {
    return this.form().getByRole('button', { name: '作成して編集' });
  }

  row(name: string) {
    return this.page.getByRole('row').filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }
}

/** `/scripts/:id` for an editor. */
export class ScriptEditorPage {
  constructor(readonly page: Page) {}

  heading(name: string) {
    return this.page.getByRole('heading', { level: 1, name });
  }

  /** The aria-live save status. */
  saveStatus() {
    return this.page.locator('#save-status');
  }

  async saved() {
    await expect(this.saveStatus()).toHaveText('保存済み');
  }

  publish() {
    return this.page.getByRole('button', { name: '公開する', exact: true });
  }

  addStep() {
    return this.page.getByRole('button', { name: 'ステップを追加', exact: true });
  }

  addSharedStep() {
    return this.page.getByRole('button', { name: '共通の切り返しステップを追加', exact: true });
  }

  start() {
    return this.page.getByLabel('最初のステップ');
  }

  /** A step's card, by its key. */
  step(key: string) {
    return this.page.locator('.script-steps').getByRole('listitem').filter({
      has: this.page.getByRole('heading', { level: 3, name: `ステップ「${key}」`, exact: true }),
    });
  }

  stepHeading(key: string) {
    return this.page.locator('.script-steps').getByRole('heading', { level: 3, name: `ステップ「${key}」`, exact: true });
  }

  key(step: Locator) {
    return step.getByLabel('キー', { exact: true });
  }

  text(step: Locator) {
    return step.getByLabel('話す内容');
  }

  /** Gives the step a new key (committed when the field is left). */
  async rename(step: Locator, key: string) {
    const field = this.key(step);
    await field.fill(key);
    await field.press('Tab');
    await expect(this.stepHeading(key)).toBeVisible();
  }

  answerLabel(step: Locator, n: number) {
    return step.getByLabel(`回答${n}：お客様の言葉`);
  }

  answerTarget(step: Locator, n: number) {
    return step.getByLabel(`回答${n}：行き先`);
  }

  answerReason(step: Locator, n: number) {
    return step.getByLabel(`回答${n}：理由（興味なし）`);
  }

  /** Adds an answer to `step` saying `label` and leading to `target` (a key or an outcome). */
  async answer(step: Locator, n: number, label: string, target: string) {
    await step.getByRole('button', { name: '回答を追加' }).click();
    await expect(this.answerLabel(step, n)).toBeFocused();
    await this.answerLabel(step, n).fill(label);
    await this.answerTarget(step, n).selectOption({ label: target });
  }

  problems() {
    return this.page.getByRole('region', { name: /^問題（\d+件）$/ });
  }

  map() {
    return this.page.getByRole('region', { name: 'フロー' });
  }

  /** A lane of the map, as a list named by its label. */
  lane(name: '本線（開始から）' | '共通の切り返し（どこからでも）' | '到達できないステップ') {
    return this.map().getByRole('list', { name, exact: true });
  }

  /** A node's button in the map, by the step's key. */
  node(key: string) {
    return this.map().getByRole('button', { name: new RegExp(`^${key}( ·|$)`) });
  }

  versions() {
    return this.page.getByRole('region', { name: '公開バージョン' });
  }

  conflict() {
    return this.page.getByRole('alert').filter({ hasText: 'ほかのマネージャーが先に保存しました' });
  }

  restoreOffer() {
    return this.page.getByRole('alert').filter({ hasText: '保存されていない変更があります' });
  }
}

/** Signs `email` in through the API of a fresh request context (for setting up data). */
export async function apiAs(request: APIRequestContext, email: string) {
  const r = await request.post('/api/v1/auth/login', { data: { email, password: PASSWORD } });
  expect(r.status()).toBe(200);
}

/** A valid three-step graph: an opening, a pitch and a shared objection step. */
export function soundGraph(pitch = 'ご提案です。') {
  return {
    start: 'open',
    steps: [
      {
        key: 'open',
        text: '{contact.name}様、お世話になっております。',
        answers: [
          { label: 'はい', next: 'pitch' },
          { label: '不在', outcome: 'no_answer' },
        ],
      },
      {
        key: 'pitch',
        text: pitch,
        answers: [
          { label: '会いましょう', outcome: 'appointment_set' },
          { label: '不要', outcome: 'not_interested', reason: '予算がない' },
        ],
      },
      {
        key: 'busy',
        text: '改めてお電話します。',
        shared: true,
        answers: [{ label: '後で', outcome: 'call_back' }],
      },
    ],
  };
}

/** Creates a script for the first sales pipeline with `graph` as its draft and publishes it. */
export async function publishedScript(request: APIRequestContext, name: string, graph = soundGraph()) {
  const pipelines = await (await request.get('/api/v1/pipelines')).json();
  const sales = pipelines.find((p: any) => p.kind === 'sales');
  const created = await request.post('/api/v1/scripts', {
    data: { name, pipeline_id: sales.id, purpose: 'cold_call', graph },
  });
  expect(created.status()).toBe(201);
  const s = await created.json();
  const published = await request.post(`/api/v1/scripts/${s.id}/publish`, { data: { version: s.draft_version } });
  expect(published.status()).toBe(200);
  return (await published.json()) as { id: number; draft_version: number };
}
