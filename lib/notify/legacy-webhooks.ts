import type { Db } from '../../db/client';
import { setMissingChannelSecret, unsealedWebhookChannels } from '../../db/queries/task-channels';
import { seal, sealedKeyId } from '../secrets/crypto';
import { secretKeyring } from '../secrets/keys';
import { channelSealContext, newSigningSecret } from './config';

// The migration of the old per-task policy makes a webhook channel per saved URL, but SQL
// cannot seal (the key is the application's). The first process with the key gives each a
// signing secret. Nothing was ever sent to those URLs, so no receiver expects another; an
// admin rotates it on the channel page to learn it (secrets are shown only when made).

/** How many legacy webhook channels got a secret now. */
export async function sealLegacyWebhookChannels(db: Db): Promise<number> {
  let sealedNow = 0;
  for (const id of await unsealedWebhookChannels(db)) {
    const sealed = seal(secretKeyring(), newSigningSecret(), channelSealContext(id));
    if (await setMissingChannelSecret(db, id, sealed, sealedKeyId(sealed))) sealedNow++;
  }
  return sealedNow;
}
