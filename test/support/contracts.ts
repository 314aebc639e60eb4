// A vitest setup file (vitest.config.ts, setupFiles): after each test, any request a fake Discord or
// fake Slack received during it that does not fit the platform's published contract fails that test,
// even when the bot swallowed the error the fake answered with. Violations that arrive outside a test
// (in an afterAll) make the fake's close() throw instead.
import { afterEach } from "vitest";
import { ContractViolationError, takeOpenViolations } from "../fakes/contractLedger.ts";

afterEach(() => {
  const violations = takeOpenViolations();
  if (violations.length > 0) throw new ContractViolationError(violations);
});
