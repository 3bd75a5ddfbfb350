// ESLint, flat config. `npm run lint`; `npm test` runs it after tsc.
//
// - typescript-eslint's recommended rules (syntax only: no type information needed).
// - Pulumi's own rules, type-aware: an Output in a template literal prints "Calling [toString] on an
//   [Output<T>]" instead of its value (use pulumi.interpolate / pulumi.concat). They run on the files
//   where Outputs live (TYPED), through tsconfig.lint.json: see that file and lint/pulumi-aws.d.ts.
// - pricing/, functions/ and the other pure modules (docs/sources.md#conventions): no @pulumi/* import, not even
//   a type. A test (test/lint/purity.test.ts) scans the same files for process, clocks and other side effects.
// - The layers of ARCHITECTURE.md: imports only go down (pure core → components → config → program → tools).
//
// This file's default export is everything (editors, `npx eslint`). `npm run lint` and `npm test` run
// its two halves as two processes, `plain` (every file, no type information) and `typed` (the Pulumi
// rules), through lint/plain.config.mjs and lint/typed.config.mjs: one process holding both the typed
// program and every file's lint state peaks near 1.1 GB, the two apart at about 0.4 and 0.8 GB
// (bench/README.md, "Test suite").
import pulumi from "@pulumi/eslint-plugin";
import * as path from "node:path";
import ts from "typescript";
import tseslint from "typescript-eslint";

/**
 * Where Pulumi Outputs live: the program, its components and the tests that run them. The files of
 * tsconfig.lint.json (its `include`, expanded by TypeScript itself), the program these rules
 * type-check against: a file in that program is always linted, and never one outside it.
 */
const lintProject = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(import.meta.dirname, "tsconfig.lint.json"), ts.sys.readFile).config, ts.sys, import.meta.dirname);
export const TYPED = lintProject.fileNames.map((f) => path.relative(import.meta.dirname, f).split(path.sep).join("/"));

/** The tools and the program: nothing below them imports these (usage/'s CLI files included). */
const UPPER = ["**/plan/**", "**/release/**", "**/bench/**", "**/catalog/**", "**/policy/**", "**/index", "**/usage/cli", "**/usage/commands", "**/usage/metrics", "**/usage/reconcile"];
/** The usage CLI's tool files (layer 5); usage/usage-file.ts and usage/load.ts are layer 3. */
const USAGE_TOOL_FILES = "usage/{cli,commands,metrics,reconcile}.ts";
/** Components are a library: below the config wing except its physical names. */
const COMPONENT_BANS = UPPER.concat(["**/config/*", "!**/config/names", "**/report/**", "**/guardrails/**", "**/packaging/**", "**/usage/**"]);
/** The components' pure rule files (kept in step with test/lint/purity.test.ts). */
const PURE_COMPONENT_FILES = [
  "components/private-function/{alarms,defaults,execution-policy,pc-scaling-settings,pc-scaling-validate,release-routing}.ts",
  "components/private-network/{endpoints,subnets,validate}.ts",
  "components/shared/suggest.ts",
  "components/triggers/{http-routes,iam,schedule-expression,settings,validate}.ts",
];

/** One `no-restricted-imports` block: `bans` are import patterns; `pure` also bans @pulumi/*. */
function layer(files, { pure = false, bans }) {
  const patterns = [{ group: bans, message: "imports go down the layers only (ARCHITECTURE.md)." }];
  if (pure) patterns.unshift({ group: ["@pulumi/*"], message: "pure modules: no Pulumi imports, not even types (docs/sources.md#conventions)." });
  return { files, rules: { "no-restricted-imports": ["error", { patterns }] } };
}

const IGNORES = { ignores: ["node_modules/**", ".build/**", "out/**", "**/*.tmp.ts", "**/*.js", "**/*.mjs"] };

/** Every rule that needs no type information, on every file. */
export const plain = tseslint.config(
  IGNORES,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    rules: {
      // `_`-prefixed names mark parameters a signature needs but the body does not use.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Tests read the mock engine's recorded inputs (untyped provider JSON) and use chai's property
    // assertions (`expect(x).to.be.empty`), which are expressions by design.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
  // Layers (ARCHITECTURE.md): an import may only go down. Each block lists what its files must not
  // import; a file matched by two blocks takes the later one, so the pure rule files come last and
  // repeat their folder's bans.
  layer(["pricing/**/*.ts", "functions/**/*.ts"], { pure: true, bans: UPPER.concat(["**/components/**", "**/config/**", "**/report/**", "**/guardrails/**", "**/packaging/**", "**/tools/**", "**/usage/**"]) }),
  layer(["components/**/*.ts"], { bans: COMPONENT_BANS }),
  layer(["config/**/*.ts", "report/**/*.ts", "guardrails/**/*.ts", "usage/load.ts"], { bans: UPPER }),
  // The report is priced from settings; usage/ lays measured figures over them, so the report never imports usage/.
  layer(["report/**/*.ts", "guardrails/**/*.ts", "config/schema.ts", "config/validate.ts", "config/names.ts"], { pure: true, bans: UPPER.concat(["**/config/load", "**/packaging/**", "**/usage/**"]) }),
  layer(["usage/usage-file.ts", "usage/load.ts"], { pure: false, bans: UPPER.concat(["**/config/load", "**/packaging/**", "./cli", "./commands", "./metrics", "./reconcile"]) }),
  layer(["usage/usage-file.ts"], { pure: true, bans: UPPER.concat(["**/config/load", "**/packaging/**", "./cli", "./commands", "./metrics", "./reconcile", "./load"]) }),
  layer(PURE_COMPONENT_FILES, { pure: true, bans: COMPONENT_BANS }),
  layer(["release/**/*.ts"], { bans: ["**/plan/**", "**/bench/**", "**/catalog/**", "**/policy/**"] }),
  layer(["plan/**/*.ts"], { bans: ["**/release/**", "**/bench/**", "**/catalog/**", "**/policy/**"] }),
  layer([USAGE_TOOL_FILES], { bans: ["**/plan/**", "**/bench/**", "**/catalog/**", "**/policy/**"] }),
);

/** The type-aware rules, on TYPED only. Disable comments name the plain half's rules, hence its plugin. */
export const typed = [
  IGNORES,
  {
    files: TYPED,
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: "./tsconfig.lint.json", tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    plugins: { "@pulumi": pulumi, "@typescript-eslint": tseslint.plugin },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
    },
  },
];

export default [...plain, ...typed];
