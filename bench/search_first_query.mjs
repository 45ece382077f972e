// What a reader downloads for a first search on a built fieldbook site: serves SITE over HTTP,
// opens PAGE in headless Chromium (a fresh browser context per query: empty cache), puts a query
// into the search box (one input event, as a paste would; with --typed, one key at a time as a
// reader types, every intermediate query included), waits for the results and sums the bytes of
// every response for search: assets/search.js and whatever it loads (assets/search/*). Builds
// nothing itself.
//
//   node bench/search_first_query.mjs SITE [--page en/index.html] [--typed] QUERY...
//
// Prints one line per query: bytes, requests, the largest file, the first result. Exits 1 when a
// request fails or answers >= 400. Uses playwright-core from tests/browser/node_modules
// (`cd tests/browser && npm ci`) and Chromium at $CHROMIUM or /usr/bin/chromium.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../tests/browser/package.json'));
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
let page = 'en/index.html';
let typed = false;
const queries = [];
let site = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--page') page = args[++i];
  else if (args[i] === '--typed') typed = true;
  else if (site === null) site = path.resolve(args[i]);
  else queries.push(args[i]);
}
if (!site || !queries.length) {
  console.error('usage: node bench/search_first_query.mjs SITE [--page PAGE] [--typed] QUERY...');
  process.exit(2);
}

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  let file = path.join(site, decodeURIComponent(new URL(req.url, 'http://localhost').pathname));
  if (!file.startsWith(site)) { res.writeHead(403); return res.end(); }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failed = false;
try {
  for (const query of queries) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const responses = [];
    const problems = [];
    tab.on('requestfailed', (r) => problems.push('failed: ' + r.url()));
    tab.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
      if (new URL(r.url()).pathname.startsWith('/assets/search')) responses.push(r);
    });
    await tab.goto(base + page);
    const input = tab.locator('input[type="search"]');
    await input.focus();
    if (typed) await input.pressSequentially(query, { delay: 150 });
    else await input.fill(query);
    await tab.waitForFunction(() => {
      const list = document.querySelector('[role="listbox"]');
      return list && !list.hidden && (list.querySelector('a') || list.querySelector('.search-empty'));
    });
    // Let the pieces of intermediate queries that are still on their way arrive.
    await tab.waitForLoadState('networkidle');
    const first = await tab.$eval('[role="listbox"]', (l) => (l.querySelector('a code') || l).textContent);
    let bytes = 0;
    let largest = ['', 0];
    const byKind = { code: 0, manifest: 0, terms: 0, rows: 0 };
    for (const r of responses) {
      const size = (await r.body()).length;
      const name = path.basename(new URL(r.url()).pathname);
      const kind = name === 'search.js' ? 'code' : name === 'manifest.js' ? 'manifest' : name.startsWith('t') ? 'terms' : 'rows';
      byKind[kind] += size;
      bytes += size;
      if (size > largest[1]) largest = [new URL(r.url()).pathname, size];
    }
    const kb = (b) => (b / 1024).toFixed(1);
    console.log(`${JSON.stringify(query)}${typed ? ' (typed)' : ''}: first query downloads ${kb(bytes)} KB in ${responses.length} requests ` +
      `(search.js ${kb(byKind.code)}, manifest ${kb(byKind.manifest)}, term shards ${kb(byKind.terms)}, display rows ${kb(byKind.rows)}); ` +
      `largest ${largest[0]} ${kb(largest[1])} KB; first result ${first}`);
    for (const p of problems) { console.log('  problem: ' + p); failed = true; }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
