import type { ProfileView } from '@coffer/contracts';

/**
 * What a change to a profile's User Privacy & Access does to its members, said before saving:
 * how many users it affects and whether it locks them out of the web portal (the portal lets
 * a user in only when web restore or sharing is allowed).
 */
export interface AccessChangeImpact {
  changed: boolean;
  affectedUsers: number;
  locksOutOfPortal: boolean;
  message: string;
}

export function accessChangeImpact(
  profile: Pick<ProfileView, 'allowWebRestore' | 'allowShare' | 'memberCount'>,
  next: { allowWebRestore: boolean; allowShare: boolean },
): AccessChangeImpact {
  const changed =
    profile.allowWebRestore !== next.allowWebRestore || profile.allowShare !== next.allowShare;
  const locksOutOfPortal =
    changed &&
    !next.allowWebRestore &&
    !next.allowShare &&
    (profile.allowWebRestore || profile.allowShare);
  const users = `${profile.memberCount} user${profile.memberCount === 1 ? '' : 's'}`;
  const message = !changed
    ? 'Nothing changes.'
    : locksOutOfPortal
      ? `With both restore from web browser and sharing off, the ${users} of this profile can no longer sign in to the web portal.`
      : `This changes what the ${users} of this profile can do at their next sign-in.`;
  return { changed, affectedUsers: changed ? profile.memberCount : 0, locksOutOfPortal, message };
}

/** Moving one user into `profile`: whether it leaves them without the web portal. */
export function profileLocksOutOfPortal(
  profile: Pick<ProfileView, 'allowWebRestore' | 'allowShare'>,
): boolean {
  return !profile.allowWebRestore && !profile.allowShare;
}

/** A user without a profile of their own is in the organisation's default profile (as sign-in applies it). */
export function profileOf<P extends Pick<ProfileView, 'id' | 'isDefault'>>(
  user: { profileId: string | null },
  profiles: P[],
): P | undefined {
  return user.profileId
    ? profiles.find((profile) => profile.id === user.profileId)
    : profiles.find((profile) => profile.isDefault);
}
