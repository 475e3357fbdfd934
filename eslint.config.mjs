// Flat config: typescript-eslint with type-aware async-safety rules, prettier for formatting,
// and per-folder import boundaries (style notes L2: CLI/layout -> resources -> client -> HTTP;
// the emulator shares nothing with the provider).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

const restrict = (patterns) => ({
  "no-restricted-imports": ["error", { patterns }],
});

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", ".demo/**", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    // An example has its own tsconfig for its users, where the package resolves from their
    // node_modules; here it is linted with the root one, which maps the package to the source.
    files: ["examples/**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: false, project: ["./tsconfig.json"] },
    },
  },
  {
    files: ["provider/client/**/*.ts"],
    rules: restrict([
      { group: ["@pulumi/*", "yaml", "ajv", "ajv/*"], message: "client is HTTP only" },
      {
        group: ["**/resources/**", "**/layout/**", "**/cli/**", "**/emulator/**"],
        message: "client must not import upward",
      },
    ]),
  },
  {
    files: ["provider/resources/**/*.ts"],
    rules: restrict([
      { group: ["yaml", "ajv", "ajv/*"], message: "resources do not parse layouts" },
      {
        group: ["**/layout/**", "**/cli/**", "**/emulator/**"],
        message: "resources must not import upward",
      },
    ]),
  },
  {
    files: ["provider/layout/**/*.ts"],
    rules: restrict([
      { group: ["**/client/**", "axios"], message: "no HTTP during layout validation" },
      { group: ["**/cli/**", "**/emulator/**"], message: "layout must not import upward" },
    ]),
  },
  {
    files: ["emulator/**/*.ts"],
    rules: restrict([
      {
        group: ["**/provider/**", "axios", "@pulumi/*"],
        message: "the emulator is an independent implementation of the API reference",
      },
    ]),
  },
  {
    files: ["tests/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/unbound-method": "off",
    },
  },
  prettier,
);
