// The interactions an adapter has taken and not finished, so that a graceful stop can refuse new ones
// (draining) and wait for every acknowledged one to be recorded and answered.
export class InFlight {
  readonly #running = new Set<Promise<unknown>>();
  #draining = false;

  /** True once the bot is stopping: new interactions are not taken (not acknowledged). */
  get draining(): boolean {
    return this.#draining;
  }

  drain(): void {
    this.#draining = true;
  }

  get size(): number {
    return this.#running.size;
  }

  track<T>(work: Promise<T>): Promise<T> {
    this.#running.add(work);
    const forget = () => void this.#running.delete(work);
    work.then(forget, forget);
    return work;
  }

  /** Resolves once everything taken so far, and whatever those started meanwhile, has finished. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }
}
