-- Decision numbers come from a counter row per group and year (taken by incrementing it), no longer
-- from the highest number plus one; the counters start where each register stands.
CREATE TABLE "DecisionCounter" (
    "groupId" INTEGER NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    PRIMARY KEY ("groupId", "year"),
    CONSTRAINT "DecisionCounter_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

INSERT INTO "DecisionCounter" ("groupId", "year", "last") SELECT "groupId", "year", MAX("seq") FROM "Decision" GROUP BY "groupId", "year";
