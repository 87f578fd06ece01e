import * as React from "react"

import { cn } from "@/lib/utils"

/** A styled native <select>: keyboard, screen readers and mobile pickers work as users expect. */
function NativeSelect({ className, ...props }: React.ComponentProps<"select">) {
  return (
    <select
      data-slot="native-select"
      className={cn(
        "border-input h-9 w-full min-w-0 rounded-md border bg-background px-3 py-1 text-base shadow-xs outline-none md:text-sm focus-visible:border-ring focus-visible:ring-ring/50 focus-visible:ring-[3px] aria-invalid:border-destructive disabled:opacity-50",
        className
      )}
      {...props}
    />
  )
}

export { NativeSelect }
