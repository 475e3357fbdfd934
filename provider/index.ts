/**
 * pulumi-feishu-vc: the public surface. Re-exports only; each concept lives in its own module.
 */
export {};
