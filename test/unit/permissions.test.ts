// The permission table (src/core/access/permissions.ts) is the one place that says who may do what:
// every action of the catalogue has an entry, and it decides the cases the product describes.
import { describe, expect, it } from "vitest";
import { allActionKeys } from "../../commands/index.ts";
import { PERMISSIONS, permits, whoMay } from "../../src/core/access/permissions.ts";
import type { Person } from "../../src/core/people/person.ts";

const person = (over: Partial<Person>): Person => ({ id: 1, groupId: 1, handle: "p", agencyId: null, isHead: false, roles: [], ...over });
const rep = person({ id: 2, agencyId: 10 });
const head = person({ id: 3, agencyId: 10, isHead: true });
const stranger = person({ id: 4 });

describe("the permission table", () => {
  it("has an entry for every action of the catalogue, and none for an action it does not offer", () => {
    const keys = allActionKeys();
    expect(keys.filter((k) => !Object.hasOwn(PERMISSIONS, k))).toEqual([]);
    expect(Object.keys(PERMISSIONS).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it("writes a who-may line for every action", () => {
    for (const key of allActionKeys()) expect(whoMay(key), key).toMatch(/^[A-Z].*\.$/);
    expect(whoMay("poll open")).toBe("The Secretariat or the chair.");
  });

  it("lets members read and refuses everyone else, known or not", () => {
    expect(permits(rep, "poll list")).toBe(true);
    expect(permits(person({ roles: ["chair"] }), "advisor list")).toBe(true);
    expect(permits(stranger, "advisor list")).toBe(false);
    expect(permits(null, "poll show")).toBe(false);
  });

  it("scopes a head of delegation to their own agency, and to newcomers or their own delegation", () => {
    expect(permits(head, "delegate add", { agencyIds: [10], subject: null })).toBe(true);
    expect(permits(head, "delegate add", { agencyIds: [11], subject: null })).toBe(false);
    expect(permits(head, "delegate add", { agencyIds: [10], subject: null, head: true })).toBe(false);
    expect(permits(head, "delegate add", { agencyIds: [10], subject: person({ id: 9, roles: ["secretariat"] }) })).toBe(false);
    expect(permits(head, "delegate add", { agencyIds: [10], subject: person({ id: 9, agencyId: 11 }) })).toBe(false);
    expect(permits(head, "delegate add", { agencyIds: [10], subject: person({ id: 9 }) })).toBe(true);
    expect(permits(rep, "delegate add", { agencyIds: [10], subject: null })).toBe(false);
    expect(permits(person({ roles: ["secretariat"] }), "delegate add", { agencyIds: [11], subject: person({ id: 9, agencyId: 12 }), head: true })).toBe(true);
  });

  it("lets a representative act only for their own agency", () => {
    expect(permits(rep, "poll position")).toBe(true);
    expect(permits(rep, "venue propose", { agencyIds: [10, 11] })).toBe(true);
    expect(permits(rep, "venue propose", { agencyIds: [11] })).toBe(false);
    expect(permits(stranger, "poll position")).toBe(false);
  });
});
