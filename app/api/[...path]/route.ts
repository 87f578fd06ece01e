import { notFound } from '@/lib/api/errors';

// Any /api path no route serves answers JSON, like the rest of the API, not the HTML 404 page.
const answer = async () => notFound('API endpoint; see /api/openapi.json').toResponse();
export { answer as GET, answer as POST, answer as PUT, answer as PATCH, answer as DELETE };
