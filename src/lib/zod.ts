/**
 * zod, configured for a strict Content-Security-Policy: without `jitless`, zod 4 probes for eval
 * (`new Function`) when a schema is defined, which a policy without 'unsafe-eval' reports as a
 * violation. Every schema imports `z` from here, so the setting precedes every definition.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
