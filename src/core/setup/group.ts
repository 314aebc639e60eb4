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

export interface GroupRepository {
  byId(id: number): Promise<Group | null>;
  first(): Promise<Group | null>;
  create(name: string, timezone: string): Promise<Group>;
  update(id: number, patch: Partial<Omit<Group, "id">>): Promise<void>;
  bind(groupId: number, binding: ChannelBinding): Promise<boolean>;
  bindings(groupId: number): Promise<ChannelBinding[]>;
}
