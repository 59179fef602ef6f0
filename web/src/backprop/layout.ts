// Where the visualizer draws each node: columns by depth (a leaf just left of its first consumer),
// rows by a walk back from the loss, so each unit's inputs sit together and an op between its inputs.

export interface Band { title: string; from: number; to: number }

interface Placeable { id: string; op: string; inputs: string[]; column: number; row: number }

/** Sets `column` and `row` on every node (given in topological order, the loss last) and names the column bands. */
export function layout(nodes: Placeable[], anchors: { hidden: string; output: string; loss: string }): { columns: number; rows: number; bands: Band[] } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const consumers = new Map<string, Placeable[]>();
  for (const n of nodes) for (const i of n.inputs) consumers.set(i, [...(consumers.get(i) ?? []), n]);

  for (const n of nodes) n.column = n.op === 'leaf' ? 0 : 1 + Math.max(...n.inputs.map((i) => byId.get(i)!.column));
  for (const n of nodes) if (n.op === 'leaf') n.column = Math.min(...(consumers.get(n.id) ?? [{ column: 1 }]).map((c) => c.column)) - 1;

  // Leaves of the first column take the next free row the first time the walk meets them; an op
  // sits at the mean row of the inputs it reached first (a shared input, met earlier, does not
  // pull it away); a leaf further right (a bias, an output weight, the target) sits a row above or
  // below the input it joins, on the side of its place in the formula.
  let slot = 0;
  const placed = new Set<string>();
  const place = (n: Placeable): void => {
    placed.add(n.id);
    if (n.op === 'leaf') {
      n.row = slot++;
      return;
    }
    const own = n.inputs.filter((i) => !placed.has(i)).map((i) => byId.get(i)!);
    own.forEach((x) => placed.add(x.id));
    const late = (x: Placeable): boolean => x.op === 'leaf' && x.column > 0;
    for (const x of own) if (!late(x)) place(x);
    const early = n.inputs.map((i) => byId.get(i)!).filter((x) => !late(x));
    const anchor = early.reduce((a, x) => a + x.row, 0) / early.length;
    const firstEarly = n.inputs.findIndex((i) => !late(byId.get(i)!));
    own.forEach((x) => {
      if (late(x)) x.row = anchor + (n.inputs.indexOf(x.id) < firstEarly ? -1 : 1);
    });
    const from = own.some((x) => !late(x)) ? own : n.inputs.map((i) => byId.get(i)!);
    n.row = from.reduce((a, x) => a + x.row, 0) / from.length;
  };
  place(nodes[nodes.length - 1]!);

  // Within a column, keep nodes at least a row apart, in the order the walk gave them.
  const columns = 1 + Math.max(...nodes.map((n) => n.column));
  for (let c = 0; c < columns; c++) {
    const col = nodes.filter((n) => n.column === c).sort((a, b) => a.row - b.row);
    for (let i = 1; i < col.length; i++) col[i]!.row = Math.max(col[i]!.row, col[i - 1]!.row + 1);
  }
  const top = Math.min(...nodes.map((n) => n.row));
  for (const n of nodes) n.row -= top;

  const col = (id: string): number => byId.get(id)!.column;
  const bands: Band[] = [
    { title: 'Inputs', from: 0, to: 0 },
    { title: 'Hidden layer', from: 1, to: col(anchors.hidden) },
    { title: 'Output', from: col(anchors.hidden) + 1, to: col(anchors.output) },
    { title: 'Loss', from: col(anchors.output) + 1, to: col(anchors.loss) },
  ];
  return { columns, rows: 1 + Math.max(...nodes.map((n) => n.row)), bands };
}
