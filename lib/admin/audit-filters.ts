export const auditFilterKeys = ['actor', 'action', 'targetType', 'targetId', 'from', 'to'] as const;
export type AuditFilters = Partial<Record<(typeof auditFilterKeys)[number], string>>;

/** The actions the API writes, offered as suggestions in the filter. */
export const knownAuditActions = [
  'api_key.create',
  'api_key.revoke',
  'run.cancel',
  'settings.update',
  'sign_in.lockout',
  'task.create',
  'task.delete',
  'task.disable',
  'task.enable',
  'task.replace',
  'task.run',
  'task.update',
  'user.create',
  'user.password',
  'user.sessions_end',
  'user.update',
];

/** The filters in a page's query string, trimmed, empty ones dropped. */
export function readAuditFilters(params: Record<string, string | string[] | undefined>): AuditFilters {
  const out: AuditFilters = {};
  for (const key of auditFilterKeys) {
    const raw = params[key];
    const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
    if (value) out[key] = value;
  }
  return out;
}

/** The wall-clock parts of an instant in a zone, as if that wall time were UTC. */
function wallAsUtc(ms: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, Number(p.value)]),
  );
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** An instant as a datetime-local input's value: its wall time in `zone`. */
export function toLocalInput(iso: string | undefined, zone: string): string {
  const ms = iso ? new Date(iso).getTime() : NaN;
  if (Number.isNaN(ms)) return '';
  return new Date(wallAsUtc(ms, zone)).toISOString().slice(0, 16);
}

/** A datetime-local input's value, read as wall time in `zone`, as an ISO instant for the API. */
export function fromLocalInput(local: string, zone: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // The zone's offset at that wall time; the second pass settles the days offsets change.
  let t = wall - (wallAsUtc(wall, zone) - wall);
  t = wall - (wallAsUtc(t, zone) - t);
  return new Date(t).toISOString();
}

/** "To 10:00" includes everything within 10:00, since the input has no seconds. */
export function endOfMinute(iso: string | undefined): string | undefined {
  return iso && new Date(new Date(iso).getTime() + 59_999).toISOString();
}
