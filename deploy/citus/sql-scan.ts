// Finds the SQL the app sends by hand (pg queries, $queryRaw / $executeRaw) in lib/: every string
// and template literal of the TypeScript sources that reads like SQL, with the tables it names.
// A template keeps its ${...} parts as written, so the text stays one statement.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export type TSqlLiteral = { file: string; line: number; text: string; tables: string[] };

const SQL_START = /\b(SELECT|INSERT\s+INTO|UPDATE|DELETE\s+FROM|WITH|MERGE\s+INTO|TRUNCATE|COPY)\b/i;
const TABLE_AFTER = /\b(?:FROM|JOIN|UPDATE|INTO|TRUNCATE|COPY|USING)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)"?/gi;

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => `\${${span.expression.getText()}}${span.literal.text}`).join("");
  return null;
}

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

export function sqlLiterals(folder: string, knownTables: Set<string>): TSqlLiteral[] {
  const found: TSqlLiteral[] = [];
  for (const file of sourceFiles(folder)) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      const text = literalText(node);
      if (text !== null && SQL_START.test(text)) {
        const tables = [...new Set([...text.matchAll(TABLE_AFTER)].map((m) => m[1]!.toLowerCase()).filter((t) => knownTables.has(t)))];
        if (tables.length) found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text, tables });
      }
      // A template's parts are read as one text above; its pieces are not SQL of their own.
      if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
      else node.templateSpans.forEach((span) => ts.forEachChild(span.expression, visit) ?? visit(span.expression));
    };
    visit(source);
  }
  return found;
}
