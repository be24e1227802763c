/** Fresh profiles and sessions, and the rules that keep stored ones well-formed. */
import type { Profile, Session, UserState } from '../types.ts';

/** A new user's profile. */
export function newProfile(userId: string, now: number): Profile {
  return {
    userId,
    createdAt: now,
    sizes: {},
    likedColors: [],
    dislikedColors: [],
    dislikedMaterials: [],
    styles: [],
    tone: 'friendly',
    feedback: [],
    wishlist: [],
    trendOptIn: false,
  };
}

/** A new, empty session. */
export function newSession(userId: string, now: number): Session {
  return { userId, turns: 0, lastActiveAt: now, lastShown: [], lastOutfits: [], lastSignals: [] };
}

/** A new user's state. */
export function newUserState(userId: string, now: number): UserState {
  return { profile: newProfile(userId, now), session: newSession(userId, now) };
}

/**
 * Completes a stored state with the defaults of fields added since it was written, so older records load.
 */
export function upgradeState(userId: string, now: number, profile?: Partial<Profile>, session?: Partial<Session>) {
  const fresh = newUserState(userId, now);
  return {
    profile: { ...fresh.profile, ...profile, userId },
    session: { ...fresh.session, ...session, userId },
  } satisfies UserState;
}
