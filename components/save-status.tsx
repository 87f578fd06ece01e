import type { SaveMessage } from '@/lib/client/use-saver';

/** What the last save said, announced to screen readers. */
export function SaveStatus({ message }: { message: SaveMessage }) {
  if (!message) return null;
  return (
    <p role="status" className={message.ok ? 'text-sm text-success' : 'text-sm text-destructive'}>
      {message.text}
    </p>
  );
}
