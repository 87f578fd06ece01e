import { createHash } from 'node:crypto';

// Identifiers a receiver can dedupe on. Made from the outbox row alone, so every attempt at
// one message carries the same ones; the dedupe key's hash keeps two installations (or two
// databases) with the same row id apart.

const tag = (dedupeKey: string) => createHash('sha256').update(dedupeKey).digest('hex').slice(0, 12);

export const messageIdFor = (id: number, dedupeKey: string, host: string) => `<sundial.${id}.${tag(dedupeKey)}@${host}>`;

export const webhookIdFor = (id: number, dedupeKey: string) => `msg_${id}_${tag(dedupeKey)}`;
