/** How many characters from the end of a token the fingerprint reads: a JWT ends in its signature, random bytes. */
const FINGERPRINT_CHARS = 32;

/**
 * The verified-token cache's admission filter: a token earns a cache entry on its second sighting,
 * not its first. A gateway facing many one-off tokens (short-lived tokens, many clients) otherwise
 * stores every one of them, holds it (and its claims) through thousands of requests and evicts it
 * unused: an insertion and an eviction per request for nothing. A token that is used again pays one
 * more verification.
 *
 * The memory is a fixed table of fingerprints indexed by fingerprint (allocated once, no garbage per
 * token): a sighting is remembered until a later token lands in the same slot, so the "window" is the
 * last few thousand distinct tokens. Whatever the filter answers, the token has been verified already;
 * a false "seen before" (two tokens with one fingerprint) only admits a verified token early, so the
 * filter never decides what is accepted, only what is remembered.
 */
export class SecondSighting {
  private readonly slots: Uint32Array;
  private readonly mask: number;

  /** `slots` is rounded up to a power of two. */
  constructor(slots: number) {
    let size = 1;
    while (size < slots) size *= 2;
    this.slots = new Uint32Array(size);
    this.mask = size - 1;
  }

  /** True when `token` was seen since its slot was last taken (and then it stays remembered); false on a first sighting, which is recorded. */
  sighted(token: string): boolean {
    const print = fingerprint(token);
    const slot = print & this.mask;
    if (this.slots[slot] === print) return true;
    this.slots[slot] = print;
    return false;
  }
}

/** FNV-1a over the token's length and its last characters, then mixed; never 0, the empty slot. */
function fingerprint(token: string): number {
  let hash = Math.imul(0x811c9dc5 ^ token.length, 0x01000193);
  for (let i = Math.max(0, token.length - FINGERPRINT_CHARS); i < token.length; i++) {
    hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
  }
  // Mixed so the low bits, which pick the slot, depend on every character read.
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0 || 1;
}
