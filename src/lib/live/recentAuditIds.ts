/**
 * The auditIDs seen lately, to count the stages of one request once: with `omitStages: [RequestReceived]` a
 * long-running request (watch, exec, port-forward) still sends ResponseStarted and, later, ResponseComplete, maybe in
 * another batch. Bounded, oldest forgotten first, so a server that runs for weeks does not grow without end.
 */
export class RecentAuditIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 1_000_000) {}

  /**
   * Whether `id` is new (and remembers it). The empty auditID (an input without one) is always new.
   * @example const seen = new RecentAuditIds(2); [seen.add("a"), seen.add("a")] // [true, false]
   */
  add(id: string): boolean {
    if (id === "") return true;
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    // A Set iterates in insertion order: its first element is the oldest.
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }

  get size(): number {
    return this.ids.size;
  }
}
