// Checks on JSON text around JSON.parse: a repeated key (JSON.parse keeps the last of two equal
// keys without a word; the safetensors format forbids duplicates), and nesting that would make
// JSON.parse itself exhaust memory.

/** The path (keys from the root) of the first key that repeats within one object, or null. */
export function findDuplicateKey(text: string): string[] | null {
  // One frame per open container: objects keep their keys so far and whether a key comes next.
  const stack: Array<{ keys: Set<string> | null; expectKey: boolean; key: string }> = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '{' || c === '[') {
      stack.push({ keys: c === '{' ? new Set() : null, expectKey: c === '{', key: '' });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      if (top?.keys) top.expectKey = true;
    } else if (c === ':') {
      if (top) top.expectKey = false;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (top?.keys && top.expectKey) {
        // Decode escapes so "a" and "\u0061" count as the same key.
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return [...stack.slice(0, -1).map((f) => f.key), key];
        top.keys.add(key);
        top.key = key;
      }
      i = j;
    }
  }
  return null;
}

/**
 * Why JSON text is too deep or has too many objects and arrays for its length, or null. JSON.parse
 * builds every container before anything can be checked, and 100 MB of "[[[[…" costs gigabytes:
 * this scan (strings skipped, nothing allocated) runs first. `perContainer` is the fewest bytes of
 * text one object or array takes in a well-formed file of the format.
 */
export function jsonNestingProblem(text: string, maxDepth: number, perContainer: number): string | null {
  const maxContainers = 8 + Math.floor(text.length / perContainer);
  let depth = 0;
  let containers = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: a backslash escapes the next character.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return `nests objects and arrays more than ${maxDepth} deep (at byte ${i})`;
      if (++containers > maxContainers) return `holds more than ${maxContainers} objects and arrays for its ${text.length} bytes (at byte ${i})`;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return null;
}
