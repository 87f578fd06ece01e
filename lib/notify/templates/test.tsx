import { Heading, Link, Text } from '@react-email/components';
import { dashboardUrl, EmailLayout, renderEmail, slackLink, subjectLine } from './layout';
import type { Template } from './types';

/** A "Send test" message: proves the channel (or SMTP) works end to end. */
export type TestData = { channel: string; requestedBy: string };

export const testTemplate: Template<TestData> = {
  sample: { channel: 'Ops email', requestedBy: 'admin@example.com' },
  async render(data, ctx) {
    const link = dashboardUrl(ctx, '/notifications/channels');
    const line = `This is a test message from Sundial for the channel "${data.channel}", sent by ${data.requestedBy}.`;
    const { html, text } = await renderEmail(
      <EmailLayout preview={line} ctx={ctx}>
        <Heading as="h2">Test message</Heading>
        <Text>{line}</Text>
        <Text>
          If you can read this, the channel works. <Link href={link}>Open the channels</Link>
        </Text>
      </EmailLayout>,
    );
    return {
      subject: subjectLine(ctx, `Test message for ${data.channel}`),
      html,
      text,
      slack: { text: `${line} ${slackLink(link, 'Open the channels')}` },
      json: { type: 'test', channel: data.channel, requestedBy: data.requestedBy, url: link },
    };
  },
};
