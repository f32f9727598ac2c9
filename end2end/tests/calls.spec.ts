import { expect, test, type Browser, type Page } from '@playwright/test';
import { CallQueuePage, CallScreen, newLeads } from './calls.pages';
import { DealChain, DealPage, handoffCard, signInAs } from './pages';

// Call mode: an appointer (高橋 愛, on deals of their own that this spec creates) opens the
// queue, starts a call and runs the demo script by keyboard alone (answers, an objection, the
// knowledge-base article, back, notes) to an appointment, which moves the deal to the closers
// and opens the hand-off; a reload mid-call resumes where the server has it, a lost connection
// loses no answer; an answer the server refuses brings the screen back to the server's call.

test.use({ viewport: { width: 1440, height: 900 } });

const APPOINTER = 'appointer3@example.com';
const APPOINTER_NAME = '高橋 愛';

/** Screenshots for a person to look at, when asked for (`BATON_SHOTS=1`). */
async function shot(page: Page, name: string) {
  if (process.env.BATON_SHOTS) await page.screenshot({ path: `/tmp/${name}.png`, fullPage: true });
}

async function asMember(browser: Browser, email: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInAs(page, email);
  return page;
}

function unique(title: string) {
  return `${title} ${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

async function callId(page: Page) {
  await expect(page).toHaveURL(/\/calls\/\d+$/);
  return Number(new URL(page.url()).pathname.split('/').pop());
}

async function serverCall(page: Page, id: number) {
  return (await page.request.get(`/api/v1/calls/${id}`)).json();
}

test('an appointer runs the demo script by keyboard alone and sets an appointment', async ({ browser, baseURL }) => {
  const title = unique('勤怠管理 架電');
  const [deal] = await newLeads(browser, baseURL!, APPOINTER_NAME, [title, unique('次の架電')]);
  const page = await asMember(browser, APPOINTER);
  const queue = new CallQueuePage(page);
  await queue.navLink().focus();
  await page.keyboard.press('Enter');
  await expect(queue.heading()).toBeVisible();
  const row = queue.row(title);
  await expect(row).toContainText(deal.account.name);
  await expect(row).toContainText('未架電');
  await expect(row).toContainText('新規開拓 架電スクリプト（v1）');
  await expect(row).toContainText(' 様');
  await shot(page, 'call-queue');
  await queue.start(title).focus();
  await page.keyboard.press('Enter');

  const id = await callId(page);
  const call = new CallScreen(page);
  const context = await (await page.request.get(`/api/v1/calls/${id}/context`)).json();
  const contact = context.contact.name;
  // The variables filled in: the member's company and name, the contact, the account.
  await expect(call.stepText()).toHaveText(
    `お世話になっております。バトン株式会社の${APPOINTER_NAME}と申します。${contact}様はいらっしゃいますか？`,
  );
  await expect(call.answer('本人につながった')).toHaveAttribute('aria-keyshortcuts', '1');
  await shot(page, 'call-opening');

  await page.keyboard.press('1');
  await expect(call.stepText()).toContainText(`${deal.account.name}様の勤怠・経費の集計`);
  // An objection, reachable from any step, looked at without recording anything.
  await expect(call.objection('今忙しい')).toHaveAttribute('aria-keyshortcuts', 'A');
  await page.keyboard.press('a');
  await expect(call.step()).toHaveAccessibleName('切り返し：今忙しい');
  await expect(call.stepText()).toContainText('お忙しいところ失礼しました');
  await expect(call.step()).toContainText('答えを選ぶまで記録されません');
  // Its knowledge-base article, one key away; Escape closes it.
  await page.keyboard.press('k');
  const article = call.article('忙しいと言われたら');
  await expect(article).toContainText('二択で聞くと決まりやすい');
  await shot(page, 'call-objection-article');
  await page.keyboard.press('Escape');
  await expect(article).toHaveCount(0);
  // Its second answer leads on to the hearing.
  await page.keyboard.press('2');
  await expect(call.stepText()).toContainText('現在、月末の集計は');
  await expect(call.pathItems()).toHaveCount(2);
  await expect(call.pathItems().last()).toHaveAccessibleName('2. 今忙しい → 話を聞く');
  // Back undoes it.
  await page.keyboard.press('b');
  await expect(call.stepText()).toContainText('1分だけよろしいでしょうか');
  await expect(call.pathItems()).toHaveCount(1);
  await page.keyboard.press('1');
  await expect(call.stepText()).toContainText('現在、月末の集計は');
  // Notes: typing (digits too) answers nothing; Escape leaves the field.
  await page.keyboard.press('n');
  await expect(call.notes()).toBeFocused();
  await page.keyboard.type('月末の集計に3日かかっている');
  await expect(call.stepText()).toContainText('現在、月末の集計は');
  await page.keyboard.press('Escape');
  await expect(call.notes()).not.toBeFocused();
  await page.keyboard.press('1');
  await expect(call.stepText()).toContainText('30分ほどオンラインでご紹介');
  await expect(call.pathItems().last()).toContainText('月末の集計に3日かかっている');
  await expect(call.notes()).toHaveValue('');
  await shot(page, 'call-appointment-step');

  // The appointment: its meeting time and its closer, then finish.
  await page.keyboard.press('1');
  await expect(call.finish()).toHaveAccessibleName('通話の終了：アポ獲得');
  await expect(call.meeting()).toBeFocused();
  await expect(call.closer()).not.toHaveValue('');
  // A time already past is refused beside its field, and nothing is sent.
  await call.meeting().fill('2020-01-15T10:00');
  await page.keyboard.press('Enter');
  await expect(call.finish().getByText('これから先の日時を入力してください。')).toBeVisible();
  await expect(call.meeting()).toHaveAttribute('aria-invalid', 'true');
  expect((await serverCall(page, id)).finished_at).toBeNull();
  await call.meeting().fill('2030-01-15T10:00');
  await call.closer().focus();
  await call.closer().selectOption({ label: '渡辺 由美' });
  await shot(page, 'call-finish');
  await call.finish().getByRole('button', { name: 'アポを登録して終了' }).press('Enter');
  const summary = call.summary();
  await expect(summary).toHaveAccessibleName('通話を記録しました：アポ獲得');
  await expect(summary).toContainText('2030/01/15 10:00');
  await expect(summary).toContainText('渡辺 由美');
  await expect(summary).toContainText('4. appointment → 日程が決まった');
  await expect(summary).toContainText('月末の集計に3日かかっている');
  await expect(summary.getByRole('button', { name: /^次の架電：/ })).toBeVisible();
  await shot(page, 'call-summary');
  const recorded = await serverCall(page, id);
  expect(recorded.outcome).toBe('appointment_set');
  expect(recorded.path.map((p: any) => p.step_key)).toEqual(['opening', 'purpose', 'hearing', 'appointment']);

  // What the team sees: the deal is with the closers, its hand-off waiting for 渡辺 由美.
  await page.goto(`/deals/${deal.id}`);
  const dealPage = new DealPage(page);
  await expect(dealPage.heading(title)).toBeVisible();
  await expect(dealPage.facts()).toContainText('商談');
  await expect(dealPage.facts()).toContainText('渡辺 由美');
  const chain = new DealChain(page);
  await expect(chain.items().last()).toContainText('渡辺 由美');
  await expect(dealPage.activities()).toContainText('appointment by 高橋 愛');
  // With the closers now, it is no longer the appointer's to call.
  await expect(page.getByRole('button', { name: '架電を開始', exact: true })).toHaveCount(0);
  await shot(page, 'call-deal-after');
  const closer = await asMember(browser, 'closer2@example.com');
  await closer.goto('/handoffs');
  await expect(handoffCard(closer, deal.id)).toContainText(`${APPOINTER_NAME}（アポインター）`);
});

test('a reload mid-call resumes where the server has it; a lost connection loses no answer', async ({ browser, baseURL }) => {
  const title = unique('経費精算 再開');
  const [deal] = await newLeads(browser, baseURL!, APPOINTER_NAME, [title]);
  const page = await asMember(browser, APPOINTER);
  // From the deal page.
  await page.goto(`/deals/${deal.id}`);
  await page.getByRole('button', { name: '架電を開始', exact: true }).press('Enter');
  const id = await callId(page);
  const call = new CallScreen(page);
  await expect(call.stepText()).toContainText('お世話になっております');
  await page.keyboard.press('1');
  await page.keyboard.press('n');
  await page.keyboard.type('キーマンは部長');
  await page.keyboard.press('Escape');
  await page.keyboard.press('4');
  await expect(call.stepText()).toContainText('他社様をお使いの企業様にも');
  await expect.poll(async () => (await serverCall(page, id)).seq).toBe(2);
  // A note typed but not yet sent is kept on this device.
  await page.keyboard.press('n');
  await page.keyboard.type('更新は来年4月');
  await page.reload();
  await expect(call.stepText()).toContainText('他社様をお使いの企業様にも');
  await expect(call.step()).toHaveAccessibleName('切り返し：他社で間に合っている');
  await expect(call.pathItems()).toHaveCount(2);
  await expect(call.pathItems().last()).toContainText('キーマンは部長');
  await expect(call.notes()).toHaveValue('更新は来年4月');

  // Offline: the next step shows at once; the answer waits, and survives a reload.
  await page.route('**/api/v1/calls/*/answers', (route) => route.abort('internetdisconnected'));
  await page.keyboard.press('1');
  await expect(call.stepText()).toContainText('30分ほどオンラインでご紹介');
  await expect(page.getByRole('status').filter({ hasText: '未保存の回答 1件' })).toBeVisible();
  await shot(page, 'call-offline');
  await page.reload();
  await expect(call.stepText()).toContainText('30分ほどオンラインでご紹介');
  await expect(page.getByRole('status').filter({ hasText: '未保存の回答 1件' })).toBeVisible();
  expect((await serverCall(page, id)).seq).toBe(2);
  await page.unroute('**/api/v1/calls/*/answers');
  await expect.poll(async () => (await serverCall(page, id)).step, { timeout: 15_000 }).toBe('appointment');
  await expect(page.getByRole('status').filter({ hasText: '未保存の回答' })).toHaveCount(0);
  const saved = await serverCall(page, id);
  expect(saved.path.map((p: any) => p.label)).toEqual(['本人につながった', '他社で間に合っている', '比較に関心あり']);
  expect(saved.path[2].notes).toBe('更新は来年4月');

  // Ending the call another way: a call back, with its time.
  await call.endWith('再架電').press('Enter');
  await expect(call.finish()).toHaveAccessibleName('通話の終了：再架電');
  const when = call.finish().getByLabel(/^次回の架電日時/);
  await expect(when).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(call.finish().getByText('次に電話する日時を入力してください。')).toBeVisible();
  await when.fill('2030-02-01T15:30');
  await call.finish().getByRole('button', { name: '再架電を予約して終了' }).press('Enter');
  await expect(call.summary()).toHaveAccessibleName('通話を記録しました：再架電');
  await expect(call.summary()).toContainText('2030/02/01 15:30');
  // Reloading a finished call shows its record.
  await page.reload();
  await expect(call.summary()).toHaveAccessibleName('通話を記録しました：再架電');
});

test('an answer the server refuses brings the screen back to the server’s call, saying why', async ({ browser, baseURL }) => {
  const [deal] = await newLeads(browser, baseURL!, APPOINTER_NAME, [unique('電子契約 競合')]);
  const page = await asMember(browser, APPOINTER);
  const started = await page.request.post('/api/v1/calls', { data: { deal_id: deal.id, script_id: 1 } });
  expect(started.status()).toBe(201);
  const { id } = await started.json();
  await page.goto(`/calls/${id}`);
  const call = new CallScreen(page);
  await expect(call.stepText()).toContainText('お世話になっております');
  // Another device records the first click differently.
  const other = await page.request.post(`/api/v1/calls/${id}/answers`, {
    data: { step_key: 'opening', answer_index: 0, seq: 1 },
  });
  expect(other.status()).toBe(200);
  await page.keyboard.press('2');
  await expect(call.alert('別の画面（タブや端末）で先に進められた')).toBeVisible();
  await expect(call.stepText()).toContainText('1分だけよろしいでしょうか');
  await expect(call.pathItems()).toHaveCount(1);
  await expect(call.pathItems().first()).toContainText('本人につながった');
  await shot(page, 'call-refused');
  // And the call goes on from there.
  await page.keyboard.press('1');
  await expect(call.stepText()).toContainText('現在、月末の集計は');
  await expect.poll(async () => (await serverCall(page, id)).step).toBe('hearing');
});
