-- The changes (edits, removals) of a message are looked up by their target when it is delivered.
CREATE INDEX "OutboxMessage_target_idx" ON "OutboxMessage"("target");
