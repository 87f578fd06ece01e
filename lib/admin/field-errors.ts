import { ApiError } from '../client/api';

/** Field messages from a failed call, by field name, for showing next to each input. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  return Object.fromEntries(err.fields.map((f) => [f.field, f.message]));
}

/** The form-level message: the server's message, unless every problem sits by its field. */
export function formError(err: unknown, shownFields: string[]): string | null {
  if (!err) return null;
  if (err instanceof ApiError) {
    const others = err.fields.filter((f) => !shownFields.includes(f.field));
    if (err.fields.length > 0 && others.length === 0) return 'Please fix the fields marked above.';
    return others.length ? `${err.message}: ${others.map((f) => `${f.field} ${f.message}`).join('; ')}` : err.message;
  }
  return err instanceof Error ? err.message : String(err);
}
