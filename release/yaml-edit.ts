/**
 * In-place edits of a YAML file that leave every byte outside the edited values untouched.
 *
 * Why not `setIn` + `String(doc)`: the yaml library re-renders the whole document, and although it
 * keeps comments and key order it normalises layout, e.g. `- xray          # traces …` becomes
 * `- xray # traces …` (seen on Pulumi.dev.yaml). A release commit should show one changed line.
 * So we parse with `parseDocument` to find the nodes and their source ranges, splice new text into
 * the original, then check the result against `setIn` on the parsed document: same data, or we
 * throw and the caller writes nothing.
 */
import { parseYamlDocument, YamlSyntaxError, type ParseYamlOptions } from "../tools/yaml-text";
import { isDeepStrictEqual } from "node:util";
import { isMap, isScalar, Scalar, stringify, type Document, type YAMLMap } from "yaml";

export type YamlPath = readonly string[];
export type YamlScalar = string | number | boolean;

export interface YamlEdit {
  /** Keys from the document root, e.g. `["config", "private-lambda:functions", "api", "release", "canaryWeight"]`. */
  readonly path: YamlPath;
  readonly value: YamlScalar;
}

/** The file cannot be edited safely (not YAML, or a value where a map is needed). */
export class YamlEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "YamlEditError";
  }
}

/** Parse, failing on any YAML error (the library otherwise returns a partial document). */
export function parseStrict(text: string, file = "the file", options: ParseYamlOptions = {}): Document.Parsed {
  try {
    return parseYamlDocument(text, file, options);
  } catch (e) {
    if (e instanceof YamlSyntaxError) throw new YamlEditError(e.message);
    throw e;
  }
}

/** Apply `edits` in order to `text`; every other byte stays as it was. */
export function editYaml(text: string, edits: readonly YamlEdit[]): string {
  let out = text;
  for (const e of edits) out = editOne(out, e);

  // Self-check: the data must equal what `setIn` on the parsed original gives.
  const expected = parseStrict(text);
  for (const e of edits) expected.setIn([...e.path], e.value);
  const actual = parseStrict(out, "the edited file");
  if (!isDeepStrictEqual(actual.toJS(), expected.toJS())) {
    throw new YamlEditError(`internal error: the in-place edit of ${edits.map((e) => e.path.join(".")).join(", ")} did not produce the expected data; nothing written`);
  }
  return out;
}

function editOne(text: string, edit: YamlEdit): string {
  const doc = parseStrict(text);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  if (!isMap(doc.contents)) throw new YamlEditError(`the document root is not a map`);

  // Walk down the existing maps.
  let map: YAMLMap = doc.contents;
  let parentIndent = -2;
  for (let i = 0; i < edit.path.length; i++) {
    const key = edit.path[i]!;
    const last = i === edit.path.length - 1;
    const node = map.get(key, true);
    if (node === undefined) return insertPath(text, map, parentIndent, edit.path.slice(i), edit.value, eol);
    if (last) {
      if (!isScalar(node) || node.range === undefined || node.range === null) {
        throw new YamlEditError(`${edit.path.join(".")} is not a plain value; edit it by hand`);
      }
      if (node.value === edit.value) return text;
      const [start, end] = node.range;
      return text.slice(0, start) + renderScalar(edit.value, node.type) + text.slice(end);
    }
    if (!isMap(node)) throw new YamlEditError(`${edit.path.slice(0, i + 1).join(".")} is not a map; expected keys below it`);
    if (node.flow) return replaceFlowMap(text, node, edit.path.slice(i + 1), edit.value);
    parentIndent = indentOf(text, map);
    map = node;
  }
  throw new YamlEditError(`empty path`);
}

/** Add the missing `keys` (maps, then the value) as new lines at the end of the block map `map`. */
function insertPath(text: string, map: YAMLMap, parentIndent: number, keys: YamlPath, value: YamlScalar, eol: string): string {
  if (map.flow) return replaceFlowMap(text, map, keys, value);
  const range = map.range;
  if (!range || map.items.length === 0) throw new YamlEditError(`cannot add ${keys.join(".")} to an empty map; add it by hand`);
  const indent = indentOf(text, map);
  const step = parentIndent >= 0 && indent > parentIndent ? indent - parentIndent : 2;
  const lines = keys.map((k, i) => {
    const pad = " ".repeat(indent + i * step);
    return i === keys.length - 1 ? `${pad}${renderKey(k)}: ${renderScalar(value)}` : `${pad}${renderKey(k)}:`;
  });
  // `range[1]` is the end of the map's last value, after its newline when there is one.
  let at = range[1];
  let prefix = "";
  if (at > 0 && text[at - 1] !== "\n") {
    // Last line of the file without a trailing newline, or a trailing comment on the same line.
    const nl = text.indexOf("\n", at);
    at = nl === -1 ? text.length : nl + 1;
    if (nl === -1) prefix = eol;
  }
  return text.slice(0, at) + prefix + lines.map((l) => l + eol).join("") + text.slice(at);
}

/** Flow maps (`release: { aliasName: live }`) are rewritten as a whole, still in flow style. */
function replaceFlowMap(text: string, map: YAMLMap, keys: YamlPath, value: YamlScalar): string {
  const range = map.range;
  if (!range) throw new YamlEditError(`cannot locate a flow map in the source`);
  const data = map.toJSON() as Record<string, unknown>;
  let target: Record<string, unknown> = data;
  for (const k of keys.slice(0, -1)) {
    const next = target[k];
    if (next === undefined) target = target[k] = {};
    else if (next !== null && typeof next === "object" && !Array.isArray(next)) target = next as Record<string, unknown>;
    else throw new YamlEditError(`${k} is not a map; expected keys below it`);
  }
  target[keys[keys.length - 1]!] = value;
  const flow = stringify(data, { collectionStyle: "flow", lineWidth: 0 }).trimEnd();
  return text.slice(0, range[0]) + flow + text.slice(range[1]);
}

/** Column of the first key of a block map. */
function indentOf(text: string, map: YAMLMap): number {
  const first = map.items[0]?.key;
  const start = isScalar(first) && first.range ? first.range[0] : map.range?.[0];
  if (start === undefined) return 0;
  return start - (text.lastIndexOf("\n", start - 1) + 1);
}

function renderKey(key: string): string {
  return stringify(key, { lineWidth: 0 }).trimEnd();
}

/**
 * A scalar as YAML source. Strings that would read as another type (`"3"`) are quoted, so a
 * version stays a string; the original quote style is kept when there was one.
 */
function renderScalar(value: YamlScalar, type?: Scalar.Type): string {
  if (typeof value === "string") {
    if (type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
    if (type === Scalar.QUOTE_DOUBLE || /^[0-9.+-]/.test(value) || value === "") return JSON.stringify(value);
    return stringify(value, { lineWidth: 0 }).trimEnd();
  }
  return String(value);
}
