// One-shot failures that tests arm with `fake.failNext(...)`. A fault answers instead of the route,
// so the request has no side effect (no message is created by a 429'd POST), like a real rejection.

export interface FaultSpec {
  /**
   * Which requests to fail. A RegExp is tested against `"METHOD /path"` (path below /api/v10, e.g.
   * `"POST /channels/123/messages"`). A string is a route pattern in the same form with `:param`
   * placeholders, optionally prefixed by the method: `"POST /channels/:id/messages"`. Omitted: any request.
   */
  route?: RegExp | string;
  status: number;
  /** Seconds; for 429s. Fractions are allowed so tests stay fast. */
  retryAfter?: number;
  /** For 429s: a global rate limit rather than a per-route one. */
  global?: boolean;
  /** For non-global 429s; Discord says "user" for per-route and "shared" for per-resource limits. */
  scope?: "user" | "shared";
  /** How many matching requests fail before the fault is used up. Default 1. */
  times?: number;
  /** Overrides the JSON error body. */
  body?: unknown;
}

interface ArmedFault {
  spec: FaultSpec;
  remaining: number;
}

export class FaultInjector {
  private armed: ArmedFault[] = [];

  arm(spec: FaultSpec): void {
    this.armed.push({ spec, remaining: spec.times ?? 1 });
  }

  /** Consumes and returns the first armed fault matching this request, if any. */
  take(method: string, path: string): FaultSpec | null {
    const fault = this.armed.find((candidate) => matches(candidate.spec.route, method, path));
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.armed = this.armed.filter((candidate) => candidate !== fault);
    return fault.spec;
  }

  get pending(): number {
    return this.armed.reduce((sum, fault) => sum + fault.remaining, 0);
  }

  clear(): void {
    this.armed = [];
  }
}

function matches(route: RegExp | string | undefined, method: string, path: string): boolean {
  if (route === undefined) return true;
  if (route instanceof RegExp) return route.test(`${method} ${path}`);
  const [first, second] = route.trim().split(/\s+/, 2);
  const [wantedMethod, pattern] = second === undefined ? [null, first ?? ""] : [first ?? "", second];
  if (wantedMethod && wantedMethod.toUpperCase() !== method) return false;
  return matchPattern(pattern, path) !== null;
}

/** Matches `/channels/:id/messages` against the (decoded) path `/channels/123/messages`, returning the params. */
export function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const patternParts = pattern.split("/").filter(Boolean);
  const pathParts = path.split("/").filter(Boolean);
  if (patternParts.length !== pathParts.length) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of patternParts.entries()) {
    const actual = pathParts[index] ?? "";
    if (part.startsWith(":")) params[part.slice(1)] = actual;
    else if (part !== actual) return null;
  }
  return params;
}
