import type { Clock } from "./shared/clock.ts";
import type { Store } from "./store.ts";

/** What every use case needs: the store and the time. */
export interface Deps {
  store: Store;
  clock: Clock;
}
