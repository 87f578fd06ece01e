'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { errorText } from '@/lib/client/api';

type ActionProps = {
  /** The list to refresh once the call succeeded. */
  queryKey: string;
  trigger: string;
  label: string;
  title: string;
  description: ReactNode;
  confirm: [idle: string, busy: string];
  destructive?: boolean;
  run: (form: FormData) => Promise<unknown>;
  children?: ReactNode;
};

/** A confirm dialog that calls the API once, refreshes a list, and shows the server's refusal (such as a secret still in use). */
export function ActionDialog({ queryKey, trigger, label, title, description, confirm, destructive, run, children }: ActionProps) {
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const action = useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: [queryKey] });
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
