// The Dockerfile rules checked in the test suite, after hadolint's (no hadolint package is in
// the registries this project installs from, so its main rules are implemented here on
// dockerfile-ast's parse). Each finding names hadolint's rule code where there is one.
import { DockerfileParser, type Instruction } from "dockerfile-ast";

export type TFinding = { rule: string; line: number; message: string };

const APT_INSTALL = /\bapt(-get)?\s+(-\S+\s+)*install\b/;

function line(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}

export function lintDockerfile(content: string): TFinding[] {
  const dockerfile = DockerfileParser.parse(content);
  const instructions = dockerfile.getInstructions();
  const froms = dockerfile.getFROMs();
  const findings: TFinding[] = [];
  const stages = new Set<string>();

  for (const from of froms) {
    const image = from.getImageName();
    const named = from.getBuildStage();
    const fromStage = image !== null && stages.has(image);
    if (named) stages.add(named);
    if (!image || fromStage || image === "scratch" || from.getImageDigest()) continue;
    const tag = from.getImageTag();
    if (!tag) findings.push({ rule: "DL3006", line: line(from), message: `Pin the tag of ${image} (no tag means latest).` });
    else if (tag === "latest") findings.push({ rule: "DL3007", line: line(from), message: `${image}:latest moves; pin a version.` });
  }

  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    const args = instruction.getArgumentsContent() ?? "";
    if (keyword === "ADD" && !/https?:\/\//.test(args)) {
      findings.push({ rule: "DL3020", line: line(instruction), message: "Use COPY for files and folders; ADD also unpacks and fetches." });
    }
    if (keyword === "RUN" && APT_INSTALL.test(args)) {
      if (!args.includes("--no-install-recommends")) {
        findings.push({ rule: "DL3015", line: line(instruction), message: "apt-get install without --no-install-recommends." });
      }
      if (!/rm\s+-r?f?r?\s+\/var\/lib\/apt\/lists/.test(args)) {
        findings.push({ rule: "DL3009", line: line(instruction), message: "Delete /var/lib/apt/lists in the RUN that installs." });
      }
    }
    if ((keyword === "CMD" || keyword === "ENTRYPOINT") && !args.trimStart().startsWith("[")) {
      findings.push({ rule: "DL3025", line: line(instruction), message: `${keyword} in shell form: use the exec (JSON) form so signals reach the process.` });
    }
  }

  // The image that ships is the last stage: its user and health check are what run.
  const lastFrom = froms.at(-1);
  const finalStage = lastFrom ? instructions.filter((i) => line(i) > line(lastFrom)) : instructions;
  const users = finalStage.filter((i) => i.getKeyword() === "USER");
  const lastUser = users.at(-1)?.getArgumentsContent()?.split(":")[0]?.trim();
  if (!lastUser) findings.push({ rule: "DL3002", line: lastFrom ? line(lastFrom) : 1, message: "The final stage sets no USER: it runs as root." });
  else if (lastUser === "root" || lastUser === "0") findings.push({ rule: "DL3002", line: line(users.at(-1)!), message: "The last USER is root." });

  const healthchecks = finalStage.filter((i) => i.getKeyword() === "HEALTHCHECK");
  const lastHealthcheck = healthchecks.at(-1)?.getArgumentsContent() ?? "";
  if (!healthchecks.length || /^NONE\b/i.test(lastHealthcheck.trim())) {
    findings.push({ rule: "healthcheck", line: lastFrom ? line(lastFrom) : 1, message: "The final stage has no HEALTHCHECK." });
  }
  return findings;
}
