-- CreateTable
CREATE TABLE "Group" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "pollReminderHours" TEXT NOT NULL DEFAULT '72,24',
    "meetingReminderDays" TEXT NOT NULL DEFAULT '90,30,7,1',
    "advisorNoticeDays" INTEGER NOT NULL DEFAULT 14,
    "annualAlertMonths" TEXT NOT NULL DEFAULT '9,11',
    "chairAlertMonths" TEXT NOT NULL DEFAULT '12,18',
    "mandateAlertMonths" TEXT NOT NULL DEFAULT '12,6',
    "minutesReminderDays" INTEGER NOT NULL DEFAULT 30,
    "catchUpFoldHours" INTEGER NOT NULL DEFAULT 6,
    "mandateEndsOn" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Agency" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "frameworkContributor" BOOLEAN NOT NULL DEFAULT false,
    "joinedAt" DATETIME,
    "withdrawnAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Agency_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "handle" TEXT NOT NULL,
    "agencyId" INTEGER,
    "isHead" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Person_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Person_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Identity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    CONSTRAINT "Identity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoleGrant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "personId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "grantedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoleGrant_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Poll" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'general',
    "procedure" TEXT NOT NULL DEFAULT 'consensus',
    "quorumPercent" INTEGER,
    "subject" TEXT,
    "openedById" INTEGER NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "closesAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "outcome" TEXT,
    "closedAt" DATETIME,
    CONSTRAINT "Poll_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PollElector" (
    "pollId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "removedAt" DATETIME,

    PRIMARY KEY ("pollId", "agencyId"),
    CONSTRAINT "PollElector_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PollElector_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Position" (
    "pollId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "stance" TEXT NOT NULL,
    "reason" TEXT,
    "endorsed" BOOLEAN NOT NULL DEFAULT false,
    "castById" INTEGER NOT NULL,
    "castAt" DATETIME NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    PRIMARY KEY ("pollId", "agencyId"),
    CONSTRAINT "Position_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Position_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PositionChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pollId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "stance" TEXT NOT NULL,
    "reason" TEXT,
    "endorsed" BOOLEAN NOT NULL DEFAULT false,
    "castById" INTEGER NOT NULL,
    "castAt" DATETIME NOT NULL,
    "platform" TEXT NOT NULL,
    CONSTRAINT "PositionChange_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "pollId" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "tally" TEXT NOT NULL,
    "objections" TEXT NOT NULL,
    "decidedAt" DATETIME NOT NULL,
    CONSTRAINT "Decision_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Decision_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "AuditEntry_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "action" TEXT NOT NULL DEFAULT 'post',
    "target" TEXT,
    "audience" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "data" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    CONSTRAINT "OutboxMessage_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OutboxDelivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "messageId" INTEGER NOT NULL,
    "destination" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "ref" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sentAt" DATETIME,
    CONSTRAINT "OutboxDelivery_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "OutboxMessage" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScheduledJob" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "dedupeKey" TEXT NOT NULL,
    "doneAt" DATETIME,
    "doneBy" TEXT,
    CONSTRAINT "ScheduledJob_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChannelBinding" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "boundAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChannelBinding_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'plenary',
    "title" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planning',
    "event" TEXT,
    "city" TEXT,
    "country" TEXT,
    "venue" TEXT,
    "agreedProposalId" INTEGER,
    "heldAt" DATETIME,
    "minutes" TEXT,
    "minutesIssuedAt" DATETIME,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "Meeting_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MeetingHost" (
    "meetingId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,

    PRIMARY KEY ("meetingId", "agencyId"),
    CONSTRAINT "MeetingHost_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VenueProposal" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "meetingId" INTEGER NOT NULL,
    "city" TEXT NOT NULL,
    "country" TEXT NOT NULL,
    "venue" TEXT,
    "event" TEXT,
    "startsOn" TEXT,
    "endsOn" TEXT,
    "costsAccepted" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'proposed',
    "pollId" INTEGER,
    "proposedById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "VenueProposal_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "VenueHost" (
    "proposalId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,

    PRIMARY KEY ("proposalId", "agencyId"),
    CONSTRAINT "VenueHost_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "VenueProposal" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AdvisorNotice" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "meetingId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "affiliation" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "conflicts" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL,
    "notifiedById" INTEGER NOT NULL,
    "notifiedAt" DATETIME NOT NULL,
    "acknowledgedById" INTEGER,
    "acknowledgedAt" DATETIME,
    CONSTRAINT "AdvisorNotice_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChairTerm" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endedOn" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "ChairTerm_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JoinRequest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "receivedOn" TEXT NOT NULL,
    "objectives" TEXT NOT NULL,
    "pollId" INTEGER,
    "recordedById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "JoinRequest_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Announcement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "groupId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "postAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "postedAt" DATETIME,
    "editedAt" DATETIME,
    "retractedAt" DATETIME,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "Announcement_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Agency_groupId_code_key" ON "Agency"("groupId", "code");

-- CreateIndex
CREATE INDEX "Person_agencyId_idx" ON "Person"("agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_groupId_handle_key" ON "Person"("groupId", "handle");

-- CreateIndex
CREATE INDEX "Identity_personId_idx" ON "Identity"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Identity_groupId_platform_externalId_key" ON "Identity"("groupId", "platform", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "RoleGrant_personId_role_key" ON "RoleGrant"("personId", "role");

-- CreateIndex
CREATE INDEX "Poll_groupId_status_idx" ON "Poll"("groupId", "status");

-- CreateIndex
CREATE INDEX "PositionChange_pollId_agencyId_idx" ON "PositionChange"("pollId", "agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_pollId_key" ON "Decision"("pollId");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_groupId_year_seq_key" ON "Decision"("groupId", "year", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_groupId_number_key" ON "Decision"("groupId", "number");

-- CreateIndex
CREATE INDEX "AuditEntry_groupId_subject_idx" ON "AuditEntry"("groupId", "subject");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_idempotencyKey_key" ON "OutboxMessage"("idempotencyKey");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxDelivery_messageId_destination_key" ON "OutboxDelivery"("messageId", "destination");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduledJob_dedupeKey_key" ON "ScheduledJob"("dedupeKey");

-- CreateIndex
CREATE INDEX "ScheduledJob_status_dueAt_idx" ON "ScheduledJob"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelBinding_groupId_platform_channelId_purpose_key" ON "ChannelBinding"("groupId", "platform", "channelId", "purpose");

-- CreateIndex
CREATE INDEX "Meeting_groupId_status_idx" ON "Meeting"("groupId", "status");

-- CreateIndex
CREATE INDEX "VenueProposal_meetingId_idx" ON "VenueProposal"("meetingId");

-- CreateIndex
CREATE UNIQUE INDEX "AdvisorNotice_meetingId_nameKey_key" ON "AdvisorNotice"("meetingId", "nameKey");

-- CreateIndex
CREATE INDEX "ChairTerm_groupId_endedOn_idx" ON "ChairTerm"("groupId", "endedOn");

-- CreateIndex
CREATE INDEX "JoinRequest_groupId_agencyId_idx" ON "JoinRequest"("groupId", "agencyId");

-- CreateIndex
CREATE INDEX "Announcement_groupId_status_idx" ON "Announcement"("groupId", "status");

