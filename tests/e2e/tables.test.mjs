// Real tables bundled with the app: pick one, see how it is prepared, train, get sensible scores.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openApp, waitEpoch, metrics, shot, waitStatus as status } from './lib.mjs';
import { app } from './app.mjs';


test('iris, penguins and diabetes train from the bundled tables', async () => {
  const server = await serve();
  const b = await launch();
  try {
    const { page } = b;
    await openApp(page, server.url);

    await app(page).el('dataset-select').selectOption('builtin:iris');
    await status(page, 'paused');
    // A 4-feature table gets a map over two chosen features (the others at their mean).
    await app(page).el('plane-x').waitFor();
    assert.equal(await app(page).el('boundary').count(), 1);
    const steps = await app(page).el('preparation-steps').textContent();
    assert.match(steps, /petal_length/);
    assert.match(steps, /3 classes \(setosa, versicolor, virginica\)/);
    assert.equal(await app(page).el('target-select').inputValue(), 'species');
    await app(page).el('epochs').fill('60');
    await app(page).el('epochs').press('Enter');
    await status(page, 'paused');
    await app(page).el('train').click();
    await status(page, 'done');
    const iris = await metrics(page);
    console.log(`iris after 60 epochs: ${JSON.stringify(iris)}`);
    assert.ok(iris.test_accuracy >= 0.9, `iris test accuracy ${iris.test_accuracy}`);
    // The finished run is evaluated next to the majority-class baseline (1/3 on balanced iris).
    const evaluation = await app(page).el('evaluation').textContent();
    console.log(`iris evaluation: ${evaluation.replace(/\s+/g, ' ')}`);
    assert.match(evaluation, /accuracy\s*0\.9\d{3}\s*0\.3333/);
    // Per-class scores and the confusion matrix, by class name; the matrix counts every test row.
    assert.match(await app(page).el('per-class').textContent(), /versicolor/);
    const cells = await app(page).el('confusion').locator('tbody td').allTextContents();
    assert.equal(cells.length, 9, 'a 3 × 3 matrix');
    const rows = Number(evaluation.match(/Test set: (\d+) rows/)[1]);
    assert.equal(cells.reduce((a, c) => a + Number(c), 0), rows);
    assert.match(await app(page).el('model-family').textContent(), /hidden layer/);
    await shot(page, 'tables-iris');

    // Derived features (as in TF Playground): petal_length² appears as a prepared feature.
    await app(page).el('derived-op').selectOption('square');
    await app(page).el('derived-a').selectOption('petal_length');
    await app(page).el('derived-add').click();
    await status(page, 'paused');
    assert.match(await app(page).el('preparation-steps').textContent(), /petal_length²: derived/);

    // Penguins: text features one-hot encoded, missing values filled, notices shown.
    await app(page).el('dataset-select').selectOption('builtin:penguins');
    await status(page, 'paused');
    const prep = await app(page).el('preparation').textContent();
    assert.match(prep, /island: one-hot/);
    assert.match(prep, /sex: one-hot/);
    assert.match(prep, /year: missing/); // a number by default …
    await app(page).el('kind-year').selectOption('categorical');
    await status(page, 'paused');
    assert.match(await app(page).el('preparation-steps').textContent(), /year: one-hot over 3 categories/); // … or categories
    await app(page).el('train').click();
    await status(page, 'done');
    const penguins = await metrics(page);
    assert.ok(penguins.test_accuracy >= 0.9, `penguins test accuracy ${penguins.test_accuracy}`);

    // Diabetes: regression with R².
    await app(page).el('dataset-select').selectOption('builtin:diabetes');
    await status(page, 'paused');
    await app(page).el('validation-share').fill('20');
    await app(page).el('validation-share').press('Enter');
    await status(page, 'paused');
    await app(page).el('step').click();
    await waitEpoch(page, 1);
    const diabetes = await metrics(page);
    assert.ok(diabetes.test_r2 !== undefined && diabetes.validation_loss !== undefined, JSON.stringify(diabetes));
    // Early stopping on the validation loss keeps the best weights; the evaluation compares
    // the model with always predicting the training mean.
    await app(page).el('patience').fill('10');
    await app(page).el('patience').press('Enter');
    await status(page, 'paused');
    await app(page).el('train').click();
    await status(page, 'stopped early');
    const regression = (await app(page).el('evaluation').textContent()).replace(/\s+/g, ' ');
    console.log(`diabetes: ${await app(page).el('status').textContent()} | ${regression}`);
    assert.match(regression, /R²/);
    assert.match(await app(page).el('residuals').textContent(), /median/);
    assert.match(await app(page).el('model-family').textContent(), /MLP/);
    await shot(page, 'tables-diabetes');
    assert.deepEqual(b.problems, []);
  } finally {
    await b.close();
    await server.close();
  }
});
