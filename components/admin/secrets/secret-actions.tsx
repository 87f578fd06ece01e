'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Field } from '@/components/admin/field';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { api, errorText } from '@/lib/client/api';

type ActionProps = {
  trigger: string;
  label: string;
  title: string;
  description: ReactNode;
  confirm: [idle: string, busy: string];
  destructive?: boolean;
  run: (form: FormData) => Promise<unknown>;
  children?: ReactNode;
};

/** A dialog that calls the API once, refreshes the list, and shows the server's refusal (such as a secret still in use). */
function SecretAction({ trigger, label, title, description, confirm, destructive, run, children }: ActionProps) {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const action = useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['secrets'] });
      setOpen(false);
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (action.isPending) return;
        setOpen(next);
        if (!next) action.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" aria-label={label}>
          {trigger}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            action.mutate(new FormData(e.currentTarget));
          }}
        >
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>{description}</DialogDescription>
          </DialogHeader>
          {children}
          {action.isError && (
            <p role="alert" className="text-sm text-destructive">
              {errorText(action.error)}
            </p>
          )}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={action.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant={destructive ? 'destructive' : 'default'} disabled={action.isPending}>
              {action.isPending ? confirm[1] : confirm[0]}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function ReplaceSecretButton({ name }: { name: string }) {
  return (
    <SecretAction
      trigger="Replace"
      label={`Replace ${name}`}
      title={`Replace the value of ${name}`}
      description="Runs that start from now on use the new value. The old one is gone for good."
      confirm={['Save value', 'Saving…']}
      run={(form) => api(`/api/v1/secrets/${name}`, { method: 'PUT', body: { value: String(form.get('value')) } })}
    >
      <Field label="New value">
        <Input name="value" type="password" required autoComplete="new-password" />
      </Field>
    </SecretAction>
  );
}

export function DeleteSecretButton({ name }: { name: string }) {
  return (
    <SecretAction
      trigger="Delete"
      label={`Delete ${name}`}
      title={`Delete ${name}?`}
      description="Its value is erased. A secret that a task still uses cannot be deleted."
      confirm={['Delete secret', 'Deleting…']}
      destructive
      run={() => api(`/api/v1/secrets/${name}`, { method: 'DELETE' })}
    />
  );
}
