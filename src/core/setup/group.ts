export interface Group {
  id: number;
  name: string;
  timezone: string;
  /** Hours before a poll's deadline at which non-responding agencies are reminded. */
  pollReminderHours: number[];
  meetingReminderDays: number[];
  advisorNoticeDays: number;
  /** Months after the last plenary held at which the annual-meeting alert goes out. */
  annualAlertMonths: number[];
  /** Months into a chair's term: first the succession reminder, then the overdue alert. */
  chairAlertMonths: number[];
  /** Months before the mandate ends at which the Secretariat and chair are alerted. */
  mandateAlertMonths: number[];
  minutesReminderDays: number;
  /** Reminders overdue by more than this after downtime are folded into one summary. */
  catchUpFoldHours: number;
  mandateEndsOn: string | null;
}

export const CHANNEL_PURPOSES = ["announcements", "secretariat"] as const;
export type ChannelPurpose = (typeof CHANNEL_PURPOSES)[number];

export interface ChannelBinding {
  platform: string;
  channelId: string;
  purpose: ChannelPurpose;
}

/** A Discord server (guild id) or a Slack workspace (team id): each belongs to one group. */
export interface WorkspaceRef {
  platform: "discord" | "slack";
  /** The guild id on Discord, the team id on Slack. */
  id: string;
}

export interface JoinCode {
  id: number;
  groupId: number;
  platform: string;
  createdById: number;
  expiresAt: Date;
  usedAt: Date | null;
}

export interface GroupRepository {
  byId(id: number): Promise<Group | null>;
  first(): Promise<Group | null>;
  create(name: string, timezone: string): Promise<Group>;
  update(id: number, patch: Partial<Omit<Group, "id">>): Promise<void>;
  bind(groupId: number, binding: ChannelBinding): Promise<boolean>;
  bindings(groupId: number): Promise<ChannelBinding[]>;
  /** Every group, oldest first (the shell lists them). */
  list(): Promise<Group[]>;
  /** The group a workspace belongs to, or null. */
  ofWorkspace(workspace: WorkspaceRef): Promise<Group | null>;
  /**
   * Puts a workspace of no group in a group. The caller has read that it belongs to none
   * (`ofWorkspace`); should another transaction claim it meanwhile, the unique key fails this one and
   * the store retries it whole, so the retry reads the workspace taken and refuses.
   */
  addWorkspace(groupId: number, workspace: WorkspaceRef, at: Date): Promise<void>;
  workspaces(groupId: number): Promise<WorkspaceRef[]>;
  /** The group that adopts a platform's workspaces at its first start after the upgrade, if still due. */
  adoption(platform: WorkspaceRef["platform"]): Promise<number | null>;
  /** Due adoption for a platform (bootstrap of a new database), or none (after the adoption ran) when groupId is null. */
  setAdoption(platform: WorkspaceRef["platform"], groupId: number | null): Promise<void>;
  createJoinCode(code: { groupId: number; platform: string; codeHash: string; createdById: number; createdAt: Date; expiresAt: Date }): Promise<void>;
  joinCodeByHash(codeHash: string): Promise<JoinCode | null>;
  /** Marks the code used; false when another transaction used it first. */
  useJoinCode(id: number, at: Date): Promise<boolean>;
}
