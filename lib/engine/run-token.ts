import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Keyring, SecretKey } from '../secrets/crypto';
import { secretKeyring } from '../secrets/keys';

// A run token lets whoever holds a run outside a worker (an app that answered 202, a remote
// worker) report on that run alone: logs, progress, heartbeat, the outcome. It is an HMAC of
// the run id and its lease epoch, so nothing is stored, and it is good only while that
// attempt runs: the API checks the run is still `running` under the same epoch, so a token
// dies with its attempt's end, and a retry (a new run) or a new claim (a new epoch) needs a
// new one. Signed with a key derived from SUNDIAL_SECRET_KEY; tokens signed with a previous
// key still verify after a rotation, as sealed secrets still open.

const PREFIX = 'sdr_';
const derived = new WeakMap<SecretKey, Buffer>();

function macKey(key: SecretKey): Buffer {
  let k = derived.get(key);
  if (!k) derived.set(key, (k = Buffer.from(hkdfSync('sha256', key.key, 'sundial', 'run token hmac', 32))));
  return k;
}

const mac = (key: SecretKey, runId: number, epoch: number) => createHmac('sha256', macKey(key)).update(`run:${runId}:${epoch}`).digest('base64url');

export type RunLease = { runId: number; epoch: number };

/** The token for one attempt of a run: `sdr_<run>_<epoch>_<key id>_<mac>`. */
export function runToken(lease: RunLease, ring: Keyring = secretKeyring()): string {
  return `${PREFIX}${lease.runId}_${lease.epoch}_${ring.current.id}_${mac(ring.current, lease.runId, lease.epoch)}`;
}

export const looksLikeRunToken = (value: string): boolean => value.startsWith(PREFIX);

/** The run and epoch a token was made for, or null when it is not one of ours. Whether that attempt still runs is the caller's check. */
export function readRunToken(token: string, ring: Keyring = secretKeyring()): RunLease | null {
  const m = /^sdr_(\d{1,15})_(\d{1,9})_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const runId = Number(m[1]);
  const epoch = Number(m[2]);
  const key = [ring.current, ...ring.previous].find((k) => k.id === m[3]);
  if (!key) return null;
  const expected = Buffer.from(mac(key, runId, epoch));
  const given = Buffer.from(m[4]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { runId, epoch } : null;
}
