import { config } from 'zod';

// Runs before any page code in the browser. zod compiles object parsers with new Function
// unless told not to; the Content-Security-Policy has no 'unsafe-eval', so that try would be
// refused and reported as a violation on every page with a form.
config({ jitless: true });
