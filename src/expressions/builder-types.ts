/**
 * Type-level attribute paths for the expression builder: given an item type,
 * which paths exist (`"status"`, `"address.city"`, `"tags[0]"`, or the array
 * form `["address", "city"]`) and what type of value each one holds. Nothing
 * here exists at run time.
 *
 * Without an item type (`any`), every string or array is a path and every
 * value is `unknown`, so untyped use compiles as it would without the builder.
 */

/** True when `T` is `any`. */
export type IsAny<T> = 0 extends 1 & T ? true : false;

/** How many steps (map members and list indexes) typed paths follow; deeper paths need the untyped builder. */
type Depth = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
/** `Down[D]` is `D - 1`. */
type Down = [never, 0, 1, 2, 3, 4, 5, 6, 7];

/**
 * Values whose inside is not a path: scalars, binaries, sets. A `Set` or a
 * `Uint8Array` is one attribute value; only maps and lists have members.
 */
type Leaf = string | number | bigint | boolean | null | undefined | Uint8Array | ArrayBuffer | ReadonlySet<unknown> | { readonly value: string; toBigInt(): bigint };

/** Attribute names that the dotted string form cannot spell; the array form takes them. */
type Spellable<K extends string> = K extends `${string}.${string}` | `${string}[${string}` | `${string}]${string}` | "" ? never : K;

/** The string keys of an object type. */
type Keys<T> = Extract<keyof T, string>;

/** What a path step reaches: the member's type without `undefined` (an absent attribute is not a value). */
type Member<T, K> = T extends unknown ? (K extends keyof T ? Exclude<T[K], undefined> : never) : never;
/** The element type of a list. */
type Element<T> = T extends readonly (infer E)[] ? E : never;

/** The dotted string paths below a value (`.city`, `[0]`, `[0].name`), depth-limited. */
type SubPaths<V, D extends Depth> = [D] extends [never]
  ? never
  : V extends Leaf
    ? never
    : V extends readonly unknown[]
      ? `[${number}]` | `[${number}]${SubPaths<Element<V>, Down[D]>}`
      : V extends object
        ? `.${ObjectPaths<V, Down[D]>}`
        : never;

/** The dotted string paths of an object type. */
type ObjectPaths<T, D extends Depth> = [D] extends [never]
  ? never
  : { [K in Keys<T>]-?: Spellable<K> extends never ? never : K | `${K}${SubPaths<Member<T, K>, D>}` }[Keys<T>];

/**
 * The string paths of an item type: `"status"`, `"address.city"`,
 * `"tags[0]"`, `"orders[1].total"`. Names holding `.`, `[` or `]` have no
 * string form; use the array form for them.
 */
export type StringPath<T> = IsAny<T> extends true ? string : ObjectPaths<T, 8>;

/** The array paths below a value: `[0]`, `["city"]`, `[0, "name"]`. */
type TupleSubPaths<V, D extends Depth> = [D] extends [never]
  ? never
  : V extends Leaf
    ? never
    : V extends readonly unknown[]
      ? readonly [number] | readonly [number, ...TupleSubPaths<Element<V>, Down[D]>]
      : V extends object
        ? TupleObjectPaths<V, Down[D]>
        : never;

type TupleObjectPaths<T, D extends Depth> = [D] extends [never]
  ? never
  : { [K in Keys<T>]-?: readonly [K] | readonly [K, ...TupleSubPaths<Member<T, K>, D>] }[Keys<T>];

/**
 * The array paths of an item type: each attribute or map key a string taken
 * as written (dots and brackets included), each list index a number:
 * `["address", "city"]`, `["first.name"]`, `["tags", 0]`.
 */
export type TuplePath<T> = IsAny<T> extends true ? readonly (string | number)[] : TupleObjectPaths<T, 8>;

/** Every path of an item type, in either form. */
export type Path<T> = StringPath<T> | TuplePath<T>;

/** Applies the `[n]` steps at the start of a string path segment's tail. */
type Indexes<V, S extends string> = S extends `[${string}]${infer More}` ? Indexes<Element<V>, More> : V;

/** The value one segment (`name` or `name[0][1]`) reaches. */
type SegmentValue<T, S extends string> = S extends `${infer Name}[${infer After}` ? Indexes<Member<T, Name>, `[${After}`> : Member<T, S>;

/** The value a string path reaches. */
type StringPathValue<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? StringPathValue<SegmentValue<T, Head>, Rest>
  : SegmentValue<T, P>;

/** The value an array path reaches. */
type TuplePathValue<T, P extends readonly unknown[]> = P extends readonly [infer Head, ...infer Rest]
  ? TuplePathValue<Head extends number ? Element<T> : Member<T, Head>, Rest>
  : T;

/** The type of the value at path `P` of item type `T`; `unknown` without an item type. */
export type ValueAt<T, P> = IsAny<T> extends true
  ? unknown
  : P extends string
    ? StringPathValue<T, P>
    : P extends readonly unknown[]
      ? TuplePathValue<T, P>
      : unknown;
