-- Calendar updates carry an increasing SEQUENCE and a LAST-MODIFIED per meeting; each group may have
-- a secret calendar feed address, of which only the hash is kept.
ALTER TABLE "Meeting" ADD COLUMN "calendarSequence" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "calendarUpdatedAt" TIMESTAMP(3);

CREATE TABLE "CalendarFeed" (
    "groupId" INTEGER NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendarFeed_pkey" PRIMARY KEY ("groupId")
);

CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");

ALTER TABLE "CalendarFeed" ADD CONSTRAINT "CalendarFeed_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
