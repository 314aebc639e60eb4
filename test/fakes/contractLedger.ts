// What a fake received that does not fit the platform's published contract. The fake answers such a
// request with the platform's own error, but a bot may swallow that error (log it and go on), so
// every violation is also kept here: test/support/contracts.ts fails the test that was running when
// it arrived, and the fake's close() throws for any that no test has been failed for yet.

export interface ContractViolation {
  platform: "discord" | "slack";
  /** What was sent, e.g. `POST /channels/:channelId/messages` or `chat.postMessage`. */
  request: string;
  /** One line per problem: where in the body, and what the contract says. */
  problems: string[];
  body: unknown;
  at: number;
}

export class ContractViolationError extends Error {
  constructor(readonly violations: readonly ContractViolation[]) {
    super(describeViolations(violations));
    this.name = "ContractViolationError";
  }
}

export function describeViolations(violations: readonly ContractViolation[]): string {
  const lines = violations.flatMap((v) => [`${v.platform}: ${v.request}`, ...v.problems.map((p) => `    ${p}`)]);
  return `${violations.length} request(s) did not fit the platform's published contract:\n  ${lines.join("\n  ")}`;
}

/** Every open fake's ledger, so that the per-test check can look at all of them. */
const openLedgers = new Set<ContractLedger>();

export class ContractLedger {
  private readonly all: ContractViolation[] = [];
  private unreported: ContractViolation[] = [];

  constructor() {
    openLedgers.add(this);
  }

  record(violation: Omit<ContractViolation, "at">): void {
    const full = { ...violation, at: Date.now() };
    this.all.push(full);
    this.unreported.push(full);
  }

  /** Every violation so far, including those already reported. */
  get violations(): readonly ContractViolation[] {
    return this.all;
  }

  /** Hands over the violations not yet reported, which then count as dealt with (for tests that send bad bodies on purpose). */
  take(): ContractViolation[] {
    const taken = this.unreported;
    this.unreported = [];
    return taken;
  }

  /** Closes the ledger; throws for what no test has been failed for. */
  close(): void {
    openLedgers.delete(this);
    const left = this.take();
    if (left.length > 0) throw new ContractViolationError(left);
  }
}

/** Takes the unreported violations of every open fake (test/support/contracts.ts calls it after each test). */
export function takeOpenViolations(): ContractViolation[] {
  return [...openLedgers].flatMap((ledger) => ledger.take());
}
