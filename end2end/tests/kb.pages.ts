// Page objects of the knowledge base (`/kb`, `/kb/:id`, `/kb/new`), the deal page's knowledge-base
// section and a script's numbers (`/scripts/:id/stats`): found by role and name, as a screen
// reader announces them.
import { expect, type Page } from '@playwright/test';

/** `/kb`: the search, the category filter, the list. */
export class KbPage {
  constructor(readonly page: Page) {}

  navLink() {
    return this.page.getByRole('navigation', { name: 'メイン', exact: true }).getByRole('link', { name: 'ナレッジ', exact: true });
  }

  heading() {
    return this.page.getByRole('heading', { level: 1, name: 'ナレッジ', exact: true });
  }

  search() {
    return this.page.getByRole('searchbox', { name: '記事を検索' });
  }

  category() {
    return this.page.getByLabel('分類', { exact: true });
  }

  list() {
    return this.page.getByRole('list', { name: '記事の一覧' });
  }

  /** An article's link in the list, by its title. */
  article(title: string) {
    return this.list().getByRole('link', { name: title, exact: true });
  }

  count() {
    return this.page.locator('.kb-count');
  }

  newArticle() {
    return this.page.getByRole('link', { name: '新しい記事', exact: true });
  }
}

/** `/kb/:id` and `/kb/new`: the article and its form. */
export class ArticlePage {
  constructor(readonly page: Page) {}

  heading(title: string) {
    return this.page.getByRole('heading', { level: 1, name: title, exact: true });
  }

  article() {
    return this.page.getByRole('article');
  }

  about() {
    return this.page.getByLabel('記事の情報');
  }

  edit() {
    return this.page.getByRole('button', { name: '記事を編集', exact: true });
  }

  categoryField() {
    return this.page.getByLabel('分類', { exact: true });
  }

  titleField() {
    return this.page.getByLabel('タイトル', { exact: true });
  }

  bodyField() {
    return this.page.getByLabel('本文', { exact: true });
  }

  tagsField() {
    return this.page.getByLabel('タグ', { exact: true });
  }

  create() {
    return this.page.getByRole('button', { name: '記事を作成', exact: true });
  }

  save() {
    return this.page.getByRole('button', { name: '保存', exact: true });
  }

  conflict() {
    return this.page.getByRole('region', { name: '他のメンバーがこの記事を変更しました' });
  }

  status(text: string) {
    return this.page.getByRole('status').filter({ hasText: text });
  }
}

/** The deal page's knowledge-base section. */
export class DealKb {
  constructor(readonly page: Page) {}

  section() {
    return this.page.getByRole('region', { name: 'ナレッジ', exact: true });
  }

  linked() {
    return this.section().getByRole('list', { name: '紐付けた記事' });
  }

  find() {
    return this.section().getByRole('searchbox', { name: '記事を探して紐付ける' });
  }

  link(title: string) {
    return this.section().getByRole('button', { name: `紐付ける：${title}`, exact: true });
  }

  unlink(title: string) {
    return this.section().getByRole('button', { name: `紐付けを外す：${title}`, exact: true });
  }
}

/** `/scripts/:id/stats`. */
export class StatsPage {
  constructor(readonly page: Page) {}

  async goto(script: number, query = '') {
    await this.page.goto(`/scripts/${script}/stats${query}`);
  }

  heading(name: string) {
    return this.page.getByRole('heading', { level: 1, name: `数値：${name}`, exact: true });
  }

  version() {
    return this.page.getByLabel('版', { exact: true });
  }

  compare() {
    return this.page.getByLabel('比較する版', { exact: true });
  }

  worst() {
    return this.page.getByRole('region', { name: '最も通話を失っている切り返し' });
  }

  caveat() {
    return this.page.getByRole('note');
  }

  /** A figure of the overview, by its label. */
  figure(label: string) {
    return this.page.locator('.kb-figure').filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  }

  /** The per-step table (one version) or the side-by-side one. */
  steps(compared = false) {
    return this.page.getByRole('table', { name: compared ? 'ステップごとの比較' : /^ステップごとの数値/ });
  }

  /** A step's row, by its key. */
  step(key: string, compared = false) {
    return this.steps(compared).getByRole('row').filter({ has: this.page.getByRole('rowheader').filter({ has: this.page.locator('code', { hasText: new RegExp(`^${key}$`) }) }) });
  }

  /** The value of a step's column, by the column's header. */
  async cell(key: string, column: string, compared = false) {
    const headers = await this.steps(compared).locator('thead tr').last().locator('th').allInnerTexts();
    const index = headers.findIndex((h) => h.trim() === column);
    expect(index, `column ${column} in ${headers.join(' | ')}`).toBeGreaterThanOrEqual(0);
    return this.step(key, compared).locator('th, td').nth(index);
  }
}

/** A rate as shown: "25%（3/12）". */
export const RATE = /^(\d+%|<1%|—)（\d+\/\d+）$/;
