// One config, one project per harness (style notes L10). ts-jest transpiles file by file
// (`isolatedModules` in tsconfig.json) because type checking is its own step of `npm test`.
// Engine scenarios run `pulumi` processes and are run with --runInBand by the test script.
/** @type {import('jest').Config} */
const tsJest = { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] };
const base = {
  testEnvironment: "node",
  transform: tsJest,
  moduleFileExtensions: ["ts", "js", "json"],
};

module.exports = {
  // Global only (ignored inside a project). Tests that start processes (the emulator, Node) need
  // more than jest's 5 s on a busy 2-core CI machine; the engine project sets its own in setup.ts.
  testTimeout: 20_000,
  projects: [
    { ...base, displayName: "unit", testMatch: ["<rootDir>/tests/unit/**/*.test.ts"] },
    { ...base, displayName: "emulator", testMatch: ["<rootDir>/tests/emulator/**/*.test.ts"] },
    { ...base, displayName: "client", testMatch: ["<rootDir>/tests/client/**/*.test.ts"] },
    { ...base, displayName: "resources", testMatch: ["<rootDir>/tests/resources/**/*.test.ts"] },
    { ...base, displayName: "layout", testMatch: ["<rootDir>/tests/layout/**/*.test.ts"] },
    { ...base, displayName: "cli", testMatch: ["<rootDir>/tests/cli/**/*.test.ts"] },
    {
      ...base,
      displayName: "engine",
      testMatch: ["<rootDir>/tests/engine/**/*.test.ts"],
      // `testTimeout` is a global-only option, ignored inside a project: the setup file sets it.
      setupFilesAfterEnv: ["<rootDir>/tests/engine/setup.ts"],
      // Resolves (or builds once) the Pulumi CLI and passes its directory on (docs/pulumi-cli.md).
      globalSetup: "<rootDir>/tests/engine/global-setup.ts",
      // Engine programs and the provider code they serialize must stay free of coverage counters.
      coveragePathIgnorePatterns: ["/node_modules/", "<rootDir>/dist/", "<rootDir>/tests/engine/"],
    },
  ],
};
