import { exitWithStartupError } from '../lib/errors';
import { buildDashboard } from '../lib/launcher/build';

// `npm run build`: the production build, stamped so that `npm start` knows it is current.
buildDashboard().catch((err: unknown) => exitWithStartupError(err, 'sundial build'));
