// The contract every notification template follows: one file per event in this folder, each
// registered in index.ts. A template turns its event's data into every channel's form at once;
// the sender picks the part its channel needs (email: subject/html/text, Slack: slack, webhook: json).

export type RenderContext = { baseUrl: string; subjectPrefix: string; footer: string };
export type Rendered = { subject: string; html: string; text: string; slack: { text: string; blocks?: unknown[] }; json: Record<string, unknown> };
export type Template<D> = { sample: D; render(data: D, ctx: RenderContext): Promise<Rendered> };
