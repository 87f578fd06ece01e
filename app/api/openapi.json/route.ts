import { route } from '@/lib/api/route';
import { openApiDocument } from '@/lib/api/openapi';

export const dynamic = 'force-dynamic';

/** Like every /api route but /api/health, it needs a session or an API key. */
export const GET = route({ role: 'viewer' }, async () => ({ body: openApiDocument() }));
