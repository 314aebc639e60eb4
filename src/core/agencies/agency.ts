/** "not admitted": an applicant whose membership poll was not adopted, lapsed or was withdrawn; it may apply again. */
export const AGENCY_STATUSES = ["invited", "applicant", "participating", "withdrawn", "not admitted"] as const;
export type AgencyStatus = (typeof AGENCY_STATUSES)[number];

export interface Agency {
  id: number;
  groupId: number;
  code: string;
  name: string;
  status: AgencyStatus;
  frameworkContributor: boolean;
  joinedAt: Date | null;
  withdrawnAt: Date | null;
}

export interface AgencyRepository {
  byCode(groupId: number, code: string): Promise<Agency | null>;
  byId(id: number): Promise<Agency | null>;
  list(groupId: number): Promise<Agency[]>;
  create(agency: Omit<Agency, "id">): Promise<Agency>;
  update(id: number, patch: Partial<Pick<Agency, "name" | "status" | "joinedAt" | "withdrawnAt" | "frameworkContributor">>): Promise<Agency>;
}

/** Agency codes are compared case-insensitively and shown in capitals (NASA, ESA, JAXA). */
export const normaliseAgencyCode = (code: string): string => code.trim().toUpperCase();
