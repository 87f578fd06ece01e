import type { FirstAdmin } from '../auth/first-admin';
import { ALLOW_VARIABLE, describeAllowList, type AllowList } from '../outbound/rule';

export type BannerFacts = { url: string; databaseLabel: string; admin: FirstAdmin; dev: boolean; outboundAllow: AllowList };

/** How the first admin signs in. A password is printed only when Sundial generated it: one the operator set stays out of logs. */
function signIn(admin: FirstAdmin): string {
  if (!admin.created) return `${admin.email} (password as set on the first start)`;
  return admin.generated ? `${admin.email} / ${admin.password}   (generated: shown only now, save it)` : `${admin.email} (password from ADMIN_PASSWORD)`;
}

/** Tasks calling an app on this machine is the main use: say how to allow it, or what is allowed. */
function outbound(allow: AllowList): string {
  const allowed = describeAllowList(allow);
  if (allowed) return `http tasks may also call ${allowed} (${ALLOW_VARIABLE})`;
  return `http tasks call public addresses only; to call an app on this machine or network, set ${ALLOW_VARIABLE}=127.0.0.1,::1,localhost (add CIDR ranges such as 10.0.0.0/8)`;
}

/** What `npm start` prints once everything answers. */
export function bannerText({ url, databaseLabel, admin, dev, outboundAllow }: BannerFacts): string {
  return [
    '',
    `  Sundial is running${dev ? ' (development mode, hot reload)' : ''}`,
    `  Dashboard   ${url}`,
    `  Health      ${url}/api/health`,
    `  Database    ${databaseLabel}`,
    `  Sign in     ${signIn(admin)}`,
    `  Outbound    ${outbound(outboundAllow)}`,
    '  Stop        Ctrl-C',
    '',
    '',
  ].join('\n');
}
