/** Disjoint sets of strings whose representative is the least member under `compare`. */
export class UnionFind {
  private readonly parent = new Map<string, string>();

  constructor(private readonly compare: (a: string, b: string) => number) {}

  find(item: string): string {
    let root = this.parent.get(item) ?? item;
    while (root !== (this.parent.get(root) ?? root)) root = this.parent.get(root)!;
    // Path compression: later finds are one step.
    let node = item;
    while (node !== root) {
      const next = this.parent.get(node) ?? node;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra === rb) return;
    if (this.compare(ra, rb) <= 0) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }
}
