import path from "node:path";
import { z } from "zod";
import { parseProxy } from "./auth/client-ip";
import { StartupError } from "./errors";
import { emptyAllowList, parseAllowList } from "./outbound/rule";

const truthy = ["true", "1", "yes", "on"];
const falsy = ["false", "0", "no", "off"];

const bool = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => truthy.includes(v) || falsy.includes(v))
    .transform((v) => truthy.includes(v))
    .optional()
    .transform((v) => v ?? fallback);

const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/)
    .transform(Number)
    .refine((n) => n >= min && n <= max)
    .optional()
    .transform((v) => v ?? fallback);

const port = (fallback: number) => wholeNumber(1, 65535, fallback);

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const url = new URL(v);
      return (
        (url.protocol === "postgres:" || url.protocol === "postgresql:") &&
        url.hostname !== ""
      );
    } catch {
      return false;
    }
  });

const email = z.string().trim().pipe(z.email());

/** Comma-separated entries, trimmed, empty ones dropped; unset is an empty list. */
const commaList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean),
  );

const proxyList = commaList.refine((list) =>
  list.every((e) => parseProxy(e) !== null),
);

const outboundAllow = z
  .string()
  .transform((v, ctx) => {
    const parsed = parseAllowList(v.split(","));
    if (parsed.ok) return parsed.list;
    ctx.addIssue({
      code: "custom",
      message: `not a CIDR range, address or host name: ${parsed.bad}`,
    });
    return z.NEVER;
  })
  .optional()
  .transform((v) => v ?? emptyAllowList);

/**
 * Every variable Sundial reads. `expects` is what an operator sees when the value is bad;
 * `secret` values are never echoed back.
 */
const spec = {
  DATABASE_URL: {
    schema: postgresUrl.optional(),
    expects: "a postgres:// URL such as postgres://user:pass@host:5432/sundial",
    secret: true,
  },
  PORT: { schema: port(3000), expects: "a TCP port number from 1 to 65535" },
  HOST: {
    schema: z
      .string()
      .trim()
      .min(1)
      .optional()
      .transform((v) => v ?? "0.0.0.0"),
    expects: "an address to listen on, such as 127.0.0.1",
  },
  SUNDIAL_DATA_DIR: {
    schema: z
      .string()
      .trim()
      .min(1)
      .optional()
      .transform((v) => v ?? ".sundial"),
    expects: "a directory path",
  },
  SUNDIAL_TRUSTED_PROXIES: {
    schema: proxyList,
    expects:
      "a comma-separated list of your reverse proxies' addresses or CIDR ranges, such as 127.0.0.1,10.0.0.0/8",
  },
  SUNDIAL_OUTBOUND_ALLOW: {
    schema: outboundAllow,
    expects:
      "a comma-separated list of CIDR ranges, addresses and host names that tasks may call although they are internal, such as 127.0.0.1,10.0.0.0/8,localhost",
  },
  NEXTAUTH_URL: {
    schema: z.url({ protocol: /^https?$/ }).optional(),
    expects:
      "the public URL of the dashboard, such as https://sundial.example.com",
  },
  AUTH_SECRET: {
    schema: z.string().min(32).optional(),
    expects: "at least 32 characters (for example: openssl rand -base64 32)",
    secret: true,
  },
  SUNDIAL_SECRET_KEY: {
    schema: z.string().min(32).optional(),
    expects:
      "at least 32 characters, the same on every web and worker process (for example: openssl rand -base64 32)",
    secret: true,
  },
  SUNDIAL_SECRET_KEY_PREVIOUS: {
    schema: z.string().optional(),
    expects:
      "the keys used before SUNDIAL_SECRET_KEY, comma-separated, during a rotation",
    secret: true,
  },
  SCHEDULER_ENABLED: { schema: bool(true), expects: "true or false" },
  SUNDIAL_BUILTIN_TASKS: {
    schema: bool(true),
    expects:
      "true (create Sundial's own tasks, such as the weekly report, on the first start) or false",
  },
  SUNDIAL_PG_DUMP: {
    schema: z.string().trim().min(1).optional(),
    expects:
      "the path of a pg_dump whose major version is at least the server's, such as /usr/lib/postgresql/18/bin/pg_dump",
  },
  SUNDIAL_TIMEZONE: {
    schema: z
      .string()
      .trim()
      .refine((z) => {
        try {
          new Intl.DateTimeFormat("en-US", { timeZone: z });
          return true;
        } catch {
          return false;
        }
      })
      .optional(),
    expects: "an IANA time zone such as Europe/Berlin or America/New_York",
  },
  ADMIN_EMAIL: { schema: email.optional(), expects: "an email address" },
  ADMIN_PASSWORD: {
    schema: z.string().min(8).optional(),
    expects: "at least 8 characters",
    secret: true,
  },
  SMTP_HOST: {
    schema: z.string().trim().min(1).optional(),
    expects: "a host name",
  },
  SMTP_PORT: {
    schema: port(587),
    expects: "a TCP port number from 1 to 65535",
  },
  SMTP_SECURE: {
    schema: bool(false),
    expects: "true (TLS from the start, port 465) or false (STARTTLS)",
  },
  SMTP_USER: { schema: z.string().optional(), expects: "a user name" },
  SMTP_PASS: {
    schema: z.string().optional(),
    expects: "a password",
    secret: true,
  },
  SMTP_FROM: {
    schema: z.string().trim().min(3).optional(),
    expects: 'a sender such as "Sundial <sundial@example.com>"',
  },
  SUNDIAL_WORKER_ID: {
    schema: z
      .string()
      .trim()
      .regex(/^[\w.:-]{1,100}$/)
      .optional(),
    expects: "up to 100 letters, digits, dots, dashes or colons",
  },
  SUNDIAL_HANDLER_MODULES: {
    schema: commaList.refine(
      (list) => list.every((m) => path.isAbsolute(m) || m.startsWith("file:")),
      "each module must be an absolute path",
    ),
    expects:
      "a comma-separated list of absolute paths to modules that export handlers (defineTask)",
  },
  SUNDIAL_COMMAND_ENABLED: {
    schema: bool(false),
    expects:
      "true (this worker runs the command handler's executables) or false",
  },
  SUNDIAL_COMMAND_ALLOW: {
    // A relative path would mean something different in every cwd.
    schema: commaList.refine((list) =>
      list.every((e) => path.isAbsolute(e) || !e.includes("/")),
    ),
    expects:
      "a comma-separated list of executables the command handler may run: absolute paths (/usr/bin/python3) or names looked up on PATH (python3)",
  },
  SUNDIAL_WORKER_CONCURRENCY: {
    schema: wholeNumber(1, 1000, 4),
    expects: "how many runs one worker executes at once, from 1 to 1000",
  },
  SUNDIAL_DRAIN_TIMEOUT: {
    schema: wholeNumber(0, 86400, 30),
    expects:
      "seconds a stopping worker waits for running runs, from 0 to 86400",
  },
  SUNDIAL_LEASE_SECONDS: {
    schema: wholeNumber(3, 3600, 30),
    expects:
      "seconds a run lease lasts before another worker may recover it, from 3 to 3600",
  },
  SUNDIAL_MIN_INTERVAL_SECONDS: {
    schema: wholeNumber(1, 86400, 60),
    expects:
      "the shortest allowed interval schedule in seconds, from 1 to 86400",
  },
  SUNDIAL_DB_CONNECT_TIMEOUT: {
    schema: wholeNumber(1, 3600, 10),
    expects: "a whole number of seconds from 1 to 3600",
  },
  LOG_LEVEL: {
    schema: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
      .optional()
      .transform((v) => v ?? "info"),
    expects: "one of fatal, error, warn, info, debug, trace, silent",
  },
} as const;

type Spec = typeof spec;
export type Env = { [K in keyof Spec]: z.output<Spec[K]["schema"]> };
export const envVariables = Object.keys(spec) as (keyof Spec)[];

function describe(name: keyof Spec, raw: string): string {
  const entry: { expects: string; secret?: boolean } = spec[name];
  const shown = entry.secret
    ? ""
    : ` (got "${raw.length > 60 ? `${raw.slice(0, 57)}...` : raw}")`;
  return `${name} must be ${entry.expects}${shown}`;
}

/** Parse an environment. An empty string counts as unset. Throws StartupError naming the variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const out: Record<string, unknown> = {};
  for (const name of envVariables) {
    const raw = source[name];
    const value = raw === "" ? undefined : raw;
    const result = spec[name].schema.safeParse(value);
    if (!result.success) throw new StartupError(describe(name, raw ?? ""));
    out[name] = result.data;
  }
  return out as Env;
}

let cached: Env | undefined;

/** The validated process environment, parsed once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For processes that can only run against an existing server (web, worker, migrate). */
export function requireDatabaseUrl(e: Env = env()): string {
  if (!e.DATABASE_URL) {
    throw new StartupError(
      "DATABASE_URL is not set: run `npm start` to use the embedded database, or set DATABASE_URL=postgres://user:pass@host:5432/sundial",
    );
  }
  return e.DATABASE_URL;
}

/** A URL safe to print: the password is masked. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparseable URL)";
  }
}
