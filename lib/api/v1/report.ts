import { weeklyReportPreview } from '../../report/preview';
import { route } from '../route';

export const reportPreviewRoute = route({ role: 'viewer' }, async ({ db }) => ({ body: await weeklyReportPreview(db) }));
