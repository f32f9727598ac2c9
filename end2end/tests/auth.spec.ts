import { expect, test } from '@playwright/test';
import { DealsPage, SignInPage, signInAs } from './pages';

test('a wrong password is refused with a clear message and nothing else', async ({ page }) => {
  const signIn = new SignInPage(page);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  await signIn.signIn('closer1@example.com', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('メールアドレスまたはパスワードが正しくありません。');
  await expect(page).toHaveURL(/\/login$/);
  // An unknown address gets exactly the same answer.
  await signIn.signIn('nobody@example.com', 'baton-demo');
  await expect(page.getByRole('alert')).toHaveText('メールアドレスまたはパスワードが正しくありません。');
});

test('the form says what to fix before sending', async ({ page }) => {
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.email().fill('manager');
  await signIn.submit().click();
  await expect(signIn.email()).toHaveAccessibleDescription(/メールアドレス/);
  await expect(signIn.password()).toHaveAccessibleDescription(/.+/);
});

test('the manager signs in, the session survives a reload, and signing out ends it', async ({ page }) => {
  const deals = await signInAs(page, 'manager@example.com');
  await expect(page).toHaveURL(/\/deals/);
  // The shell shows who is signed in and their roles.
  const header = page.getByRole('banner');
  await expect(header).toContainText('田中 誠');
  await expect(header).toContainText('セールスマネージャー');
  await expect(page.getByRole('navigation', { name: 'メイン' }).getByRole('link', { name: '案件' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await page.reload();
  await expect(deals.heading()).toBeVisible();
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  await page.goto('/deals');
  await expect(page).toHaveURL(/\/login$/);
  await expect(new DealsPage(page).heading()).toHaveCount(0);
});

test('a session that ends elsewhere sends the member back to sign in', async ({ page }) => {
  const deals = await signInAs(page, 'appointer1@example.com');
  await deals.loaded();
  // Sign out through the API (as another tab would), then use the app.
  await page.request.post('/api/v1/auth/logout');
  await page.getByLabel('担当者').selectOption({ index: 1 });
  await expect(page.getByRole('alert')).toContainText('セッションの有効期限が切れました');
  await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
});
