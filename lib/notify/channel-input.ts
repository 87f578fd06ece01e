import { z } from 'zod';
import { outboundUrl } from '../outbound/url';

// What an admin may send for a channel. Secret parts (a Slack URL) are write-only; a webhook's
// signing secret is never sent at all: the server makes it and shows it once.

const name = z.string().trim().min(1, 'must not be empty').max(100, 'at most 100 characters');
const recipients = z
  .array(z.string().trim().pipe(z.email('must be an email address')))
  .min(1, 'add at least one recipient')
  .max(50, 'at most 50 recipients')
  .describe('Email addresses the message is sent to');
const slackUrl = outboundUrl().describe('Write-only: the Slack incoming-webhook URL, stored encrypted and never returned');
const common = { name, enabled: z.boolean().optional(), isDefault: z.boolean().optional().describe('Tasks that pick no channel notify the default ones') };

export const channelCreate = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('email'), to: recipients, ...common }).strict(),
  z.object({ kind: z.literal('slack'), slackUrl, ...common }).strict(),
  z.object({ kind: z.literal('webhook'), url: outboundUrl().describe('Receives a POST signed per Standard Webhooks'), ...common }).strict(),
]);
export type ChannelCreate = z.infer<typeof channelCreate>;

/** A change: only the fields sent; a field of another kind is refused when applied. */
export const channelPatch = z
  .object({ ...common, to: recipients, slackUrl, url: outboundUrl() })
  .partial()
  .strict();
export type ChannelPatch = z.infer<typeof channelPatch>;

/** The fields each kind accepts, to name a misplaced one. */
export const kindFields = { email: ['to'], slack: ['slackUrl'], webhook: ['url'] } as const;
