import type { FieldError } from '../tasks/input';

const statuses = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof statuses;

/** An expected failure, mapped to HTTP in one place: {error: {code, message, fields?}}. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }

  get status(): number {
    return statuses[this.code];
  }

  toResponse(): Response {
    return Response.json({ error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } }, { status: this.status });
  }
}

export const notFound = (what = 'resource') => new AppError('not_found', `no such ${what}`);
export const invalid = (fields: FieldError[]) => new AppError('validation_failed', 'the request has invalid fields', fields);
