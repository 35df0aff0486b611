import { expect } from "chai";
import { AdaptiveRateLimiter, AbortError } from "../../src/runtime/index.js";

describe("adaptive rate limiter", () => {
  it("does not limit before the first throttle", async () => {
    const limiter = new AdaptiveRateLimiter(() => 0);
    for (let i = 0; i < 1000; i++) await limiter.acquire();
    expect(limiter.rate).to.equal(Infinity);
  });

  it("cuts the rate on throttling and grows it back on success", () => {
    let now = 0;
    const limiter = new AdaptiveRateLimiter(() => now);
    // Send about 20 requests per second for 5 s.
    for (; now < 5; now += 0.05) limiter.update(false);
    limiter.update(true);
    const throttled = limiter.rate;
    expect(throttled).to.be.within(10, 16); // 0.7 x ~20/s
    // Keep sending successfully: the rate climbs along the cubic curve.
    const rates: number[] = [];
    for (let i = 0; i < 200; i++) {
      now += 0.05;
      limiter.update(false);
      rates.push(limiter.rate);
    }
    expect(rates.at(-1)!).to.be.greaterThan(throttled);
    // A further throttle cuts it again.
    limiter.update(true);
    expect(limiter.rate).to.be.below(rates.at(-1)!);
  });

  it("never drops below half a request per second", () => {
    let now = 0;
    const limiter = new AdaptiveRateLimiter(() => now);
    for (let i = 0; i < 20; i++) {
      now += 0.5;
      limiter.update(true);
    }
    expect(limiter.rate).to.equal(0.5);
  });

  it("makes acquire wait while limited, and the wait is abortable", async () => {
    const limiter = new AdaptiveRateLimiter();
    limiter.update(true); // measured rate 0: limited to the minimum, 0.5/s
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    const err = await limiter.acquire(controller.signal).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(AbortError);
    expect(Date.now() - started).to.be.below(1_000);
  });
});
