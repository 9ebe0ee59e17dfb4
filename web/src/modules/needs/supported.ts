/**
 * Which needs this person has supported. The public list carries only counts (never who), so the
 * phone remembers its own 支持 taps — and a 409 ALREADY_SUPPORTED from another device also
 * lands here. Per signed-in user, in localStorage.
 */
const KEY = 'zhongli.supportedNeeds';

function storageKey(userId: number): string {
  return `${KEY}.${userId}`;
}

export function readSupported(
  userId: number | undefined,
  storage: Storage | undefined = globalThis.localStorage,
): Set<number> {
  if (!userId || !storage) return new Set();
  try {
    const parsed: unknown = JSON.parse(storage.getItem(storageKey(userId)) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((x): x is number => Number.isInteger(x)) : []);
  } catch {
    return new Set();
  }
}

export function rememberSupported(
  userId: number | undefined,
  needId: number,
  storage: Storage | undefined = globalThis.localStorage,
): Set<number> {
  const set = readSupported(userId, storage);
  set.add(needId);
  if (userId && storage) {
    try {
      // the newest 500 are plenty for one person
      storage.setItem(storageKey(userId), JSON.stringify([...set].slice(-500)));
    } catch {
      /* storage blocked: still shown for this visit */
    }
  }
  return set;
}
