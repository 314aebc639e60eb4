-- The whole schema as of the SQLite history's 20261126000000_outbox_target_index, written by Prisma 6.19.3's
-- migrate diff --from-empty --to-schema-datamodel prisma/postgres/schema.prisma --script (docs/architecture.md).
-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Group" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Agency" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "frameworkContributor" BOOLEAN NOT NULL DEFAULT false,
    "joinedAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "handle" TEXT NOT NULL,
    "agencyId" INTEGER,
    "isHead" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Identity" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,

    CONSTRAINT "Identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RoleGrant" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoleGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Poll" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "text" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'general',
    "procedure" TEXT NOT NULL DEFAULT 'consensus',
    "quorumPercent" INTEGER,
    "subject" TEXT,
    "openedById" INTEGER NOT NULL,
    "openedAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "outcome" TEXT,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Poll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PollElector" (
    "pollId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "removedAt" TIMESTAMP(3),

    CONSTRAINT "PollElector_pkey" PRIMARY KEY ("pollId","agencyId")
);

-- CreateTable
CREATE TABLE "Position" (
    "pollId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "stance" TEXT NOT NULL,
    "reason" TEXT,
    "endorsed" BOOLEAN NOT NULL DEFAULT false,
    "castById" INTEGER NOT NULL,
    "castAt" TIMESTAMP(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Position_pkey" PRIMARY KEY ("pollId","agencyId")
);

-- CreateTable
CREATE TABLE "PositionChange" (
    "id" SERIAL NOT NULL,
    "pollId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "stance" TEXT NOT NULL,
    "reason" TEXT,
    "endorsed" BOOLEAN NOT NULL DEFAULT false,
    "castById" INTEGER NOT NULL,
    "castAt" TIMESTAMP(3) NOT NULL,
    "platform" TEXT NOT NULL,

    CONSTRAINT "PositionChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "pollId" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "tally" TEXT NOT NULL,
    "objections" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" INTEGER,
    "action" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "action" TEXT NOT NULL DEFAULT 'post',
    "target" TEXT,
    "audience" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "data" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxDelivery" (
    "id" SERIAL NOT NULL,
    "messageId" INTEGER NOT NULL,
    "destination" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "ref" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScheduledJob" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "dedupeKey" TEXT NOT NULL,
    "doneAt" TIMESTAMP(3),
    "doneBy" TEXT,

    CONSTRAINT "ScheduledJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelBinding" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "platform" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "boundAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChannelBinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" SERIAL NOT NULL,
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
    "heldAt" TIMESTAMP(3),
    "minutes" TEXT,
    "minutesIssuedAt" TIMESTAMP(3),
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingHost" (
    "meetingId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,

    CONSTRAINT "MeetingHost_pkey" PRIMARY KEY ("meetingId","agencyId")
);

-- CreateTable
CREATE TABLE "VenueProposal" (
    "id" SERIAL NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VenueProposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VenueHost" (
    "proposalId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,

    CONSTRAINT "VenueHost_pkey" PRIMARY KEY ("proposalId","agencyId")
);

-- CreateTable
CREATE TABLE "AdvisorNotice" (
    "id" SERIAL NOT NULL,
    "meetingId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "affiliation" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "conflicts" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL,
    "notifiedById" INTEGER NOT NULL,
    "notifiedAt" TIMESTAMP(3) NOT NULL,
    "acknowledgedById" INTEGER,
    "acknowledgedAt" TIMESTAMP(3),

    CONSTRAINT "AdvisorNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChairTerm" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "personId" INTEGER NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endedOn" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChairTerm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JoinRequest" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "agencyId" INTEGER NOT NULL,
    "receivedOn" TEXT NOT NULL,
    "objectives" TEXT NOT NULL,
    "pollId" INTEGER,
    "recordedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JoinRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Announcement" (
    "id" SERIAL NOT NULL,
    "groupId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "postAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "postedAt" TIMESTAMP(3),
    "editedAt" TIMESTAMP(3),
    "retractedAt" TIMESTAMP(3),
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Announcement_pkey" PRIMARY KEY ("id")
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
CREATE INDEX "OutboxMessage_target_idx" ON "OutboxMessage"("target");

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

-- AddForeignKey
ALTER TABLE "Agency" ADD CONSTRAINT "Agency_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Identity" ADD CONSTRAINT "Identity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RoleGrant" ADD CONSTRAINT "RoleGrant_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Poll" ADD CONSTRAINT "Poll_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollElector" ADD CONSTRAINT "PollElector_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollElector" ADD CONSTRAINT "PollElector_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Position" ADD CONSTRAINT "Position_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Position" ADD CONSTRAINT "Position_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PositionChange" ADD CONSTRAINT "PositionChange_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_pollId_fkey" FOREIGN KEY ("pollId") REFERENCES "Poll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxDelivery" ADD CONSTRAINT "OutboxDelivery_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "OutboxMessage"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScheduledJob" ADD CONSTRAINT "ScheduledJob_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelBinding" ADD CONSTRAINT "ChannelBinding_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingHost" ADD CONSTRAINT "MeetingHost_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VenueProposal" ADD CONSTRAINT "VenueProposal_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VenueHost" ADD CONSTRAINT "VenueHost_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "VenueProposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AdvisorNotice" ADD CONSTRAINT "AdvisorNotice_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChairTerm" ADD CONSTRAINT "ChairTerm_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JoinRequest" ADD CONSTRAINT "JoinRequest_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Announcement" ADD CONSTRAINT "Announcement_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

