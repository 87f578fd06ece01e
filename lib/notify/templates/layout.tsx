import { Body, Container, Head, Hr, Html, Link, Preview, Section, Text } from '@react-email/components';
import { render, toPlainText } from '@react-email/render';
import type { ReactElement, ReactNode } from 'react';
import type { RenderContext } from './types';

// The frame every email shares: a preview line, the body, and the footer setting. Inline
// styles only: mail clients drop <style> blocks.

const page = { backgroundColor: '#f6f7f9', fontFamily: 'Helvetica, Arial, sans-serif', color: '#111827' };
const card = { backgroundColor: '#ffffff', border: '1px solid #e5e7eb', borderRadius: '8px', padding: '24px', margin: '24px auto', maxWidth: '560px' };
const small = { color: '#6b7280', fontSize: '12px' };

export function EmailLayout({ preview, ctx, children }: { preview: string; ctx: RenderContext; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Section>{children}</Section>
          <Hr />
          <Text style={small}>
            {ctx.footer ? `${ctx.footer} · ` : ''}
            <Link href={ctx.baseUrl}>{ctx.baseUrl}</Link>
          </Text>
        </Container>
      </Body>
    </Html>
  );
}

/**
 * The HTML and the plain-text part of one email. The text is converted from the one HTML
 * render, as render(..., { plainText: true }) would do after rendering a second time.
 */
export async function renderEmail(element: ReactElement): Promise<{ html: string; text: string }> {
  const html = await render(element);
  return { html, text: toPlainText(html) };
}

/** "[Sundial] Subject", or the subject alone when the prefix setting is empty. */
export const subjectLine = (ctx: RenderContext, subject: string) => (ctx.subjectPrefix ? `${ctx.subjectPrefix} ${subject}` : subject);

/** A dashboard link: `path` under the base URL, whatever slashes either has. */
export const dashboardUrl = (ctx: RenderContext, path: string) => `${ctx.baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;

/** Slack's link markup, with the characters Slack reserves escaped in the label. */
export const slackLink = (url: string, label: string) => `<${url}|${label.replace(/[<>|&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '|': '¦' })[c]!)}>`;
