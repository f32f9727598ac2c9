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

export async function signInAs(page: Page, email: string) {
  const signIn = new SignInPage(page);
  await signIn.goto();
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
