import { marshall as officialMarshall, unmarshall as officialUnmarshall } from "@aws-sdk/util-dynamodb";
import { unmarshall } from "../src/document/unmarshall.ts";

function nested(i: number) {
  return {
    pk: `ORDER#${i}`,
    customer: { id: i, name: "Grace", address: { street: "1 Main St", city: "Arlington", zip: "22201", geo: { lat: 38.88, lon: -77.1 } } },
    lines: [
      { sku: "A-1", qty: 2, price: 9.99, tags: ["new", "promo"] },
      { sku: "B-7", qty: 1, price: 120, tags: [] },
      { sku: "C-3", qty: 5, price: 0.5, tags: ["bulk"] },
    ],
    labels: new Set(["gift", "express"]),
    totals: { net: 145.48, tax: 11.64, gross: 157.12 },
  };
}
function numberList(i: number) {
  const values: number[] = [];
  for (let k = 0; k < 200; k++) values.push(k % 2 === 0 ? k * 1000 + i : k / 8);
  return { pk: `SERIES#${i}`, values };
}
// variant A: probe properties
function a(av: any): any {
  let v;
  if ((v = av.S) !== undefined) return v;
  if ((v = av.N) !== undefined) return +v;
  if ((v = av.M) !== undefined) { const o: any = {}; for (const k in v) o[k] = a(v[k]); return o; }
  if ((v = av.L) !== undefined) { const o = new Array(v.length); for (let i = 0; i < v.length; i++) o[i] = a(v[i]); return o; }
  if ((v = av.BOOL) !== undefined) return v;
  if ((v = av.NULL) !== undefined) return null;
  if ((v = av.SS) !== undefined) return new Set(v);
  throw new Error();
}
// variant B: for-in tag
function b(av: any): any {
  for (const tag in av) {
    const v = av[tag];
    switch (tag) {
      case "S": return v;
      case "N": return +v;
      case "M": { const o: any = {}; for (const k in v) o[k] = b(v[k]); return o; }
      case "L": { const o = new Array(v.length); for (let i = 0; i < v.length; i++) o[i] = b(v[i]); return o; }
      case "BOOL": return v;
      case "NULL": return null;
      case "SS": return new Set(v);
    }
  }
  throw new Error();
}
// variant C: Object.keys map
function c(av: any): any {
  let v;
  if ((v = av.S) !== undefined) return v;
  if ((v = av.N) !== undefined) return +v;
  if ((v = av.M) !== undefined) { const o: any = {}; const ks = Object.keys(v); for (let i = 0; i < ks.length; i++) { const k = ks[i]!; o[k] = c(v[k]); } return o; }
  if ((v = av.L) !== undefined) { const o = new Array(v.length); for (let i = 0; i < v.length; i++) o[i] = c(v[i]); return o; }
  if ((v = av.BOOL) !== undefined) return v;
  if ((v = av.NULL) !== undefined) return null;
  if ((v = av.SS) !== undefined) return new Set(v);
  throw new Error();
}
function measure(pool: any[], fn: (x: any) => unknown) {
  let ops = 0; const start = performance.now(); let now = start;
  while (now - start < 300) { for (const x of pool) fn(x); ops += pool.length; now = performance.now(); }
  return Math.round(ops / (now - start) * 1000);
}
for (const make of [nested, numberList]) {
  const wire = Array.from({ length: 256 }, (_, i) => JSON.parse(JSON.stringify(officialMarshall(make(i)))));
  for (let r = 0; r < 3; r++)
  console.log(make.name, { ours: measure(wire, (x) => unmarshall(x)), off: measure(wire, (x) => officialUnmarshall(x)), a: measure(wire, (x) => a({ M: x })), b: measure(wire, (x) => b({ M: x })), c: measure(wire, (x) => c({ M: x })) });
}
