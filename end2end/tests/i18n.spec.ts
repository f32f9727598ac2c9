import { expect, test } from '@playwright/test';
import { SignInPage, signInAs } from './pages';

test.describe('an English-speaking browser', () => {
  test.use({ locale: 'en-US' });

  test('gets English first, and can switch to Japanese', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const group = page.getByRole('group', { name: 'Language' });
    await expect(group.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
    await group.getByRole('button', { name: '日本語' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  });

  test('signs in in English and sees the wrong-password message in English', async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn('manager@example.com', 'wrong', 'en');
    await expect(page.getByRole('alert')).toHaveText('The email or password is incorrect.');
  });
});

test('a member switches to English and it stays with them', async ({ page, browser }) => {
  // A member no other browser test signs in as: the choice is theirs on every device.
  await signInAs(page, 'admin@example.com');
  await page.getByRole('group', { name: '言語' }).getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Deals' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deals' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expect(page.getByLabel('Owner')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Deals' })).toBeVisible();

  // Another browser (a Japanese one, no local choice) signs in as the same member: English.
  const other = await browser.newContext({ locale: 'ja-JP' });
  const p2 = await other.newPage();
  const signIn = new SignInPage(p2);
  await signIn.goto();
  await expect(p2.getByRole('heading', { level: 1, name: 'ログイン' })).toBeVisible();
  await signIn.signIn('admin@example.com');
  await expect(p2.getByRole('heading', { level: 1, name: 'Board' })).toBeVisible();
  await other.close();
});
