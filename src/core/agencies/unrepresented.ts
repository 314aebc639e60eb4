import type { Tx } from "../store.ts";

/**
 * The agencies among these that have no representative: nobody can cast their position or receive their
 * reminders, so the Secretariat is told who they are (when a poll opens, and by /poll remind).
 */
export async function unrepresentedAgencies(tx: Tx, agencyIds: readonly number[]): Promise<number[]> {
  const without: number[] = [];
  for (const id of agencyIds) if ((await tx.people.listByAgency(id)).length === 0) without.push(id);
  return without;
}
