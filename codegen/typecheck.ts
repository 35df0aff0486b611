/**
 * The compiler settings generated code is held to, wherever it is checked
 * (`make codegen-all`, the generator's tests): strict, ES modules as Node
 * resolves them, and `dynaport/runtime` mapped to this repository's runtime
 * source, as a project that installed the package would see it.
 */
import { join } from "node:path";

/** A `tsconfig.json` object that type-checks the folders or files in `include` (relative to the config) without emitting. */
export function generatedCodeTsconfig(repo: string, include: readonly string[]): object {
  return {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2023"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      noImplicitOverride: true,
      types: ["node"],
      typeRoots: [join(repo, "node_modules/@types")],
      paths: { "dynaport/runtime": [join(repo, "src/runtime/index.ts")] },
    },
    // The runtime's ambient declarations (types for dependency internals it
    // imports) travel with its source, as they do with the built package.
    include: [...include, join(repo, "src/runtime/**/*.d.ts")],
  };
}
