// Client-safe: the group forms and the server (actions, verbs) validate with these.
import { z } from "zod";
import { DEFAULT_PAGE_SIZE } from "@/lib/users/schema";
import { isPlainText, PLAIN_TEXT_ERROR, withoutNul } from "@/lib/security/text";

export const GROUP_NAME_MAX_LENGTH = 50;
export const FRIENDLY_NAME_MAX_LENGTH = 100;

/** A slug-like identifier (it is what applications see in the groups claim); stored lower-case. */
export const GROUP_NAME_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,49}$/;

export const groupNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter a name.")
  .max(GROUP_NAME_MAX_LENGTH, `At most ${GROUP_NAME_MAX_LENGTH} characters.`)
  .regex(GROUP_NAME_PATTERN, "Use lower-case letters, digits and _ . - only, starting with a letter or digit.");

export const groupFieldsSchema = z.object({
  name: groupNameSchema,
  friendlyName: z
    .string()
    .trim()
    .min(1, "Enter a friendly name.")
    .max(FRIENDLY_NAME_MAX_LENGTH, `At most ${FRIENDLY_NAME_MAX_LENGTH} characters.`)
    .refine(isPlainText, PLAIN_TEXT_ERROR),
});
export type GroupFieldsInput = z.infer<typeof groupFieldsSchema>;

export const groupIdSchema = z.guid("Unknown group.");

export const updateGroupSchema = groupFieldsSchema.extend({ id: groupIdSchema });
export type UpdateGroupInput = z.infer<typeof updateGroupSchema>;

export const groupMembersSchema = z.object({
  groupId: groupIdSchema,
  userIds: z.array(z.guid("Unknown user.")).min(1, "Choose at least one user.").max(500, "At most 500 users at once."),
});
export type GroupMembersInput = z.infer<typeof groupMembersSchema>;

/** Groups list URL state (`?q=&page=`); lenient like the users list. */
export const groupListQuerySchema = z.object({
  q: z.string().trim().max(100).transform(withoutNul).catch(""),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
  pageSize: z.coerce.number().int().min(1).max(100).catch(DEFAULT_PAGE_SIZE),
});
export type GroupListQuery = z.infer<typeof groupListQuerySchema>;

/** A group page with its members list's URL state. */
export const groupDetailQuerySchema = groupListQuerySchema.extend({ id: groupIdSchema });
export type GroupDetailQuery = z.infer<typeof groupDetailQuerySchema>;

export const groupPickerQuerySchema = z.object({
  q: z.string().trim().max(100).transform(withoutNul).catch(""),
  /** Leave out groups this user already belongs to. */
  excludeUserId: z.guid().optional().catch(undefined),
  /** LDAP groups too, even while LDAP is enabled (choosing an application's allowed groups). */
  anySource: z.boolean().optional().catch(undefined),
});
export type GroupPickerQuery = z.infer<typeof groupPickerQuerySchema>;
