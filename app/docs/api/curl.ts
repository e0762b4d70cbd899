import type { OperationObject } from "@/lib/api/openapi/document";


const PATH_VARIABLES: Record<string, string> = { slug: "WORKSPACE", widgetId: "WIDGET_ID" };

/** `{id}` after /dashboards reads $DASHBOARD_ID, after /connections $CONNECTION_ID. */
function idVariable(path: string): string {
  const collection = /\/(\w+)\/\{id\}/.exec(path)?.[1];
  return collection ? `${collection.replace(/s$/, "").toUpperCase()}_ID` : "ID";
}

/** A runnable example: the operation's path, parameters with example values, and a body file. */
export function exampleCurl(method: string, path: string, op: OperationObject): string {
  const query = op.parameters
    .filter((p) => p.in === "query" && "example" in p && p.example)
    .map((p) => `${p.name}=${(p as { example: string }).example}`)
    .join("&");
  const url = `$SIGNALBOARD_URL${path.replace(/\{(\w+)\}/g, (_, name: string) => `$${name === "id" ? idVariable(path) : (PATH_VARIABLES[name] ?? name.toUpperCase())}`)}${query ? `?${query}` : ""}`;
  const lines = [`curl${method === "get" ? "" : ` -X ${method.toUpperCase()}`} "${url}"`];
  if (op.security.length > 0) lines.push(`-H "Authorization: Bearer $SIGNALBOARD_API_KEY"`);
  const content = op.requestBody?.content ?? {};
  if ("text/csv" in content) lines.push(`-H "Content-Type: text/csv"`, `--data-binary @${path.split("/").at(-1)}.csv`);
  else if ("application/json" in content) lines.push(`-H "Content-Type: application/json"`, `-d @body.json`);
  return lines.join(" \\\n  ");
}
