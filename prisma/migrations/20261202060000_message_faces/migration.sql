-- What each posted message shows now, in the database rather than in each process's memory, so that a
-- replica never skips a redraw because it remembers a face another replica has since changed.
CREATE TABLE "MessageFace" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "shownAt" DATETIME NOT NULL
);
CREATE UNIQUE INDEX "MessageFace_platform_ref_key" ON "MessageFace"("platform", "ref");
CREATE INDEX "MessageFace_shownAt_idx" ON "MessageFace"("shownAt");
