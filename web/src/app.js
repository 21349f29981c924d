// The candidate's page: posts as checkboxes, files picked or dropped, one report card per file.
// Everything it shows comes from the report essaylint's core returns (essaylint.js); the page only
// lays it out.

import { ready, rules, resolve, inspect } from "./essaylint.js";

const $ = (selector) => document.querySelector(selector);

/** An element with attributes and children (strings become text, never HTML). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setStatus(text) {
  $("#status").textContent = text;
}

function selectedPosts() {
  return Array.from(document.querySelectorAll("input[name=post]:checked"), (box) => box.value);
}

const PART_NAMES = {
  body: "body",
  text_boxes: "text boxes",
  footnotes: "footnotes",
  endnotes: "endnotes",
  headers_footers: "headers and footers",
  comments: "comments",
};

function describeVariant(variant) {
  const limits = [];
  if (variant.max_words) limits.push(`at most ${variant.max_words} words`);
  if (variant.max_characters) limits.push(`at most ${variant.max_characters} characters (no spaces)`);
  if (variant.max_characters_with_spaces) {
    limits.push(`at most ${variant.max_characters_with_spaces} characters with spaces`);
  }
  if (variant.max_pages) {
    limits.push(`at most ${variant.max_pages} ${variant.paper} page${variant.max_pages > 1 ? "s" : ""}`);
  }
  const formats = variant.formats.map((f) => (f === "docx" ? "Word (.docx)" : "PDF")).join(" or ");
  return `Essay variant ${variant.id}: ${limits.join(", ")}; ${formats}.`;
}

async function showVariant() {
  const posts = selectedPosts();
  const target = $("#variant");
  if (posts.length === 0) {
    target.textContent = "No post ticked: the words and pages are counted, but no limit is applied.";
    return;
  }
  try {
    const { variant } = await resolve(posts);
    target.textContent = variant ? describeVariant(variant) : "";
  } catch (error) {
    target.textContent = error.message;
  }
}

async function showPosts() {
  const data = await rules();
  const list = $("#post-list");
  list.replaceChildren();
  for (const competition of data.competition) {
    const group = el("div", { class: "competition" }, el("h3", { text: competition.title }));
    for (const post of competition.post) {
      const id = `post-${post.id}`;
      group.append(
        el(
          "div",
          { class: "post" },
          el("input", { type: "checkbox", name: "post", value: post.id, id }),
          el("label", { for: id }, `${post.title} `, el("span", { class: "id", text: `(${post.id})` })),
        ),
      );
    }
    list.append(group);
  }
  list.addEventListener("change", showVariant);
  await showVariant();
}

function wordsSection(file) {
  const counts = file.counts;
  if (!counts) return el("p", { class: "muted" }, "Words: no text could be read.");
  const [low, high] = counts.words_range;
  const max = file.variant && file.variant.max_words;
  const headline =
    low === high
      ? `${counts.words} words`
      : `${low}–${high} words (${low} if non-breaking spaces join words, ${high} if they separate them)`;
  // A PDF has no parts: its text is the text on the pages, less the running headers and footers
  // the reader recognised.
  const parts =
    file.format === "pdf"
      ? Object.entries({ body: counts.by_part.body, headers_footers: counts.by_part.headers_footers }).filter(
          ([part, words]) => part === "body" || words > 0,
        )
      : Object.entries(counts.by_part);
  const pdfNames = { body: "text on the pages", headers_footers: "running headers and footers" };
  const rows = parts.map(([part, words]) => {
    const counted = counts.counted_parts.includes(part);
    return el(
      "tr",
      {},
      el("th", { scope: "row", text: (file.format === "pdf" ? pdfNames[part] : PART_NAMES[part]) || part }),
      el("td", { text: String(words) }),
      el("td", { text: counted ? "counted" : "not counted" }),
    );
  });
  if (counts.deleted_words) {
    rows.push(el("tr", {}, el("th", { scope: "row", text: "tracked deletions" }), el("td", { text: String(counts.deleted_words) }), el("td", { text: "not counted" })));
  }
  if (counts.hidden_words) {
    rows.push(el("tr", {}, el("th", { scope: "row", text: "hidden text" }), el("td", { text: String(counts.hidden_words) }), el("td", { text: "not counted" })));
  }
  const variant = file.variant || {};
  const limit = (value) => (value ? ` (the limit is ${value})` : "");
  const dialog = [
    ["characters (no spaces)", `${counts.characters}${limit(variant.max_characters)}`],
    ["characters (with spaces)", `${counts.characters_with_spaces}${limit(variant.max_characters_with_spaces)}`],
    ["paragraphs", String(counts.paragraphs)],
    ["lines", String(counts.lines)],
  ].map(([name, value]) => el("tr", {}, el("th", { scope: "row", text: name }), el("td", { text: value })));
  return el(
    "section",
    { class: "words" },
    el("h3", {}, "Words"),
    el("p", { class: "figure" }, headline, max ? ` · the limit is ${max}` : ""),
    el("table", {}, el("caption", { text: "Words by part of the document" }), el("tbody", {}, rows)),
    file.format === "pdf"
      ? el("p", { class: "muted" }, "A header or footer that does not repeat on every page is counted as text.")
      : null,
    el(
      "table",
      { class: "statistics" },
      el("caption", { text: "Word's other statistics, over the counted parts" }),
      el("tbody", {}, dialog),
    ),
  );
}

function pagesSection(file) {
  const pages = file.pages;
  if (!pages) return el("p", { class: "muted" }, "Pages: the file could not be read.");
  const max = file.variant && file.variant.max_pages;
  const how = {
    pdf: "exact, from the PDF",
    layout: "by essaylint's layout model (Word may differ slightly)",
    render: "exact, as rendered",
    stored: "as the file itself claims",
    none: "unknown",
  }[pages.basis];
  const items = [];
  const count = pages.count || 0;
  for (let page = 1; page <= count; page += 1) {
    const fill = pages.fill === null || pages.fill === undefined ? 1 : Math.min(1, Math.max(0, pages.fill - (page - 1)));
    const percent = Math.round(fill * 100);
    items.push(
      el(
        "li",
        { class: max && page > max ? "over" : "" },
        el("span", { class: "page-name", text: `page ${page}` }),
        el("meter", { min: 0, max: 100, value: percent, "aria-label": `page ${page} filled ${percent}%` }),
        el("span", { text: `${percent}%` }),
      ),
    );
  }
  const size = pages.size
    ? `${pages.size.name} (${pages.size.width_mm} × ${pages.size.height_mm} mm)`
    : "unknown";
  return el(
    "section",
    { class: "pages" },
    el("h3", {}, "Pages"),
    el(
      "p",
      { class: "figure" },
      `${pages.count ?? "?"} page${pages.count === 1 ? "" : "s"}, ${how}`,
      max ? ` · the limit is ${max}` : "",
      pages.stored !== null && pages.stored !== undefined ? ` · the file says ${pages.stored} (${pages.stored_by || "unknown program"})` : "",
    ),
    items.length ? el("ol", { class: "gauges", "aria-label": "How full each page is" }, items) : null,
    el("p", {}, `Paper: ${size}`, pages.sizes.length > 1 ? ` (${pages.sizes.length} sizes in the file)` : ""),
    pages.approximations.length
      ? el("ul", { class: "approximations", "aria-label": "What the layout approximates" }, pages.approximations.map((a) => el("li", { text: a })))
      : null,
  );
}

function excerptOf(diagnostic, mark) {
  const location = diagnostic.location;
  if (!location || !location.excerpt) return null;
  // The place in words a candidate knows, as the CLI names it.
  const where = [];
  if (location.page) where.push(`page ${location.page}`);
  else if (location.paragraph && (!location.part || location.part === "body")) where.push(`paragraph ${location.paragraph}`);
  else if (location.paragraph) where.push(`paragraph ${location.paragraph} of the ${PART_NAMES[location.part] || location.part}`);
  else if (location.part) where.push(`the ${PART_NAMES[location.part] || location.part}`);
  const text = location.excerpt;
  let body;
  if (mark && mark.start !== null && mark.end !== null) {
    body = el(
      "blockquote",
      {},
      text.slice(0, mark.start),
      el("mark", { title: mark.label || "" }, text.slice(mark.start, mark.end)),
      text.slice(mark.end),
    );
  } else {
    body = el("blockquote", {}, text);
  }
  return el(
    "figure",
    { class: "excerpt" },
    body,
    el("figcaption", {}, [mark && mark.label, where.join(", ")].filter(Boolean).join(" · ")),
  );
}

function diagnosticsSection(file, marks) {
  if (file.diagnostics.length === 0) return el("p", { class: "muted" }, "Nothing to report.");
  const items = file.diagnostics.map((d, index) =>
    el(
      "li",
      { class: `diagnostic ${d.severity}`, "data-name": d.name },
      el("p", { class: "head" }, el("span", { class: "severity", text: d.severity }), " ", el("code", { text: `${d.code} ${d.name}` })),
      el("p", { class: "message", text: d.message }),
      excerptOf(d, marks.find((m) => m.diagnostic === index)),
      d.help ? el("p", { class: "help" }, el("strong", { text: "What to do: " }), d.help) : null,
    ),
  );
  return el("section", { class: "diagnostics" }, el("h3", {}, "Findings"), el("ol", {}, items));
}

function coverageSection(file, coverage) {
  const language = file.language ? `Language: ${file.language}.` : "Language: not determined.";
  if (!coverage) {
    return el("section", { class: "coverage" }, el("h3", {}, "The question"), el("p", {}, language, file.variant ? " The essay's coverage of its question could not be judged." : " Tick your posts to see how the essay covers its question."));
  }
  const items = coverage.elements.map((e) =>
    el(
      "li",
      { class: e.addressed ? "addressed" : "missing" },
      el("span", { class: "mark", "aria-hidden": "true", text: e.addressed ? "✓" : "✗" }),
      ` ${e.summary}`,
      el("span", { class: "visually-hidden", text: e.addressed ? " (addressed)" : " (not found)" }),
      e.passages.length ? el("ul", {}, e.passages.map((p) => el("li", {}, el("q", { text: p })))) : null,
    ),
  );
  return el(
    "section",
    { class: "coverage" },
    el("h3", {}, "The question"),
    el("p", {}, language, ` The essay appears to address ${coverage.addressed} of the ${coverage.total} elements of the ${coverage.variant} question (a heuristic).`),
    el("ul", {}, items),
  );
}

function download(report, name) {
  const blob = new Blob([JSON.stringify(report, null, 2) + "\n"], { type: "application/json" });
  const link = el("a", { href: URL.createObjectURL(blob), download: `${name}.essaylint.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function card(result) {
  const { report, coverage, marks } = result;
  const file = report.files[0];
  const verdict = file.verdict;
  const variant = file.variant ? ` · variant ${file.variant.id}` : " · no post ticked";
  return el(
    "article",
    { class: `result ${verdict}`, "data-verdict": verdict, "data-file": file.path, "aria-label": `${file.path}: ${verdict}` },
    el(
      "header",
      {},
      el("h2", {}, el("span", { class: "verdict", text: verdict === "pass" ? "PASS" : "FAIL" }), " ", file.path),
      el("p", { class: "muted", text: `${file.format}${variant}` }),
    ),
    wordsSection(file),
    pagesSection(file),
    diagnosticsSection(file, marks || []),
    coverageSection(file, coverage),
    el("p", {}, el("button", { type: "button", class: "download" }, "Download JSON")),
  );
}

async function checkFiles(files) {
  const list = Array.from(files);
  if (list.length === 0) return;
  const results = $("#results");
  results.replaceChildren();
  const posts = selectedPosts();
  for (const [index, file] of list.entries()) {
    setStatus(`Checking ${file.name} (${index + 1} of ${list.length})…`);
    let node;
    try {
      const result = await inspect(file, { name: file.name, posts });
      node = card(result);
      node.querySelector("button.download").addEventListener("click", () => download(result.report, file.name));
    } catch (error) {
      node = el("article", { class: "result error", role: "alert" }, el("h2", { text: file.name }), el("p", { text: error.message }));
    }
    results.append(node);
  }
  setStatus(`Checked ${list.length} file${list.length === 1 ? "" : "s"}. Nothing was sent anywhere.`);
}

function wireFiles() {
  const input = $("#file");
  input.addEventListener("change", () => checkFiles(input.files));
  const drop = $("#drop");
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (event) => {
      event.preventDefault();
      drop.classList.add("over");
    });
  }
  for (const type of ["dragleave", "drop"]) {
    drop.addEventListener(type, () => drop.classList.remove("over"));
  }
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    checkFiles(event.dataTransfer.files);
  });
  // Ticking a post after choosing files checks them again against the new variant.
  $("#post-list").addEventListener("change", () => {
    if (input.files && input.files.length) checkFiles(input.files);
  });
}

async function main() {
  try {
    await ready;
    await showPosts();
    wireFiles();
    setStatus("Ready. Tick your posts, then choose your essay.");
    document.body.dataset.ready = "true";
  } catch (error) {
    setStatus(`essaylint could not start in this browser: ${error.message}`);
    document.body.dataset.ready = "failed";
  }
}

main();
