// The anchor id a lesson's heading gets, so a search hit (or any link) can jump to its section.

/** "Width vs fit: measured" → "width-vs-fit-measured"; math and marks dropped, letters of any script kept. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/\$[^$]*\$/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}
