// Types for essaylint.js, the browser API. The report's shape is schema/report.v2.json.

/** Each file's deadline, in milliseconds (10 000). */
export const DEADLINE_MS: number;

/** Resolves when the module is compiled and a worker is running. */
export const ready: Promise<void>;

export interface CheckOptions {
  /** The name to report the file under (defaults to the File's name, else "essay"). */
  name?: string;
  /** The posts applied for, as the rule data names them ("officer-gps", "PASP0150"). */
  posts?: string[];
  /** This file's deadline in milliseconds, if not DEADLINE_MS (10 000). */
  deadlineMs?: number;
}

export type Input = File | Blob | ArrayBuffer | ArrayBufferView;

export type Severity = "error" | "warning" | "info";

export interface Location {
  part?: "body" | "footnotes" | "endnotes" | "text_boxes" | "headers_footers" | "comments";
  paragraph?: number;
  page?: number;
  excerpt?: string;
}

export interface Diagnostic {
  code: string;
  name: string;
  severity: Severity;
  message: string;
  help: string;
  location?: Location;
}

export interface Variant {
  id: string;
  competition: string;
  posts: string[];
  formats: string[];
  max_words: number | null;
  /** Limit on characters without spaces (Word's "Characters (no spaces)"). */
  max_characters: number | null;
  /** Limit on characters with spaces (Word's "Characters (with spaces)"). */
  max_characters_with_spaces: number | null;
  max_pages: number | null;
  paper: string;
}

export interface PaperSize {
  name: string;
  width_mm: number;
  height_mm: number;
}

export interface FileReport {
  path: string;
  format: string;
  verdict: "pass" | "fail";
  variant: Variant | null;
  counts: {
    words: number;
    words_range: [number, number];
    /** Word's "Characters (no spaces)" of the counted parts. */
    characters: number;
    /** Word's "Characters (with spaces)" of the counted parts. */
    characters_with_spaces: number;
    /** Paragraphs of the counted parts that hold a character. */
    paragraphs: number;
    /** Lines they take: the layout's for a Word document, the text lines of a PDF. */
    lines: number;
    by_part: Record<string, number>;
    counted_parts: string[];
    hidden_words: number;
    deleted_words: number;
  } | null;
  pages: {
    count: number | null;
    exact: boolean;
    basis: "pdf" | "layout" | "render" | "stored" | "none";
    fill: number | null;
    stored: number | null;
    stored_by: string | null;
    size: PaperSize | null;
    sizes: PaperSize[];
    approximations: string[];
  } | null;
  language: string | null;
  diagnostics: Diagnostic[];
}

/** What `essaylint check --format json` writes, for one file. */
export interface Report {
  schema_version: 2;
  tool: { name: "essaylint"; version: string };
  files: [FileReport];
}

export interface Coverage {
  variant: string;
  addressed: number;
  total: number;
  elements: { id: string; summary: string; addressed: boolean; passages: string[] }[];
}

/** A diagnostic's highlighted words, in UTF-16 code units of its excerpt. */
export interface Mark {
  diagnostic: number;
  start: number | null;
  end: number | null;
  label: string | null;
}

/**
 * Checks one file. Resolves to its report; a file that cannot be read, takes longer than the
 * deadline, or makes the module fail resolves to a report with `unreadable`. Rejects only for a
 * caller's mistake: an unknown post (`error.details.valid_posts` lists the known ones), or an input
 * that is not bytes.
 */
export function check(input: Input, options?: CheckOptions): Promise<Report>;

/** As `check`, with how the essay covers its question and the excerpts' marks: what the page shows. */
export function inspect(
  input: Input,
  options?: CheckOptions,
): Promise<{
  report: Report;
  coverage: Coverage | null;
  marks: Mark[];
  /** Present when the page stopped the check and reported the file from a fresh worker. */
  stopped?: { kind: "deadline" | "memory" | "stack" | "failed"; detail: string };
}>;

/** The rule data (the JSON shape of `GET /v1/rules`). */
export function rules(): Promise<{ competition: unknown[] }>;

/** Which essay variant the posts select (null without posts). Rejects for an unknown post. */
export function resolve(posts: string[]): Promise<{ variant: Variant | null }>;

export interface CheckDoc {
  code: string;
  name: string;
  severity: Severity;
  summary: string;
  doc: string;
}

/** One check's documentation by name or code, or every check's without one. */
export function explain(name: string): Promise<CheckDoc>;
export function explain(): Promise<CheckDoc[]>;

declare global {
  interface Window {
    essaylint: {
      check: typeof check;
      inspect: typeof inspect;
      rules: typeof rules;
      resolve: typeof resolve;
      explain: typeof explain;
      ready: typeof ready;
      DEADLINE_MS: number;
    };
  }
}
