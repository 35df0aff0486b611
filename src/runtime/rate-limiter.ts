/**
 * The client-side rate limiter of the "adaptive" retry mode.
 *
 * Every request takes a token from a bucket before it is sent. The bucket is
 * unlimited until the service first throttles; from then on its fill rate
 * follows CUBIC congestion control (RFC 8312): cut to 70% of the measured
 * sending rate on each throttle, then grow back along a cubic curve towards
 * and past the rate where throttling began. This is the algorithm the AWS
 * SDKs share for adaptive mode
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 * Times are in seconds, rates in requests per second.
 */
import { sleep } from "./sleep.js";

const BETA = 0.7; // multiplicative decrease on throttle
const SCALE = 0.4; // CUBIC's C
const SMOOTH = 0.8; // weight of the newest measured rate
const MIN_FILL_RATE = 0.5; // requests/s
const MIN_CAPACITY = 1; // tokens

/** Paces requests while the service is throttling the client. */
export class AdaptiveRateLimiter {
  readonly #now: () => number;
  #enabled = false;
  #fillRate = 0;
  #maxCapacity = 0;
  #capacity = 0;
  #lastRefill: number | undefined;
  #measuredRate = 0;
  #rateBucket: number;
  #requestCount = 0;
  #lastMaxRate = 0;
  #lastThrottle: number;
  #timeWindow = 0;

  /** `now` returns seconds; injectable for tests. */
  constructor(now: () => number = () => performance.now() / 1000) {
    this.#now = now;
    this.#rateBucket = Math.floor(now());
    this.#lastThrottle = now();
  }

  /** Current allowed rate in requests per second, or `Infinity` before the first throttle. */
  get rate(): number {
    return this.#enabled ? this.#fillRate : Infinity;
  }

  /** Waits until a request may be sent (at once unless the service has throttled). */
  async acquire(signal?: AbortSignal): Promise<void> {
    if (!this.#enabled) return;
    this.#refill();
    while (this.#capacity < 1) {
      await sleep(((1 - this.#capacity) / this.#fillRate) * 1000, signal);
      this.#refill();
    }
    this.#capacity -= 1;
  }

  /** Feeds back the outcome of one attempt: throttled or not. */
  update(throttled: boolean): void {
    this.#measureRate();
    let rate: number;
    const now = this.#now();
    if (throttled) {
      const base = this.#enabled ? Math.min(this.#measuredRate, this.#fillRate) : this.#measuredRate;
      this.#lastMaxRate = base;
      this.#timeWindow = Math.cbrt((this.#lastMaxRate * (1 - BETA)) / SCALE);
      this.#lastThrottle = now;
      rate = base * BETA;
      this.#enabled = true;
    } else {
      this.#timeWindow = Math.cbrt((this.#lastMaxRate * (1 - BETA)) / SCALE);
      rate = SCALE * (now - this.#lastThrottle - this.#timeWindow) ** 3 + this.#lastMaxRate;
    }
    // Never grow beyond twice what the client actually sends.
    this.#setRate(Math.min(rate, 2 * this.#measuredRate));
  }

  #refill(): void {
    const now = this.#now();
    if (this.#lastRefill !== undefined) {
      this.#capacity = Math.min(this.#maxCapacity, this.#capacity + (now - this.#lastRefill) * this.#fillRate);
    }
    this.#lastRefill = now;
  }

  #setRate(rate: number): void {
    this.#refill();
    this.#fillRate = Math.max(rate, MIN_FILL_RATE);
    this.#maxCapacity = Math.max(rate, MIN_CAPACITY);
    this.#capacity = Math.min(this.#capacity, this.#maxCapacity);
  }

  /** An exponentially smoothed sending rate over half-second buckets. */
  #measureRate(): void {
    const bucket = Math.floor(this.#now() * 2) / 2;
    this.#requestCount++;
    if (bucket > this.#rateBucket) {
      const current = this.#requestCount / (bucket - this.#rateBucket);
      this.#measuredRate = current * SMOOTH + this.#measuredRate * (1 - SMOOTH);
      this.#requestCount = 0;
      this.#rateBucket = bucket;
    }
  }
}
