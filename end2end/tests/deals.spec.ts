import { expect, test } from '@playwright/test';
import { apiDeals, signInAs, yen } from './pages';

test('the deals of the pipeline, grouped by stage with counts and totals from the database', async ({ page }) => {
  const deals = await signInAs(page, 'manager@example.com');
  await deals.loaded();
  const pipelines = await (await page.request.get('/api/v1/pipelines')).json();
  const sales = pipelines[0];
  // The board stories move deals of this pipeline at the same time: the page and the database
  // are compared at a moment when nothing moved between the two reads.
  await expect(async () => {
    await page.reload();
    await deals.loaded();
    const now = await apiDeals(page, `pipeline_id=${sales.id}`);
    expect(now.deals.length).toBeGreaterThan(150);
    for (const stage of sales.stages) {
      const section = deals.stage(stage.name);
      await expect(section).toBeVisible({ timeout: 2_000 });
      const total = now.totals.find((t: any) => t.stage_id === stage.id);
      if (total) {
        await expect(section).toContainText(`${total.count}件`, { timeout: 500 });
        await expect(section).toContainText(yen(total.amount.amount), { timeout: 500 });
        await expect(section.getByRole('row')).toHaveCount(total.count + 1, { timeout: 500 }); // + the header row
      } else {
        await expect(section).toContainText('案件はありません', { timeout: 500 });
      }
    }
    // A real deal from the database, with its account and amount.
    const first = now.deals[0];
    const row = deals.stage(sales.stages[0].name).getByRole('row').nth(1);
    await expect(row).toContainText(first.title, { timeout: 500 });
    await expect(row).toContainText(first.account.name, { timeout: 500 });
    await expect(row).toContainText(yen(first.amount.amount), { timeout: 500 });
  }).toPass({ timeout: 30_000 });
});

test('filtering by owner keeps only their deals and lives in the URL', async ({ page }) => {
  const deals = await signInAs(page, 'manager@example.com');
  await deals.loaded();
  await deals.owner().selectOption({ label: '伊藤 大輔' });
  await expect(page).toHaveURL(/owner=\d+/);
  const ownerId = new URL(page.url()).searchParams.get('owner');
  const { deals: mine, totals } = await apiDeals(page, `pipeline_id=1&owner_id=${ownerId}`);
  expect(mine.length).toBeGreaterThan(0);
  const shown = page.locator('tbody tr');
  await expect(shown).toHaveCount(mine.length);
  for (const text of await shown.allInnerTexts()) {
    expect(text).toContain('伊藤 大輔');
  }
  const stageWithDeals = totals[0];
  const pipelines = await (await page.request.get('/api/v1/pipelines')).json();
  const stageName = pipelines[0].stages.find((s: any) => s.id === stageWithDeals.stage_id).name;
  await expect(deals.stage(stageName)).toContainText(`${stageWithDeals.count}件`);
  // The filter survives a reload and can be shared as a link.
  await page.reload();
  await expect(deals.owner()).toHaveValue(ownerId!);
  await expect(shown).toHaveCount(mine.length);
  await deals.owner().selectOption({ label: '全員' });
  await expect(page).not.toHaveURL(/owner=/);
});

test('switching to the customer-success pipeline', async ({ page }) => {
  const deals = await signInAs(page, 'success1@example.com');
  await deals.loaded();
  await deals.pipeline().selectOption({ label: 'カスタマーサクセス' });
  await expect(deals.stage('オンボーディング')).toBeVisible();
  await expect(deals.stage('定着')).toBeVisible();
  await expect(deals.stage('新規リード')).toHaveCount(0);
  await expect(page).toHaveURL(/pipeline=2/);
});

test('everything is reachable by keyboard', async ({ page }) => {
  await page.goto('/deals');
  await page.getByLabel('メールアドレス').focus();
  await page.keyboard.type('closer1@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('baton-demo');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: '案件' })).toBeVisible();
  const owner = page.getByLabel('担当者');
  await owner.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page).toHaveURL(/owner=\d+/);
});
