export const ROLES = ["secretariat", "chair", "operator"] as const;
export type Role = (typeof ROLES)[number];

export const PLATFORMS = ["shell", "discord", "slack"] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface Person {
  id: number;
  groupId: number;
  handle: string;
  agencyId: number | null;
  isHead: boolean;
  roles: Role[];
}

export interface Identity {
  platform: Platform;
  externalId: string;
}

/** A one-time code that proves an account, as stored: only its hash. */
export interface LinkCode {
  id: number;
  groupId: number;
  personId: number;
  /** Where it was asked for; it is given back from another platform. */
  platform: Platform;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface PersonRepository {
  byId(id: number): Promise<Person | null>;
  byHandle(groupId: number, handle: string): Promise<Person | null>;
  byIdentity(groupId: number, identity: Identity): Promise<Person | null>;
  listByAgency(agencyId: number): Promise<Person[]>;
  listWithRole(groupId: number, role: Role): Promise<Person[]>;
  list(groupId: number): Promise<Person[]>;
  create(groupId: number, handle: string, identity: Identity): Promise<Person>;
  setDelegation(personId: number, agencyId: number | null, isHead: boolean): Promise<void>;
  grantRole(personId: number, role: Role): Promise<void>;
  revokeRole(personId: number, role: Role): Promise<void>;
  link(personId: number, identity: Identity): Promise<void>;
  unlink(personId: number, identity: Identity): Promise<void>;
  /** Records a code (hashed), replacing the person's codes not yet used. */
  createLinkCode(code: Omit<LinkCode, "id" | "usedAt"> & { codeHash: string; createdAt: Date }): Promise<void>;
  linkCodeByHash(codeHash: string): Promise<LinkCode | null>;
  /** Marks the code used; false if it already was (two redemptions at once: one wins). */
  useLinkCode(id: number, at: Date): Promise<boolean>;
  identities(personId: number): Promise<Identity[]>;
}
