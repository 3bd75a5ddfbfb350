// ESLint, flat config. `npm run lint`; `npm test` runs it after tsc.
//
// - typescript-eslint's recommended rules, type-aware where a rule needs the checker.
// - Pulumi's own rules: an Output in a template literal prints "Calling [toString] on an [Output<T>]"
//   instead of its value (use pulumi.interpolate / pulumi.concat).
// - pricing/ and functions/ are pure (docs/sources.md#conventions): no @pulumi/* import, not even a type. A test
//   (test/pricing/purity.test.ts) scans the same folders for process, clocks and other side effects.
import pulumi from "@pulumi/eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", ".build/**", "out/**", "**/*.tmp.ts", "**/*.js", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname } },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
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
  {
    files: ["pricing/**/*.ts", "functions/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["@pulumi/*"], message: "pricing/ and functions/ are pure: no Pulumi imports, not even types (docs/sources.md#conventions)." }],
      }],
    },
  },
);
