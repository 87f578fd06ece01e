import type { Metadata } from 'next';
import { getDb } from '@/lib/db';
import { CreateSecret } from '@/components/admin/secrets/create-secret';
import { SecretsTable } from '@/components/admin/secrets/secrets-table';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listSecrets } from '@/lib/api/v1/secrets';
import { jsonify } from '@/lib/client/json';
import { requireRole } from '../../current-user';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Secrets · Sundial' };

export default async function SecretsPage() {
  await requireRole('admin');
  const secrets = jsonify(await listSecrets(getDb()));
  return (
    <div className="space-y-6">
      <PageHeader
        title="Secrets"
        description={
          <>
            Values are encrypted and write-only: after saving, nobody sees them again, here or through the API. A task config uses one as{' '}
            <code className="font-mono">{'{{secrets.NAME}}'}</code>; only a worker reads the value, when the run starts, and hides it in the run&rsquo;s log and result.
          </>
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>New secret</CardTitle>
          <CardDescription>Names are capital letters, digits and underscores, such as BANK_TOKEN.</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateSecret />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>All secrets</CardTitle>
        </CardHeader>
        <CardContent>
          <SecretsTable initial={secrets} />
        </CardContent>
      </Card>
    </div>
  );
}
