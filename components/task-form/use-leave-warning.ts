'use client';

import { useEffect } from 'react';

export const LEAVE_WARNING = 'Leave this page? Your unsaved changes to the task will be lost.';

/**
 * While `active`, warn before the user leaves the page: on reload, close or a typed URL
 * (the browser's own beforeunload prompt), and on in-app links, which the App Router
 * follows without unloading the page, so they are caught as clicks.
 */
export function useLeaveWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      // A new tab, a download, or another site keeps this page open or unloads it (beforeunload covers that).
      if (!link || link.target === '_blank' || link.hasAttribute('download') || link.origin !== window.location.origin) return;
      if (!window.confirm(LEAVE_WARNING)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    // Capture phase: runs before Next's Link handler starts the navigation.
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      document.removeEventListener('click', onClick, true);
    };
  }, [active]);
}
