import { itemCounts } from '../../db/queries/engine/items';

// A run's result is kept as JSON; past this size only a preview is stored.
const MAX_RESULT_BYTES = 65_536;

/** A handler's result as a run keeps it: JSON, or a preview of it past 64 KiB (with its item counts, if any). */
export function capResult(result: unknown): unknown {
  if (result === undefined) return null;
  let text: string;
  try {
    text = JSON.stringify(result) ?? 'null';
  } catch {
    return { unserializable: String(result) };
  }
  if (Buffer.byteLength(text) <= MAX_RESULT_BYTES) return JSON.parse(text);
  // An item report keeps its counts, so a partial run stays partial however long its failures.
  return { truncated: true, bytes: Buffer.byteLength(text), preview: text.slice(0, MAX_RESULT_BYTES / 4), ...itemCounts(result) };
}
