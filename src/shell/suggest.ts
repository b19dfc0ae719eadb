/**
 * "Did you mean" for a mistyped command: the known name at the smallest edit distance
 * (a swap of two neighbouring letters counts as one edit), if it is close enough.
 */

/** Optimal string alignment distance between two words. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest of `names` to `word` (at most 2 edits, and fewer than half its letters). */
export function nearestCommand(word: string, names: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of new Set(names)) {
    if (name.length <= 1) continue;
    const distance = editDistance(word.toLowerCase(), name);
    if (
      distance < bestDistance ||
      (distance === bestDistance && best !== undefined && name < best)
    ) {
      best = name;
      bestDistance = distance;
    }
  }
  if (best === undefined || bestDistance > 2 || bestDistance * 2 >= Math.max(word.length, 2))
    return undefined;
  return best;
}
