-- When the bot first received the request behind each position, so that a re-run of an older request never overwrites a newer position.
ALTER TABLE "Position" ADD COLUMN "requestedAt" DATETIME;
