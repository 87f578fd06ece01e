import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { openApiDocument } from '@/lib/api/openapi';

type Operation = { summary: string; 'x-required-role': string; parameters: { name: string; in: string; description?: string }[]; requestBody?: { content: { 'application/json': { schema: unknown } } } };

/** A readable rendering of /api/openapi.json. */
export default function ApiDocsPage() {
  const doc = openApiDocument();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API reference</h1>
        <p className="text-sm text-muted-foreground">
          Send an API key as <code>Authorization: Bearer &lt;key&gt;</code> or <code>X-API-Key</code>. The machine-readable document is at{' '}
          <a className="underline" href="/api/openapi.json">
            /api/openapi.json
          </a>
          .
        </p>
      </div>
      {Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops as Record<string, Operation>).map(([method, op]) => (
          <Card key={`${method} ${path}`}>
            <CardHeader>
              <CardTitle className="flex items-center gap-2 font-mono text-sm">
                <Badge variant="outline">{method.toUpperCase()}</Badge>
                {path}
                <Badge variant="secondary">{op['x-required-role']}</Badge>
              </CardTitle>
              <CardDescription>{op.summary}</CardDescription>
            </CardHeader>
            {(op.parameters.length > 0 || op.requestBody) && (
              <CardContent className="space-y-2 text-sm">
                {op.parameters.length > 0 && (
                  <ul className="list-disc pl-5">
                    {op.parameters.map((p) => (
                      <li key={`${p.in}:${p.name}`}>
                        <code>{p.name}</code> ({p.in}){p.description ? `: ${p.description}` : ''}
                      </li>
                    ))}
                  </ul>
                )}
                {op.requestBody && (
                  <pre className="max-h-64 overflow-auto rounded bg-muted p-3 text-xs">{JSON.stringify(op.requestBody.content['application/json'].schema, null, 2)}</pre>
                )}
              </CardContent>
            )}
          </Card>
        )),
      )}
    </div>
  );
}
