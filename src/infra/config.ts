// The environment, validated once at boot. Each platform is on when its credentials are present;
// with none, `npm start` opens the local shell.
import { z } from "zod";
import type { Identity } from "../core/people/person.ts";
import { DEFAULT_DATABASE } from "./db/openDatabase.ts";

const operatorList = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const out: Identity[] = [];
    for (const item of s.split(",").map((x) => x.trim()).filter(Boolean)) {
      const m = /^(discord|slack):(\S+)$/.exec(item);
      if (!m) {
        ctx.addIssue({ code: "custom", message: `"${item}" should be platform:id, such as discord:123456789012345678 or slack:U01ABCDEF` });
        return z.NEVER;
      }
      out.push({ platform: m[1] as Identity["platform"], externalId: m[2]! });
    }
    return out;
  });

const env = z.object({
  DATABASE_URL: z.string().default(DEFAULT_DATABASE),
  SQLITE_SYNCHRONOUS: z.enum(["FULL", "NORMAL"]).default("FULL"),
  BOT_OPERATORS: operatorList.default([]),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
});

export type Config = z.infer<typeof env>;

export function readConfig(source: NodeJS.ProcessEnv): { ok: true; value: Config } | { ok: false; errors: string[] } {
  const parsed = env.safeParse(source);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
}
