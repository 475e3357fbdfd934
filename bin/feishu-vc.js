#!/usr/bin/env node
"use strict";
// Thin launcher: the CLI is TypeScript compiled to dist/ by `npm run build` (run on install).
require("../dist/provider/cli/main.js")
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
