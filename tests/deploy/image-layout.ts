// Where the Dockerfile puts the standalone server and the files it does not copy itself
// (.next/static, public), read from its COPY --from=build instructions, so the standalone check
// lays out the build output exactly as the image does.
import path from "node:path";
import { DockerfileParser } from "dockerfile-ast";

export type TImageLayout = { workdir: string; standalone: string; static: string; public: string };

export function imageLayout(dockerfile: string): TImageLayout {
  const parsed = DockerfileParser.parse(dockerfile);
  const workdir = parsed.getInstructions().filter((i) => i.getKeyword() === "WORKDIR").at(-1)?.getArgumentsContent()?.trim() ?? "/";
  const copied = new Map<string, string>();
  for (const copy of parsed.getCOPYs()) {
    if (copy.getFromFlag()?.getValue() !== "build") continue;
    const values = copy.getArguments().map((a) => a.getValue());
    const destination = values.at(-1)!;
    for (const source of values.slice(0, -1)) copied.set(source.replace(/^\/app\//, ""), path.posix.resolve(workdir, destination));
  }
  const find = (source: string) => {
    const destination = copied.get(source);
    if (!destination) throw new Error(`The Dockerfile copies no ${source} from the build stage.`);
    return destination;
  };
  return { workdir, standalone: find(".next/standalone"), static: find(".next/static"), public: find("public") };
}
