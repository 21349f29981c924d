// The page's figures: its weight, the time until it is ready, and the time of a check in the page.
// A benchmark, not a test: it prints figures and judges nothing.
//
//   node web/bench/figures.mjs URL DIST ONE_PAGE.docx TWO_PAGES.pdf [RUNS]
//
// URL serves DIST (python3 -m http.server, or essaylint serve --web-root). Ready: the median of
// RUNS fresh browser contexts from navigation to the page's ready mark (the module fetched and
// compiled, a worker started, the posts shown). Checks: the median of RUNS calls of
// window.essaylint.check in one page, the file's bytes already in the page, timed in the page.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";

const [url, dist, docx, pdf, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 20);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

let raw = 0;
let gzipped = 0;
const files = [];
for (const name of readdirSync(dist)) {
  const path = join(dist, name);
  if (!statSync(path).isFile() || name.endsWith(".d.ts")) continue;
  const bytes = readFileSync(path);
  const gz = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gzipped += gz;
  files.push(`${name} ${bytes.length} (${gz} gzipped)`);
}

const browser = await chromium.launch({
  executablePath: process.env.ESSAYLINT_CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const ready = [];
for (let i = 0; i < runs; i += 1) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === "true");
  ready.push(Date.now() - t0);
  await context.close();
}

const context = await browser.newContext();
const page = await context.newPage();
await page.goto(url);
await page.waitForFunction(() => document.body.dataset.ready === "true");
const timeCheck = async (path, posts) =>
  page.evaluate(
    async ({ b64, posts, runs }) => {
      const raw = atob(b64);
      const bytes = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
      const times = [];
      for (let i = 0; i < runs + 2; i += 1) {
        const t0 = performance.now();
        await window.essaylint.check(bytes, { name: "essay", posts });
        if (i >= 2) times.push(performance.now() - t0);
      }
      return times;
    },
    { b64: readFileSync(path).toString("base64"), posts, runs },
  );
const docxTimes = await timeCheck(docx, ["officer-gps"]);
const pdfTimes = await timeCheck(pdf, ["PASP0150"]);
await browser.close();

const version = (await import("node:child_process")).execFileSync(process.env.ESSAYLINT_CHROMIUM || "/usr/bin/chromium", ["--version"]).toString().trim();
console.log(`browser: ${version}; ${runs} runs each`);
console.log(`weight: ${(raw / 1048576).toFixed(2)} MiB raw, ${(gzipped / 1048576).toFixed(2)} MiB gzipped (level 9)`);
for (const f of files) console.log(`  ${f}`);
console.log(`ready: median ${median(ready)} ms (min ${Math.min(...ready)}, max ${Math.max(...ready)})`);
console.log(`check ${docx}: median ${median(docxTimes).toFixed(1)} ms (min ${Math.min(...docxTimes).toFixed(1)})`);
console.log(`check ${pdf}: median ${median(pdfTimes).toFixed(1)} ms (min ${Math.min(...pdfTimes).toFixed(1)})`);
