// Drives the page in headless Chromium (Debian's, through playwright-core) and prints what it saw
// as JSON on standard output; tests/browser.rs judges it against the CLI.
//
//   node web/tests/page.mjs URL JOBS.json
//
// JOBS.json: {"essays": [{"path", "posts"}], "hostile": ["path"], "next": {"path", "posts"},
//             "late": {"path", "posts"} | null, "input": {"path", "posts"}}
// Output: {"essays": [{path, report, ms, stopped}], "hostile": [...], "late": {report, stopped},
//          "next": {...}, "input": {verdict, cards, text, phone_overflow}, "requests": [url],
//          "ready", "ready_ms", "page_errors"}

import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { chromium } from "playwright-core";

const [url, jobsPath] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsPath, "utf8"));

const browser = await chromium.launch({
  executablePath: process.env.ESSAYLINT_CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const out = { essays: [], hostile: [], requests: [] };
try {
  const context = await browser.newContext({ viewport: { width: 900, height: 1200 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));

  // While it loads, the page may ask only its own origin for anything.
  const origin = new URL(url).origin;
  const loading = (request) => {
    const target = request.url();
    if (!target.startsWith(origin) && !target.startsWith("blob:") && !target.startsWith("data:")) {
      out.requests.push(target);
    }
  };
  context.on("request", loading);
  const start = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 30_000 });
  out.ready_ms = Date.now() - start;
  out.ready = await page.evaluate(() => document.body.dataset.ready);

  // From here on, every request the page or its workers make is recorded: there must be none.
  // (blob: and data: URLs are the page's own memory, not the network.)
  context.off("request", loading);
  context.on("request", (request) => {
    const target = request.url();
    if (!target.startsWith("blob:") && !target.startsWith("data:")) out.requests.push(target);
  });

  const checkIn = async (job) => {
    const bytes = readFileSync(job.path).toString("base64");
    const { report, ms, stopped } = await page.evaluate(
      async ({ bytes, name, posts }) => {
        const raw = atob(bytes);
        const data = new Uint8Array(raw.length);
        for (let i = 0; i < raw.length; i += 1) data[i] = raw.charCodeAt(i);
        const t0 = performance.now();
        const report = await window.essaylint.check(data, { name, posts });
        const ms = Math.round(performance.now() - t0);
        // The same file through inspect() says whether the page had to stop the check.
        const { stopped } = await window.essaylint.inspect(data, { name, posts });
        return { report, ms, stopped: stopped || null };
      },
      { bytes, name: basename(job.path), posts: job.posts || [] },
    );
    return { path: job.path, report, stopped, ms };
  };

  for (const job of jobs.essays || []) out.essays.push(await checkIn(job));
  for (const path of jobs.hostile || []) out.hostile.push(await checkIn({ path, posts: [] }));
  // A check that misses its deadline (1 ms here, so that a real file misses it mid-check): the
  // page terminates the busy worker and reports the file from a fresh one.
  if (jobs.late) {
    out.late = await page.evaluate(
      async ({ bytes, name, posts }) => {
        const raw = atob(bytes);
        const data = new Uint8Array(raw.length);
        for (let i = 0; i < raw.length; i += 1) data[i] = raw.charCodeAt(i);
        return window.essaylint.inspect(data, { name, posts, deadlineMs: 1 });
      },
      { bytes: readFileSync(jobs.late.path).toString("base64"), name: basename(jobs.late.path), posts: jobs.late.posts },
    );
  }
  if (jobs.next) out.next = await checkIn(jobs.next);

  // From the keyboard alone: Tab reaches every post and the file input, and Space ticks a post,
  // which shows the variant it selects.
  const reached = [];
  await page.locator("body").focus();
  for (let i = 0; i < 12; i += 1) {
    await page.keyboard.press("Tab");
    reached.push(await page.evaluate(() => {
      const e = document.activeElement;
      return e ? `${e.tagName.toLowerCase()}[${e.type || ""}]${e.value && e.name === "post" ? "=" + e.value : ""}` : "";
    }));
  }
  out.keyboard = { reached };
  await page.focus("input[name=post]");
  await page.keyboard.press("Space");
  await page.waitForFunction(() => /variant/i.test(document.querySelector("#variant").textContent));
  out.keyboard.ticked = await page.evaluate(() => Array.from(document.querySelectorAll("input[name=post]:checked"), (b) => b.value));
  out.keyboard.variant = await page.locator("#variant").textContent();
  await page.keyboard.press("Space");
  // Every form control has a name a screen reader can say.
  out.unlabelled = await page.evaluate(() =>
    Array.from(document.querySelectorAll("input, button, select, textarea"))
      .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute("aria-label"))
      .map((e) => e.outerHTML),
  );

  if (jobs.input) {
    for (const post of jobs.input.posts) await page.check(`input[name=post][value="${post}"]`);
    await page.setInputFiles("input[type=file]", jobs.input.path);
    const card = page.locator(`article[data-file="${basename(jobs.input.path)}"][data-verdict]`);
    await card.waitFor({ timeout: 20_000 });
    out.input = {
      verdict: await card.getAttribute("data-verdict"),
      variant: await page.locator("#variant").textContent(),
      cards: await page.locator("article[data-verdict]").count(),
      text: await card.innerText(),
    };
    // "Download JSON" saves the report the API gives.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      card.locator("button.download").click(),
    ]);
    const saved = await download.path();
    out.input.downloaded = { name: download.suggestedFilename(), report: JSON.parse(readFileSync(saved, "utf8")) };
    // At phone width nothing may be wider than the screen.
    await page.setViewportSize({ width: 360, height: 800 });
    out.input.phone_overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
  }
  out.page_errors = errors;
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out) + "\n");
