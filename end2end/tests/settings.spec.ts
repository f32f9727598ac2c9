import { expect, test } from '@playwright/test';
import { signInToBoard } from './pages';

// Works on the customer-success pipeline, which the other tests leave alone.

test('the manager adds a stage, sets it up, reorders it and removes it', async ({ page }) => {
  await signInToBoard(page, 'manager@example.com');
  await page.getByRole('navigation', { name: 'メイン' }).getByRole('link', { name: '設定' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '設定' })).toBeVisible();
  const cs = page.getByRole('region', { name: 'カスタマーサクセス' });
  await expect(cs).toBeVisible();
  const add = cs.getByRole('form', { name: 'ステージを追加' });
  // A bad probability is explained and nothing is added.
  await add.getByLabel('新しいステージ名').fill('活用支援');
  await add.getByLabel('確度（%）').fill('150');
  await add.getByRole('button', { name: 'ステージを追加' }).click();
  await expect(cs.getByRole('alert')).toContainText('0〜100');
  await add.getByLabel('確度（%）').fill('85');
  await add.getByLabel('担当する役割').selectOption({ label: 'カスタマーサクセス' });
  await add.getByLabel('停滞日数').fill('21');
  await add.getByRole('button', { name: 'ステージを追加' }).click();
  await expect(cs.getByRole('status')).toContainText('ステージを追加しました');
  const rows = cs.locator('tbody tr');
  const last = rows.last();
  await expect(last.getByLabel('ステージ名 — 活用支援')).toHaveValue('活用支援');
  await expect(last.getByLabel('確度（%） — 活用支援')).toHaveValue('85');
  // Change its stall limit.
  await last.getByLabel('停滞日数 — 活用支援').fill('30');
  await last.getByRole('button', { name: '保存 — 活用支援' }).click();
  await expect(cs.getByRole('status')).toContainText('保存しました');
  // Move it up one place.
  const count = await rows.count();
  await cs.getByRole('button', { name: '上へ — 活用支援' }).click();
  await expect(rows.nth(count - 2).getByLabel('ステージ名 — 活用支援')).toHaveValue('活用支援');
  const pipelines = await (await page.request.get('/api/v1/pipelines')).json();
  const stage = pipelines[1].stages.find((s: any) => s.name === '活用支援');
  expect(stage.stall_days).toBe(30);
  expect(stage.position).toBe(count - 2);
  // Remove it (it has no deals).
  page.once('dialog', (d) => d.accept());
  await cs.getByRole('button', { name: '削除 — 活用支援' }).click();
  await expect(cs.getByRole('status')).toContainText('ステージを削除しました');
  await expect(cs.getByLabel('ステージ名 — 活用支援')).toHaveCount(0);
});

test('a stage with deals is not removed, and the page says why', async ({ page }) => {
  await signInToBoard(page, 'manager@example.com');
  await page.goto('/settings/pipelines');
  const cs = page.getByRole('region', { name: 'カスタマーサクセス' });
  page.once('dialog', (d) => d.accept());
  await cs.getByRole('button', { name: '削除 — 定着' }).click();
  await expect(cs.getByRole('alert')).toContainText('先に案件を別のステージへ移動');
  await expect(cs.getByLabel('ステージ名 — 定着')).toHaveValue('定着');
});

test('settings are for managers: a closer has no link and the page says so', async ({ page }) => {
  await signInToBoard(page, 'closer1@example.com');
  await expect(page.getByRole('navigation', { name: 'メイン' }).getByRole('link', { name: '設定' })).toHaveCount(0);
  await page.goto('/settings/pipelines');
  await expect(page.getByRole('alert')).toContainText('マネージャーのみ');
});
