// Module boundaries (style notes L2; the guide: CLI and layout -> resources -> client -> HTTP; the
// emulator shares nothing with the provider but the API reference). `npm run lint` runs this.
//
// dependency-cruiser judges the file an import resolves to, not how the import is spelled, so a
// folder index (`../client`), a `require()` in a .js file, a dynamic `import()` and a type-only
// import are all held to the same rules. Each folder rule is an allow-list: anything a folder
// does not list is an error.

/** Any npm package among these names (its own folder, or its @types). */
const npm = (...names) => `^node_modules/(@types/)?(${names.join("|")})/`;

/** One rule per folder: from `from`, only `allowed` paths (plus node:* when `core`) may be imported. */
const onlyImports = (name, comment, from, allowed, { core = true } = {}) => ({
  name,
  comment,
  severity: "error",
  from: { path: from },
  to: {
    pathNot: allowed,
    ...(core ? { dependencyTypesNot: ["core"] } : {}),
  },
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    onlyImports(
      "client-is-http-only",
      "provider/client talks HTTP: node:* and axios only (no Pulumi, no YAML, nothing above it); " +
        "exceljs reads downloaded export spreadsheets (export-rows.ts)",
      "^provider/client/",
      ["^provider/client/", npm("axios", "exceljs")],
    ),
    onlyImports(
      "resources-over-client",
      "provider/resources: the client and @pulumi/pulumi; never the layout, CLI or emulator",
      "^provider/resources/",
      ["^provider/(resources|client)/", npm("@pulumi/pulumi")],
    ),
    onlyImports(
      "layout-without-http",
      "provider/layout: resources (arg types, and the classes declareLayout constructs), yaml, " +
        "ajv, the schema; no client, so validation can make no API call",
      "^provider/layout/",
      [
        "^provider/(layout|resources)/",
        "^schemas/",
        npm("yaml", "ajv", "ajv-formats", "@pulumi/pulumi"),
      ],
    ),
    {
      name: "layout-pulumi-types-only",
      comment: "provider/layout names Pulumi types (resource options) but runs no Pulumi code",
      severity: "error",
      from: { path: "^provider/layout/" },
      to: { path: npm("@pulumi/pulumi"), dependencyTypesNot: ["type-only"] },
    },
    onlyImports(
      "review-over-client",
      "provider/review turns engine events into plans: the client's redaction and limits, " +
        "Pulumi's event types; not resources, layout, CLI or emulator",
      "^provider/review/",
      ["^provider/(review|client)/", npm("@pulumi/pulumi")],
    ),
    onlyImports(
      "events-stand-alone",
      "provider/events receives webhooks: node:* only (its payload types are its own)",
      "^provider/events/",
      ["^provider/events/"],
    ),
    onlyImports(
      "export-below-cli",
      "provider/export reads a tenant into a layout: client, resources (wire mappers), layout types",
      "^provider/export/",
      ["^provider/(export|client|resources|layout)/"],
    ),
    onlyImports(
      "usage-over-client",
      "provider/usage computes room usage from export rows: the client (fetching), layout types, " +
        "markdown-table and chart.js (rendering); not resources, CLI or emulator",
      "^provider/usage/",
      ["^provider/(usage|client|layout)/", npm("markdown-table", "chart.js")],
    ),
    onlyImports(
      "cli-uses-emulator-entry",
      "provider/cli and program.ts may use all of provider/, production dependencies, and the " +
        "emulator only through its public entry (emulator/index.ts)",
      "^provider/(cli/|program\\.ts$)",
      [
        "^provider/",
        "^emulator/index\\.ts$",
        npm("@pulumi/pulumi", "commander", "cli-progress", "cli-table3"),
        // CSV output of `report` and `download` (issue 20).
        npm("exceljs"),
        // Pulumi.yaml's `main`, to recognise the layout program an unchanged up may skip (ADR 0009).
        npm("yaml"),
      ],
    ),
    onlyImports(
      "package-entry-re-exports",
      "provider/index.ts re-exports the public surface: resources, layout, client, events (and any other " +
        "file directly in provider/ but program.ts is held to the same)",
      "^provider/(?!program\\.ts$)[^/]+$",
      ["^provider/(resources|layout|client|events)/"],
    ),
    onlyImports(
      "emulator-is-independent",
      "the emulator is an independent implementation of the API reference: node:* only, and " +
        "exceljs for the export files it serves (issue #20)",
      "^emulator/",
      ["^emulator/", npm("exceljs")],
    ),
    {
      name: "shipped-code-no-dev-deps",
      comment: "provider/ and emulator/ ship to users, who do not install devDependencies",
      severity: "error",
      from: { path: "^(provider|emulator)/" },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "only-tests-import-tests",
      comment:
        "tests/ may import everything and nothing may import tests/; what bench and tests " +
        "share lives in tools/",
      severity: "error",
      from: { pathNot: "^tests/" },
      to: { path: "^tests/" },
    },
    onlyImports(
      "bench-over-public-pieces",
      "bench/ measures the provider: provider/, the shared harnesses in tools/, npm packages, and " +
        "the emulator only through its public entry; never tests/",
      "^bench/",
      ["^bench/", "^provider/", "^tools/", "^emulator/index\\.ts$", "^node_modules/"],
    ),
    onlyImports(
      "tools-stand-alone",
      "tools/ (harnesses shared by tests and bench) drive processes, not provider internals",
      "^tools/",
      ["^tools/", npm("@pulumi/pulumi")],
    ),
    onlyImports(
      "examples-use-the-package",
      "examples and the engine tests' Pulumi programs import the package as its users do " +
        "(pulumi-feishu-vc resolves to provider/index.ts), or this checkout's build of it",
      "^(examples|tests/engine/programs)/",
      [
        "^(examples|tests/engine/programs)/",
        "^provider/index\\.ts$",
        // The build is excluded from the graph, or not there yet (lint runs before the build).
        "(^|/)dist/provider$",
        npm("@pulumi/pulumi"),
      ],
    ),
    onlyImports(
      "scripts-node-only",
      "scripts run before npm install finishes (the Pulumi CLI build): node:* only",
      "^scripts/",
      ["^scripts/"],
    ),
  ],
  options: {
    // Type-only imports count too: a boundary is about what a module knows, not what it loads.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "^node_modules/" },
    exclude: { path: "^(dist|coverage|\\.demo)/" },
    moduleSystems: ["cjs", "es6"],
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["types", "require", "node", "default"],
      extensions: [".ts", ".d.ts", ".js", ".json"],
      mainFields: ["types", "typings", "main"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
