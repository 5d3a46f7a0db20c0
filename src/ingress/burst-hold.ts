/**
 * Holds items while a burst is still arriving: what is held is released together once nothing new has
 * come for `quietMs`, or once the oldest held item has waited `maxHoldMs`, whichever is first.
 */
export class BurstHold<T> {
  private held: T[] = [];
  private oldest = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: { quietMs: number; maxHoldMs: number },
    private readonly onRelease: (items: T[]) => void,
  ) {}

  add(item: T): void {
    const now = Date.now();
    if (this.held.length === 0) this.oldest = now;
    this.held.push(item);
    clearTimeout(this.timer);
    const untilMax = this.oldest + this.options.maxHoldMs - now;
    this.timer = setTimeout(() => this.release(), Math.max(0, Math.min(this.options.quietMs, untilMax)));
  }

  /** Releases everything held now (also on stop, so nothing is left behind). */
  release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const held = this.held;
    this.held = [];
    if (held.length > 0) this.onRelease(held);
  }
}
