// Browser tests of a built bundled site in headless Chromium (playwright-core, system Chromium).
// SITE: the built site's folder. The search queries are those of search-queries.tsv beside this file
// (QUERIES: other query files instead, comma-separated).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const SITE = path.resolve(process.env.SITE || '../../book');
const QUERY_FILES = (process.env.QUERIES || fileURLToPath(new URL('search-queries.tsv', import.meta.url))).split(',').filter(Boolean);
let browser;
let server;
let serverUrl;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  // Serve the site under a sub-path, as GitHub Pages would serve /<repo>/.
  server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith('/sub/path/')) { res.writeHead(404); return res.end(); }
    let file = path.join(SITE, decodeURIComponent(url.pathname.slice('/sub/path/'.length)));
    if (!file.startsWith(SITE)) { res.writeHead(403); return res.end(); }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) { res.writeHead(404); return res.end(); }
    const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${server.address().port}/sub/path/`;
});

after(async () => {
  await browser?.close();
  server?.close();
});

const fileUrl = (page) => 'file://' + path.join(SITE, page);

/** A fresh tab that records console errors and failed requests. */
async function tab() {
  const page = await browser.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('requestfailed', (r) => page.errors.push('request failed: ' + r.url()));
  return page;
}

/** Types a query into the search box and returns the result hrefs, best first. */
async function search(page, query) {
  const input = page.locator('input[type="search"]');
  await input.fill('');
  await input.fill(query);
  await page.waitForFunction(() => {
    const list = document.querySelector('[role="listbox"]');
    return list && !list.hidden && (list.querySelector('a') || list.querySelector('.search-empty'));
  });
  return page.$$eval('[role="listbox"] a', (links) => links.map((a) => a.getAttribute('href')));
}

function readQueries() {
  const rows = [];
  for (const file of QUERY_FILES) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const [query, expected] = line.split('\t');
      if (query && expected) rows.push({ query: query.trim(), expected: expected.trim(), file: path.basename(file) });
    }
  }
  return rows;
}

test('search quality: every expected field in the top 5, MRR@5 >= 0.9', async (t) => {
  const rows = readQueries();
  assert.ok(process.env.QUERIES || rows.length >= 40, `search-queries.tsv holds ${rows.length} queries, fewer than its 40`);
  const page = await tab();
  let reciprocal = 0;
  let hits1 = 0;
  const misses = [];
  for (const [i, { query, expected }] of rows.entries()) {
    // Alternate the page language: a reader searches from either.
    await page.goto(fileUrl(i % 2 ? 'zh/index.html' : 'en/index.html'));
    const hrefs = await search(page, query);
    const rank = hrefs.slice(0, 5).findIndex((h) => h.endsWith('#' + expected)) + 1;
    if (rank > 0) reciprocal += 1 / rank;
    if (rank === 1) hits1 += 1;
    if (rank !== 1) misses.push(`${query} -> ${expected}: rank ${rank || '>5'} (top: ${hrefs.slice(0, 3).map((h) => h.split('#')[1]).join(', ')})`);
  }
  const mrr = reciprocal / rows.length;
  console.log(`search: ${rows.length} queries, MRR@5 = ${mrr.toFixed(3)}, hit@1 = ${(hits1 / rows.length).toFixed(3)}`);
  for (const m of misses) console.log('  not first: ' + m);
  assert.ok(misses.every((m) => !m.includes('>5')), 'every expected field must be in the top 5:\n' + misses.join('\n'));
  assert.ok(mrr >= 0.9, `MRR@5 ${mrr} < 0.9`);
  assert.deepEqual(page.errors, []);
});

test('search box: / and Ctrl+K focus it, arrows move, Enter opens, Esc closes', async () => {
  const page = await tab();
  await page.goto(fileUrl('zh/training-args/basics.html'));
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
  await page.keyboard.type('warmup');
  await page.waitForSelector('[role="listbox"] a');
  const results = await page.$$eval('[role="listbox"] a', (as) => as.map((a) => a.textContent));
  assert.ok(results.length >= 2, 'results appear as you type');
  assert.match(results[0], /预热/, 'a Chinese page shows Chinese summaries for an English query');
  await page.keyboard.press('ArrowDown');
  const second = await page.$eval('[role="listbox"] a[aria-selected="true"]', (a) => a.getAttribute('href'));
  await page.keyboard.press('Escape');
  assert.equal(await page.$eval('[role="listbox"]', (l) => l.hidden), true);
  await page.keyboard.press('Control+k');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
  await page.keyboard.type('warmup');
  await page.waitForSelector('[role="listbox"] a');
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL((u) => u.hash.length > 1), page.keyboard.press('Enter')]);
  assert.ok(page.url().endsWith(second.replace(/^(\.\.\/)+/, '')), `${page.url()} should be ${second}`);
  assert.deepEqual(page.errors, []);
});

test('search works under a sub-path over HTTP, finding Chinese from the English page', async () => {
  const page = await tab();
  await page.goto(serverUrl + 'en/training-args/index.html');
  const hrefs = await search(page, '学习率');
  assert.ok(hrefs[0].endsWith('#learning_rate'), hrefs[0]);
  await Promise.all([page.waitForURL(/#learning_rate$/), page.click('[role="listbox"] a >> nth=0')]);
  assert.ok(page.url().startsWith(serverUrl + 'en/training-args/optimizer.html'), page.url());
  assert.deepEqual(page.errors, []);
});

test('a first query downloads a bounded part of the index, every request answered', async () => {
  const page = await tab();
  const responses = [];
  const bad = [];
  page.on('response', (r) => {
    if (r.status() >= 400) bad.push(`HTTP ${r.status()}: ${r.url()}`);
    if (r.url().startsWith(serverUrl + 'assets/search')) responses.push(r);
  });
  await page.goto(serverUrl + 'en/index.html');
  const hrefs = await search(page, 'learning rate');
  assert.ok(hrefs[0].endsWith('#learning_rate'), hrefs[0]);
  await page.waitForLoadState('networkidle');
  const urls = responses.map((r) => r.url().slice(serverUrl.length));
  assert.ok(urls.includes('assets/search.js') && urls.includes('assets/search/manifest.js'), urls.join(' '));
  assert.ok(urls.some((u) => /^assets\/search\/t\d+\.js$/.test(u)), 'a term shard: ' + urls.join(' '));
  assert.ok(urls.some((u) => /^assets\/search\/d-en-\d+\.js$/.test(u)), 'English display rows: ' + urls.join(' '));
  assert.ok(!urls.some((u) => u.includes('d-zh-')), 'only the page language is loaded');
  let bytes = 0;
  for (const r of responses) bytes += (await r.body()).length;
  // The whole index of the bundled book is ~300 KB in ~950 files; a query needs a few of them.
  assert.ok(bytes < 60 * 1024, `first query downloaded ${bytes} bytes: ${urls.join(' ')}`);
  assert.ok(responses.length <= 12, `${responses.length} requests`);
  assert.deepEqual(bad, []);
  assert.deepEqual(page.errors, []);
});

test('language switch keeps the page and the anchor', async () => {
  const page = await tab();
  await page.goto(fileUrl('en/training-args/optimizer.html#learning_rate'));
  await Promise.all([page.waitForURL(/zh\/training-args\/optimizer\.html#learning_rate$/), page.click('.lang-switch a[hreflang="zh-CN"]')]);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.ok(await page.$('#learning_rate'));
});

test('version switch keeps the page and the anchor', async () => {
  const page = await tab();
  await page.goto(fileUrl('zh/training-args/optimizer.html#learning_rate'));
  await Promise.all([page.waitForURL(/zh\/training-args\/v\/4\.39\.3\/optimizer\.html#learning_rate$/), page.click('.version-switch a:text-is("4.39.3")')]);
  assert.ok(await page.$('#learning_rate'));
  assert.equal(await page.textContent('.version-switch a[aria-current="page"]'), '4.39.3');
});

test('permalinks land on the field, in both languages, without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const [lang, name] of [['en', 'learning_rate'], ['zh', 'save_strategy'], ['en', 'per_gpu_train_batch_size']]) {
    await page.goto(serverUrl + `${lang}/p/${name}.html`);
    await page.waitForURL(new RegExp(`#${name}$`));
    assert.ok(page.url().startsWith(serverUrl + lang + '/training-args/'), page.url());
    assert.ok(await page.$('#' + name));
  }
  await context.close();
});

test("tutorials' parameter links land on existing fields", async () => {
  const page = await tab();
  const idsByPage = new Map();
  for (const lang of ['en', 'zh']) {
    for (const guide of ['first-fine-tuning-run', 'checkpoints-evaluation-best-model']) {
      await page.goto(fileUrl(`${lang}/guides/${guide}.html`));
      const links = await page.$$eval('article a[href*="training-args/"]', (as) => as.map((a) => a.href));
      assert.ok(new Set(links.map((l) => l.split('#')[1])).size >= 10, `${lang}/${guide} links at least 10 parameters`);
      for (const link of new Set(links)) {
        const [pageUrl, hash] = link.split('#');
        if (!idsByPage.has(pageUrl)) {
          const target = await tab();
          await target.goto(pageUrl);
          idsByPage.set(pageUrl, new Set(await target.$$eval('[id]', (els) => els.map((e) => e.id))));
          await target.close();
        }
        const id = decodeURIComponent(hash || '');
        assert.ok(idsByPage.get(pageUrl).has(id), `${link} has no element #${id}`);
      }
    }
  }
});

test('no console errors on any page, in either language', async () => {
  const pages = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'p') walk(full);
      else if (entry.name.endsWith('.html') && entry.name !== '404.html') pages.push(path.relative(SITE, full));
    }
  };
  walk(SITE);
  assert.ok(pages.length > 30);
  const page = await tab();
  for (const p of pages) {
    await page.goto(fileUrl(p));
    await page.focus('input[type="search"]').catch(() => {});
    await page.waitForTimeout(20);
  }
  assert.deepEqual(page.errors, []);
});
