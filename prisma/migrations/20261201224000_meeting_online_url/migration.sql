-- An online meeting has a videoconference link instead of a venue.
ALTER TABLE "Meeting" ADD COLUMN "onlineUrl" TEXT;
