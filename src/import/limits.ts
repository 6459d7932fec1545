/** The caps the UI checks before starting the worker (same numbers as the pipeline's LIMITS). */
export const LIMITS_FOR_UI = {
  maxBytes: 200 * 1024 * 1024,
};
