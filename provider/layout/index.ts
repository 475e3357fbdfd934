/** The YAML layout: load, validate (before any API call), and declare as resources. */
export { loadLayout, validateLayoutFile, shownPath } from "./load";
export { MAX_LAYOUT_BYTES } from "./read";
export { MAX_YAML_NODES } from "./parse";
export { validateLayoutText } from "./validate";
export { declareLayout } from "./declare";
export type { DeclareOptions, DeclaredLayout } from "./declare";
export { LayoutError, formatIssue, isLayoutError } from "./errors";
export { layoutToYaml } from "./write";
export type * from "./types";
