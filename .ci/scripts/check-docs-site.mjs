/**
 * Checks the built TypeDoc site (`npm run docs` first):
 *
 * 1. Links: every internal `href`/`src` in every HTML page, and every path in the navigation tree
 *    (`assets/navigation.js`), points at a file that exists, and every `#anchor` at an `id` or
 *    `name` on the target page. External links (http, mailto…) are not fetched.
 * 2. Rendering, where Chromium is installed: the landing page, a client page and a guide are
 *    rendered headless and must show their content (the page is not left hidden by the theme's
 *    script, the main column has text, and the script built the navigation). Without Chromium
 *    this part is skipped with a message, so CI machines without a browser still run part 1.
 *
 *   node .ci/scripts/check-docs-site.mjs [site-dir]     (default docs/api)
 *
 * Exits 1 listing every problem found.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const site = resolve(root, process.argv[2] ?? 'docs/api');
if (!existsSync(join(site, 'index.html'))) {
  console.error(`No site at ${relative(root, site)}: run \`npm run docs\` first.`);
  process.exit(1);
}

const problems = [];
const started = performance.now();

/** Every file under `dir`, recursively. */
function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const pages = walk(site).filter((file) => file.endsWith('.html'));
const anchorCache = new Map();

/** The `id` and `name` attributes on a page: what a `#fragment` may point at. */
function anchorsOf(file) {
  let anchors = anchorCache.get(file);
  if (!anchors) {
    const html = readFileSync(file, 'utf8');
    anchors = new Set([...html.matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => decodeEntities(m[1])));
    anchorCache.set(file, anchors);
  }
  return anchors;
}

function decodeEntities(text) {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** Checks one internal link from `from` (a file) to `target` (as written in the page). */
function checkLink(from, target, where) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) return; // external
  const [pathPart, fragment] = splitFragment(target);
  const file = pathPart === '' ? from : resolve(dirname(from), decodeURIComponent(pathPart));
  if (!file.startsWith(site)) {
    problems.push(`${where}: link "${target}" leaves the site`);
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) {
    problems.push(`${where}: link "${target}" → missing file ${relative(site, file)}`);
    return;
  }
  if (fragment && file.endsWith('.html') && !anchorsOf(file).has(decodeURIComponent(fragment))) {
    problems.push(`${where}: link "${target}" → no anchor #${fragment} in ${relative(site, file)}`);
  }
}

function splitFragment(target) {
  const hash = target.indexOf('#');
  const withoutQuery = (hash === -1 ? target : target.slice(0, hash)).replace(/\?.*$/, '');
  return [withoutQuery, hash === -1 ? '' : target.slice(hash + 1)];
}

// 1a. Links in the pages.
let links = 0;
for (const page of pages) {
  const html = readFileSync(page, 'utf8');
  for (const match of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
    links += 1;
    checkLink(page, decodeEntities(match[1]), relative(site, page));
  }
}

// 1b. The navigation tree, which the theme's script builds from compressed JSON.
let navEntries = 0;
const navFile = join(site, 'assets/navigation.js');
if (existsSync(navFile)) {
  const encoded = readFileSync(navFile, 'utf8').match(/"([^"]+)"/)?.[1] ?? '';
  const tree = JSON.parse(inflateSync(Buffer.from(encoded, 'base64')).toString('utf8'));
  const visit = (nodes) => {
    for (const node of nodes) {
      if (node.path) {
        navEntries += 1;
        checkLink(join(site, 'index.html'), node.path, `navigation "${node.text}"`);
      }
      if (node.children) visit(node.children);
    }
  };
  visit(tree);
  if (navEntries === 0) problems.push('navigation: the tree has no entries');
} else {
  problems.push('assets/navigation.js is missing');
}
console.log(
  `links: ${links} in ${pages.length} pages and ${navEntries} navigation entries checked, ${problems.length} broken`,
);

// 2. Headless render of three kinds of page.
const browser = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'].find((name) => {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
const samples = [
  ['landing page', 'index.html', 'Install'],
  ['client page', firstPage('classes', /CoveClient\.html$/), 'enumerateAccountStatistics'],
  ['guide', firstPage('documents', /Getting_started\.html$/), 'First calls'],
];
if (!browser) {
  console.log('render: skipped (no Chromium; `apt-get install chromium` to run it)');
} else {
  // The three renders run side by side: Chromium's start-up is most of the time.
  const doms = await Promise.all(samples.map(([, page]) => (page ? render(browser, join(site, page)) : '')));
  samples.forEach(([label, page, expected], i) => {
    if (!page) {
      problems.push(`render: no ${label} found in the site`);
      return;
    }
    const dom = doms[i];
    const text = visibleText(dom);
    const mainText = visibleText(
      dom.match(/<div class="col-content">([\s\S]*?)<\/div>\s*<div class="col-sidebar">/)?.[1] ?? '',
    );
    const navLinks =
      (dom.match(/<nav[^>]*tsd-navigation[\s\S]*?<\/nav>/)?.[0] ?? '').match(/<a /g)?.length ?? 0;
    const issues = [];
    if (/<body[^>]*style="[^"]*display:\s*none/.test(dom)) issues.push('the page is still hidden');
    if (mainText.length < 200) issues.push(`main content has ${mainText.length} characters`);
    if (!text.includes(expected)) issues.push(`"${expected}" is not on the page`);
    if (navLinks < 5) issues.push(`the navigation has ${navLinks} links`);
    if (issues.length > 0) problems.push(`render ${label} (${page}): ${issues.join('; ')}`);
    else console.log(`render: ${label} ${page}: ${mainText.length} characters, ${navLinks} navigation links`);
  });
}

function firstPage(dir, pattern) {
  const found = readdirSync(join(site, dir)).find((name) => pattern.test(name));
  return found && `${dir}/${found}`;
}

/** The DOM after the page's scripts ran, as HTML. */
async function render(binary, file) {
  const { stdout } = await promisify(execFile)(
    binary,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--virtual-time-budget=1500',
      '--dump-dom',
      pathToFileURL(file).href,
    ],
    { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 },
  );
  return stdout;
}

function visibleText(html) {
  return decodeEntities(
    html
      .replace(/<(script|style|template)[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (problems.length > 0) {
  for (const problem of problems.slice(0, 50)) console.error(`  ✘ ${problem}`);
  if (problems.length > 50) console.error(`  … and ${problems.length - 50} more`);
  console.error(`docs site check failed: ${problems.length} problems (${seconds} s)`);
  process.exit(1);
}
console.log(`docs site check passed (${seconds} s)`);
