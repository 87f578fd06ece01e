import { shortestCronGap } from '../lib/schedules/cron-gap';
for (let i = 0; i < 3; i++) for (const e of ['0 0 29 2 *', '0 0 1 1 *', '* * * * * *', '0 0 13 * 5', '*/5 * * * *']) { const t = performance.now(); const g = shortestCronGap({ expression: e, timezone: 'Europe/Berlin' }); if (i === 2) console.log(e, g, (performance.now() - t).toFixed(1), 'ms'); }
