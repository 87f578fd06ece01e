import { TEMPLATES } from '../../templates/catalog';
import { route } from '../route';

/** The task templates: each one's key, title, description and the task it fills in. */
export const listTemplatesRoute = route({ role: 'viewer' }, async () => ({
  body: { items: TEMPLATES.map((t) => ({ key: t.key, title: t.title, description: t.description, task: t.task })) },
}));
