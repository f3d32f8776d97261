// Samples a live chart in the classic Jupyter Notebook UI while its cell trains (see ./run).
// Usage: node live_chart.mjs SERVER_URL NOTEBOOK CELL_INDEX OUT_DIR
// Writes OUT_DIR/chart-NN-<ms>.png (the chart's <img> each time it changed, as the page shows
// it), OUT_DIR/page-final.png and OUT_DIR/samples.json; exits 1 if the chart was not redrawn
// in place at least twice while the cell ran.
import { chromium } from 'playwright-core';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';

const [server, notebook, cellArg, outDir] = process.argv.slice(2);
const cellIndex = Number(cellArg);
const MAX_SHOTS = 12;
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let passed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${server}/notebooks/${notebook}`);
  await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel
      && Jupyter.notebook.kernel.is_connected(), null, { timeout: 120000 });
  await page.evaluate(() => Jupyter.notebook.clear_all_output());

  const anyCellRunning = () => page.evaluate(() => Jupyter.notebook.get_cells().some(c => c.element.hasClass('running')));
  const chart = () => page.evaluate(n => {
    const cell = Jupyter.notebook.get_cell(n);
    const images = cell.output_area.element[0].querySelectorAll('img');
    return { images: images.length, src: images.length ? images[images.length - 1].getAttribute('src') : null,
             running: cell.element.hasClass('running') };
  }, cellIndex);
  const hashOf = src => src ? createHash('sha256').update(src).digest('hex').slice(0, 12) : null;

  // The cells above first, then the training cell alone, so that sampling starts with it.
  if (cellIndex > 0) {
    await page.evaluate(n => Jupyter.notebook.execute_cell_range(0, n), cellIndex);
    await page.waitForTimeout(500);
    const end = Date.now() + 300000;
    while (await anyCellRunning()) {
      if (Date.now() > end) throw new Error('the cells above the training cell ran for over 5 minutes');
      await page.waitForTimeout(100);
    }
  }
  const started = Date.now();
  await page.evaluate(n => { Jupyter.notebook.select(n); Jupyter.notebook.execute_cell(); }, cellIndex);
  await page.waitForFunction(n => Jupyter.notebook.get_cell(n).element.hasClass('running'), cellIndex);

  const samples = [];
  let lastHash = null, shots = 0, state;
  do {
    state = await chart();
    const t = Date.now() - started;
    const hash = hashOf(state.src);
    samples.push({ t, images: state.images, hash, running: state.running });
    if (hash && hash !== lastHash && shots < MAX_SHOTS) {
      const name = `${outDir}/chart-${String(shots).padStart(2, '0')}-${t}ms.png`;
      const img = page.locator('.cell').nth(cellIndex).locator('.output_area img').last();
      await img.scrollIntoViewIfNeeded();
      await img.screenshot({ path: name });
      shots++;
    }
    lastHash = hash ?? lastHash;
    await page.waitForTimeout(50);
  } while (state.running && Date.now() - started < 300000);
  await page.waitForTimeout(500);
  state = await chart();
  samples.push({ t: Date.now() - started, images: state.images, hash: hashOf(state.src), running: state.running });
  await page.screenshot({ path: `${outDir}/page-final.png` });
  writeFileSync(`${outDir}/samples.json`, JSON.stringify(samples, null, 1));

  const whileRunning = samples.filter(s => s.running && s.hash);
  const changes = whileRunning.filter((s, i) => i > 0 && s.hash !== whileRunning[i - 1].hash).length;
  const mostImages = Math.max(...samples.map(s => s.images));
  const summary = {
    notebook, cell: cellIndex,
    cellRanMs: samples.filter(s => s.running).at(-1)?.t,
    firstChartAtMs: whileRunning[0]?.t,
    redrawsSeenWhileRunning: changes,
    mostImagesInTheCell: mostImages,
    finalChartDiffersFromFirst: whileRunning.length > 0 && hashOf(state.src) !== whileRunning[0].hash,
  };
  console.log(JSON.stringify(summary));
  passed = changes >= 2 && mostImages === 1 && summary.finalChartDiffersFromFirst;
  if (!passed) {
    console.error('the chart was not redrawn in place at least twice while the cell ran (one image in the cell)');
  }
} finally {
  await browser.close();
}
process.exit(passed ? 0 : 1);
