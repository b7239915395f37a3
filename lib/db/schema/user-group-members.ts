import { index, pgTable, primaryKey, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";
import { userGroups } from "./user-groups";

export const userGroupMembers = pgTable(
  "user_group_members",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    groupId: uuid("group_id")
      .notNull()
      .references(() => userGroups.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.groupId] }), index("user_group_members_group_id_idx").on(t.groupId)],
);

export type UserGroupMember = typeof userGroupMembers.$inferSelect;
