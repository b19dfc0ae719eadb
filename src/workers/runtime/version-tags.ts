/**
 * Which tags an official image's repository has, by the pattern its tags follow (Docker Hub's
 * `<version>[-<variant>...]` plus named tags), so that a mistyped version (`nginx:1.161`)
 * fails to pull as on a real cluster while every real tag, and any plausible one the pattern
 * allows, still pulls.
 */
export interface VersionTagRule {
  /** The newest minor version of each major the repository has: `{1: 31}` for nginx. */
  newestMinor: Readonly<Record<number, number>>;
  /** Tags that name no version (`latest`, `stable`, `mainline`); variants may follow them. */
  names: readonly string[];
  /**
   * The variant words a tag may carry after `-`, or on its own (`alpine`, `perl`, `bookworm`,
   * `slim`...); each may end in a version (`alpine3.20`).
   */
  variants: readonly string[];
}

/**
 * True when `tag` follows `rule`: a version (`1`, `1.27`, `1.27.3`, whose major the rule knows
 * and whose minor is at most its newest), a name or a variant, then any number of
 * `-<variant>`s (`1.27.3-alpine-slim`, `stable-alpine3.20-perl`, `bookworm`).
 */
export function matchesVersionTags(rule: VersionTagRule, tag: string): boolean {
  const [head, ...rest] = tag.split('-');
  const headOk = isVersion(rule, head) || rule.names.includes(head) || isVariant(rule, head);
  return headOk && rest.every((word) => isVariant(rule, word));
}

function isVersion(rule: VersionTagRule, word: string): boolean {
  const m = /^(\d+)(?:\.(\d+)(?:\.\d{1,3})?)?$/.exec(word);
  if (!m) return false;
  const newest = rule.newestMinor[Number(m[1])];
  return newest !== undefined && (m[2] === undefined || Number(m[2]) <= newest);
}

function isVariant(rule: VersionTagRule, word: string): boolean {
  const name = /^([a-z]+)(?:\d+(?:\.\d+)*)?$/.exec(word)?.[1];
  return name !== undefined && rule.variants.includes(name);
}
