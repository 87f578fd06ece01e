import { getDb } from '@/lib/db';
import { CreateUserForm } from '@/components/admin/users/create-user-form';
import { UsersTable } from '@/components/admin/users/users-table';
import { PageHeader } from '@/components/page-header';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listUsers } from '@/lib/api/v1/users';
import { jsonify } from '@/lib/client/json';
import { requireRole } from '../current-user';

export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const me = await requireRole('admin');
  const users = jsonify(await listUsers(getDb()));
  return (
    <div className="space-y-6">
      <PageHeader title="Users" description="Who can sign in, and what they may do. A disabled user is signed out at once. There is always at least one enabled admin." />
      <Card>
        <CardHeader>
          <CardTitle>New user</CardTitle>
          <CardDescription>Viewers read, operators also run and edit tasks, admins also manage users, API keys and settings.</CardDescription>
        </CardHeader>
        <CardContent>
          <CreateUserForm />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>All users</CardTitle>
        </CardHeader>
        <CardContent>
          <UsersTable initial={users} selfId={me.id} />
        </CardContent>
      </Card>
    </div>
  );
}
