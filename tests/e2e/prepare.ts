import { ensureBuild } from '../../lib/launcher/build';
import { exitWithStartupError } from '../../lib/errors';
import { assertChromium } from './chromium';

// Before Playwright: a browser to drive and a current production build to test.
assertChromium();
ensureBuild((m) => process.stdout.write(`e2e: ${m}\n`)).catch((err: unknown) => exitWithStartupError(err, 'e2e'));
