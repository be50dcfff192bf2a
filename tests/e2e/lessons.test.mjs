// Guided lessons (issue 10): each bundled lesson opens from the Lessons menu as a link, and
// every step does what its text says — the numbers it talks about are checked after training
// (the same claims are checked natively in tests/lessons.rs). A lesson built in the Share
// panel travels in one link to a fresh browser, with its highlighted, hidden and locked
// controls per step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, openApp, waitStatus, runLog, shot, metrics } from './lib.mjs';
import { withTwo, openSharePanel } from './share_lib.mjs';
import { goStep, openLesson, outline, trainToDone } from './teach_lib.mjs';

const HIGHLIGHT = 'rgb(179, 18, 91)';

async function highlighted(page, testid) {
  const o = await outline(page, testid);
  return o.style === 'solid' && o.width >= 3 && o.color === HIGHLIGHT;
}

async function hiddenLayers(page) {
  return page.getByTestId('layers').locator('li').count();
}

test('lesson: how a neuron draws a line', async () => {
  await withApp(async ({ page, problems }) => {
    await openLesson(page, 'neuron_line');
    assert.match(await page.getByTestId('lesson-step-title').textContent(), /One neuron, two inputs/);
    assert.equal(await page.getByTestId('dataset-select').inputValue(), 'two_gaussians');
    assert.equal(await hiddenLayers(page), 0);
    assert.ok(await highlighted(page, 'train'), 'step 1 outlines ▶');
    assert.equal(await page.getByTestId('lesson-back').getAttribute('aria-disabled'), 'true');
    // The answer is folded until asked for.
    assert.ok(await page.getByTestId('lesson-answer').locator('p').isHidden());
    await page.getByTestId('lesson-answer').locator('summary').click();
    assert.match(await page.getByTestId('lesson-answer').locator('p').textContent(), /straight line/);
    const blobs = await trainToDone(page);
    assert.ok(blobs.test_accuracy >= 0.95, `a line separates the two clouds: ${blobs.test_accuracy}`);
    await shot(page, 'lesson-neuron-1');

    await goStep(page, 2);
    await waitStatus(page, 'paused');
    assert.equal(await page.getByTestId('dataset-select').inputValue(), 'xor');
    assert.ok(await page.getByTestId('lesson-answer').locator('p').isHidden(), 'a new step folds its answer');
    assert.ok(await highlighted(page, 'metric-chart'));
    assert.ok(!(await highlighted(page, 'boundary-chart')), 'the last step\'s outline is gone');
    const line = await trainToDone(page);
    assert.ok(line.test_accuracy < 0.6, `one line cannot solve xor: ${line.test_accuracy}`);

    await goStep(page, 3);
    await waitStatus(page, 'paused');
    assert.equal(await hiddenLayers(page), 1);
    assert.ok(await highlighted(page, 'add-layer'));
    const bent = await trainToDone(page);
    assert.ok(bent.test_accuracy > 0.9, `a hidden layer solves xor: ${bent.test_accuracy}`);
    await shot(page, 'lesson-neuron-3');

    // The last step keeps the trained network on screen; Next is disabled at the end.
    await goStep(page, 4);
    assert.match(await page.getByTestId('status').textContent(), /done/);
    assert.equal((await metrics(page)).test_accuracy, bent.test_accuracy);
    assert.equal(await page.getByTestId('lesson-next').getAttribute('aria-disabled'), 'true');
    await page.getByTestId('lesson-next').focus();
    await page.keyboard.press('Enter'); // still focusable at the end (aria-disabled), and inert
    assert.match(await page.getByTestId('lesson-progress').textContent(), /^Step 4 of 4/);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'lesson-next');
    // Back to step 3: the same experiment, so the trained run stays.
    await goStep(page, 3, 'lesson-back');
    assert.match(await page.getByTestId('status').textContent(), /done/);
    console.log(`neuron lesson: blobs ${blobs.test_accuracy}, xor without hidden layer ${line.test_accuracy}, with ${bent.test_accuracy}`);
    // The lesson stays in the address: a reload opens it again at step 1.
    assert.match(page.url(), /#x=v1\./);
    await page.reload();
    await page.getByTestId('lesson-progress').waitFor();
    assert.match(await page.getByTestId('lesson-progress').textContent(), /^Step 1 of 4/);
    await page.getByTestId('lesson-close').click();
    assert.equal(await page.getByTestId('lesson').count(), 0);
    assert.deepEqual(problems, []);
  });
});

test('lesson: overfitting and regularisation', async () => {
  await withApp(async ({ page, problems }) => {
    await openLesson(page, 'overfitting');
    await trainToDone(page);
    const log = await runLog(page);
    const lowest = log.reduce((a, m) => (m.test_loss < a.test_loss ? m : a));
    const end = log[log.length - 1];
    assert.equal(log.length, 300);
    assert.ok(lowest.epoch < 30 && end.test_loss > 2 * lowest.test_loss,
      `the test loss is lowest early (epoch ${lowest.epoch}: ${lowest.test_loss}) and climbs (${end.test_loss})`);
    assert.ok(end.train_accuracy === 1 && end.train_loss < 0.1, `training fits every point: ${JSON.stringify(end)}`);
    await shot(page, 'lesson-overfitting-1');

    await goStep(page, 2);
    await waitStatus(page, 'paused');
    assert.equal(await page.getByTestId('l2').inputValue(), '0.03');
    assert.ok(await highlighted(page, 'l2'));
    const l2 = (await trainToDone(page)).test_loss;
    assert.ok(l2 < 0.5 * end.test_loss, `L2 halves the final test loss: ${l2} vs ${end.test_loss}`);

    await goStep(page, 3);
    await waitStatus(page, 'paused');
    assert.equal(await page.getByTestId('dropout').inputValue(), '0.3');
    const dropout = (await trainToDone(page)).test_loss;
    assert.ok(dropout < 0.6 * end.test_loss, `dropout lowers it too: ${dropout}`);

    await goStep(page, 4);
    await waitStatus(page, 'paused');
    await page.getByTestId('train').click();
    await waitStatus(page, 'done');
    const status = await page.getByTestId('status').textContent();
    const kept = Number(status.match(/keeping epoch (\d+)/)?.[1]);
    assert.ok(kept > 0 && kept < 20, `early stopping keeps an early epoch: ${status}`);
    assert.ok(Number(await page.getByTestId('epoch').textContent()) < 60);
    await shot(page, 'lesson-overfitting-4');
    console.log(`overfitting lesson: lowest test loss ${lowest.test_loss.toFixed(3)} at epoch ${lowest.epoch}, final ${end.test_loss.toFixed(3)}; L2 ${l2}; dropout ${dropout}; ${status}`);
    assert.deepEqual(problems, []);
  });
});

test('lesson: preparing a messy real table', async () => {
  await withApp(async ({ page, problems }) => {
    await openLesson(page, 'messy_table');
    await page.getByTestId('data-summary').waitFor();
    assert.match(await page.getByTestId('data-summary').textContent(), /300 rows × 9 columns/);
    assert.ok(await highlighted(page, 'data-view'));
    const summaries = await page.getByTestId('column-summaries').textContent();
    assert.match(summaries, /identifier/);
    assert.match(summaries, /constant/);

    await goStep(page, 2);
    assert.ok(await highlighted(page, 'feature-picker'));
    const picker = await page.getByTestId('feature-picker').textContent();
    assert.match(picker, /listing[\s\S]*identifier/);
    assert.match(picker, /currency[\s\S]*single value/);

    await goStep(page, 3);
    await page.getByTestId('numeric-missing').selectOption('drop_rows');
    await waitStatus(page, 'paused');
    assert.match(await page.getByTestId('data-notices').textContent(), /63 rows with missing feature values were dropped/);
    await page.getByTestId('numeric-missing').selectOption('mean');
    await waitStatus(page, 'paused');

    await goStep(page, 4);
    assert.match(await page.getByTestId('preparation-steps').textContent(), /district: one-hot over 4 categories/);

    await goStep(page, 5);
    await waitStatus(page, 'paused');
    assert.equal(await page.getByTestId('scaling').inputValue(), 'none');
    const raw = await trainToDone(page);
    assert.ok(raw.test_r2 < 0.3, `without scaling the model is poor: R² ${raw.test_r2}`);

    await goStep(page, 6);
    await waitStatus(page, 'paused');
    assert.equal(await page.getByTestId('scaling').inputValue(), 'standardize');
    const z = await trainToDone(page);
    assert.ok(z.test_r2 > 0.85, `standardised: R² ${z.test_r2}`);

    await goStep(page, 7);
    assert.ok(await highlighted(page, 'evaluation'));
    const evaluation = await page.getByTestId('evaluation').textContent();
    const rmse = evaluation.match(/RMSE(\d+\.\d{4})(\d+\.\d{4})/);
    assert.ok(rmse && Number(rmse[1]) < 0.5 * Number(rmse[2]), `the model's RMSE is far below the baseline's: ${rmse}`);
    await shot(page, 'lesson-messy-7');
    console.log(`messy table lesson: R² without scaling ${raw.test_r2}, standardised ${z.test_r2}; RMSE ${rmse?.[1]} vs baseline ${rmse?.[2]}`);
    assert.deepEqual(problems, []);
  });
});

test('a lesson built in the page travels in one link', async () => {
  await withTwo(async ({ a, b, url }) => {
    const page = a.page;
    await openApp(page, url);
    await openSharePanel(page);
    await page.getByTestId('lesson-builder').locator('> summary').click();
    await page.getByTestId('lesson-title-input').fill('XOR in two steps');
    // Step 1: xor without a hidden layer; ▶ highlighted, the dataset locked.
    await page.getByTestId('dataset-select').selectOption('xor');
    await waitStatus(page, 'paused');
    await page.getByTestId('remove-layer').click();
    await page.getByTestId('remove-layer').click();
    await waitStatus(page, 'paused');
    await page.getByTestId('step-title-input').fill('One neuron');
    await page.getByTestId('step-text-input').fill('Press ▶. <b>Stays near 50%.</b>');
    await page.getByTestId('step-question-input').fill('Why?');
    await page.getByTestId('step-answer-input').fill('One line cannot split xor.');
    await page.getByTestId('step-picker').locator('summary').click();
    await page.getByTestId('step-highlight-train').check();
    await page.getByTestId('step-lock-dataset-select').check();
    await page.getByTestId('lesson-add-step').click();
    assert.equal(await page.getByTestId('step-text-input').inputValue(), '', 'the form is cleared for the next step');
    // Step 2: one hidden layer; the optimizer hidden.
    await page.getByTestId('add-layer').click();
    await waitStatus(page, 'paused');
    await page.getByTestId('step-text-input').fill('Now with a hidden layer.');
    await page.getByTestId('step-hide-optimizer').check();
    await page.getByTestId('lesson-add-step').click();
    // A third step, then deleted; and an empty text is refused.
    await page.getByTestId('step-text-input').fill('To be deleted.');
    await page.getByTestId('lesson-add-step').click();
    await page.getByTestId('lesson-add-step').click();
    assert.match(await page.getByTestId('error').textContent(), /may not be empty/);
    assert.equal(await page.getByTestId('lesson-steps').locator('li').count(), 3);
    await page.getByTestId('lesson-delete-3').click();
    const listed = await page.getByTestId('lesson-steps').textContent();
    assert.match(listed, /One neuron — XOR \(classification\), no hidden layer, 500 epochs/);
    assert.match(listed, /Now with a hidden layer\. — XOR \(classification\), 1 hidden layer/);
    await page.getByTestId('lesson-make').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=share-link]').value.includes('#x=v1.'));
    const link = await page.getByTestId('share-link').inputValue();
    await shot(page, 'lesson-builder');

    const p = b.page;
    await p.goto(link);
    await p.getByTestId('lesson-progress').waitFor();
    await waitStatus(p, 'paused');
    assert.match(await p.getByTestId('lesson').textContent(), /Lesson: XOR in two steps/);
    assert.match(await p.getByTestId('lesson-text').textContent(), /Press ▶\. <b>Stays near 50%\.<\/b>/, 'markup shown as text');
    assert.equal(await p.locator('[data-testid=lesson-text] b').count(), 0);
    assert.equal(await p.getByTestId('dataset-select').inputValue(), 'xor');
    assert.equal(await p.getByTestId('layers').locator('li').count(), 0);
    assert.ok(await highlighted(p, 'train'));
    await p.waitForFunction(() => document.querySelector('[data-testid=dataset-select]').disabled);
    assert.ok(await p.getByTestId('optimizer').isVisible());
    await goStep(p, 2);
    await waitStatus(p, 'paused');
    assert.equal(await p.getByTestId('layers').locator('li').count(), 1);
    assert.ok(await p.getByTestId('optimizer').isHidden(), 'step 2 hides the optimizer');
    await p.waitForFunction(() => !document.querySelector('[data-testid=dataset-select]').disabled);
    assert.ok(!(await highlighted(p, 'train')));
    await goStep(p, 1, 'lesson-back');
    await waitStatus(p, 'paused');
    await p.waitForFunction(() => document.querySelector('[data-testid=dataset-select]').disabled);
    assert.ok(await p.getByTestId('optimizer').isVisible());
    await shot(p, 'lesson-built-opened');
    assert.deepEqual(a.problems, []);
    assert.deepEqual(b.problems, []);
  });
});
