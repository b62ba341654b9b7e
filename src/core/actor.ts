// Who acts: the one Actor type of every write. A signed-in user carries id, name and role; the
// system (first start, recipes, reminders) and CLI runs without a user carry a name only.

export interface Actor {
  /** The user's id; null for the system and for CLI runs that name no user. */
  userId: number | null;
  /** Username, or 'system' / 'cli:<os user>' — what the audit log shows. */
  name: string;
  /** The user's role (src/modules/users/permissions.ts), when a user acts. */
  role?: string;
}

export const systemActor = (name = 'system'): Actor => ({ userId: null, name });
