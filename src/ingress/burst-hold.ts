/**
 * Holds work while a burst is still arriving: what is added runs once nothing new has come for `quietMs`,
 * or once the oldest held item has waited `maxHoldMs`, whichever is first. The ingress thread acks every
 * event of a burst while the main thread, which would otherwise compete with it for the CPU, waits.
 */
export class BurstHold {
  private held: Array<() => void> = [];
  private oldest = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: { quietMs: number; maxHoldMs: number }) {}

  add(work: () => void): void {
    const now = Date.now();
    if (this.held.length === 0) this.oldest = now;
    this.held.push(work);
    clearTimeout(this.timer);
    const untilMax = this.oldest + this.options.maxHoldMs - now;
    this.timer = setTimeout(() => this.release(), Math.max(0, Math.min(this.options.quietMs, untilMax)));
  }

  /** Runs everything held now (also on stop, so nothing acked is left behind). */
  release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const held = this.held;
    this.held = [];
    for (const work of held) work();
  }
}
