/**
 * `load`'s first success, shared by every caller (concurrent ones join the call in flight). A failure
 * is not remembered: a hiccup at start-up must not last for the life of the process, so the next
 * call tries again.
 */
export function memoizeAsync<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    if (!pending) {
      const attempt = load();
      pending = attempt;
      attempt.catch(() => {
        if (pending === attempt) pending = null;
      });
    }
    return pending;
  };
}
