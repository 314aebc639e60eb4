-- Calendar updates carry an increasing SEQUENCE and a LAST-MODIFIED per meeting; each group may have
-- a secret calendar feed address, of which only the hash is kept.
ALTER TABLE "Meeting" ADD COLUMN "calendarSequence" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Meeting" ADD COLUMN "calendarUpdatedAt" DATETIME;

CREATE TABLE "CalendarFeed" (
    "groupId" INTEGER NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "createdById" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "CalendarFeed_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "CalendarFeed_tokenHash_key" ON "CalendarFeed"("tokenHash");
