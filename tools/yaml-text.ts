/**
 * Parsing YAML the way users need to see it: errors with the line and a caret under the column
 * (the `yaml` package gives `linePos`), and numbers that do not fit a double (`1e309`) kept as
 * written instead of becoming Infinity (which JSON turns into `null`, so a message would say
 * "got null").
 */
import { isScalar, parseDocument, visit, type Document, type YAMLError } from "yaml";

/** `Pulumi.dev.yaml is not valid YAML: <what> at line 3, column 5` + the line + a caret. */
export function describeYamlError(file: string, text: string, error: YAMLError): string {
  const first = error.message.split("\n")[0]!.replace(/:\s*$/, "");
  const pos = error.linePos?.[0];
  if (!pos) return `${file} is not valid YAML: ${first}`;
  const lines = text.split(/\r?\n/);
  const line = lines[pos.line - 1] ?? "";
  const gutter = `${pos.line} | `;
  return `${file} is not valid YAML: ${first}\n  ${gutter}${line}\n  ${" ".repeat(gutter.length + Math.max(0, pos.col - 1))}^`;
}

export interface ParseYamlOptions {
  /** Replace numbers that overflow to ±Infinity by their source text (`"1e309"`). @default false */
  readonly keepOverflowingNumbers?: boolean;
}

/** Parse one document; the first error is thrown as an Error with {@link describeYamlError}'s message. */
export function parseYamlDocument(text: string, file: string, options: ParseYamlOptions = {}): Document.Parsed {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new YamlSyntaxError(describeYamlError(file, text, doc.errors[0]!));
  if (options.keepOverflowingNumbers) keepOverflowingNumbers(doc);
  return doc;
}

export class YamlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "YamlSyntaxError";
  }
}

/** `1e309` parses to Infinity; keep what was written (`.inf`, which means Infinity, stays). */
export function keepOverflowingNumbers(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== "number" || Number.isFinite(node.value)) return;
      const source = node.source;
      if (typeof source === "string" && !/^[-+]?\.inf$/i.test(source.trim())) node.value = source;
    },
  });
}

/** A number written so large that it does not fit a double: `"1e309"`, `"-2e400"`. */
export function isOverflowingNumberText(v: unknown): v is string {
  return typeof v === "string" && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v.trim()) && !Number.isFinite(Number(v));
}
