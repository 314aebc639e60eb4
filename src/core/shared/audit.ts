export interface AuditEntry {
  groupId: number;
  at: Date;
  actorId: number | null;
  action: string;
  subject: string;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
  forSubject(groupId: number, subject: string): Promise<AuditEntry[]>;
}
