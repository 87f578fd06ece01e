import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-dynamic';

/** Public: the document describes the API, it holds no data. */
export function GET(): Response {
  return Response.json(openApiDocument());
}
