export type RenderContext = { baseUrl: string; subjectPrefix: string; footer: string };
export type Rendered = { subject: string; html: string; text: string; slack: { text: string; blocks?: unknown[] }; json: Record<string, unknown> };
export type Template<D> = { sample: D; render(data: D, ctx: RenderContext): Promise<Rendered> };
