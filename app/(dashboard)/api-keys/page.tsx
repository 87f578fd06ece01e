import { getDb } from '@/lib/db';
import { ApiKeysTable } from '@/components/admin/api-keys/api-keys-table';
import { CreateApiKey } from '@/components/admin/api-keys/create-api-key';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listApiKeys } from '@/lib/api/v1/api-keys';
import { jsonify } from '@/lib/client/json';
import { requireRole } from '../current-user';

export const dynamic = 'force-dynamic';

export default async function ApiKeysPage() {
  await requireRole('admin');
  const keys = jsonify(await listApiKeys(getDb()));
  return (
    <div className="space-y-6">
      <PageHeader title="API keys" description="Keys let scripts call the API with a role. A key is shown once when it is created; only its hash is stored." />
      <Card>
        <CardHeader>
          <CardTitle>New API key</CardTitle>
          <CardDescription>Give each client its own key, so you can revoke one without breaking the others.</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateApiKey />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>All keys</CardTitle>
        </CardHeader>
        <CardContent>
          <ApiKeysTable initial={keys} />
        </CardContent>
      </Card>
    </div>
  );
}
