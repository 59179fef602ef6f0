// Finds a repeated key in JSON text that JSON.parse already accepted. JSON.parse keeps the last of
// two equal keys without a word; the safetensors format forbids duplicates, so loaders check here.

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
