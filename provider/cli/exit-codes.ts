/** Exit codes of `feishu-vc`, documented in the README. */
export const EXIT_OK = 0;
/** Anything failed: bad input, API error, engine error. */
export const EXIT_ERROR = 1;
/** `drift` found differences between the tenant and the declaration. */
export const EXIT_DRIFT = 2;
/** The command line itself was wrong (unknown flag, missing argument), as in BSD sysexits. */
export const EXIT_USAGE = 64;
