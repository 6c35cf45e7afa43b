/**
 * Adjacent `:when` directives, optionally closed by one `:otherwise`, form one choice: the
 * data picks one of their labels. Only blanks (white space) may stand between them. Shared by
 * the talk (text segments) and the paper (Markdown nodes), so both group the same way.
 */

/** The indices of the chain starting at `start` (a :when) and the index after it. */
export function chainAt<T>(
  items: readonly T[],
  start: number,
  nameOf: (item: T) => string | null,
  isBlank: (item: T) => boolean,
): { members: number[]; end: number } {
  const members = [start];
  let i = start + 1;
  while (i < items.length) {
    let j = i;
    while (j < items.length && isBlank(items[j]!)) j++;
    const name = j < items.length ? nameOf(items[j]!) : null;
    if (name !== "when" && name !== "otherwise") break;
    members.push(j);
    i = j + 1;
    if (name === "otherwise") break;
  }
  return { members, end: members.at(-1)! + 1 };
}
